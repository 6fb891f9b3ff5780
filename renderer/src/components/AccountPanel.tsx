import type { DesktopApi } from '@kakao-desktop/contract/ipc';
import { useI18n } from '../i18n/I18nProvider';
import type { Session } from '../state/useSession';
import { DeleteAccountCard } from './DeleteAccountCard';
import { DevicesCard } from './DevicesCard';
import { ProfileCard } from './ProfileCard';
import './AccountPanel.css';

/**
 * The signed-in screen: profile (sign out, switch account, share email), signed-in devices, delete account.
 * Offline, only what works without the network is offered.
 */
export function AccountPanel({ api, session }: { api: DesktopApi; session: Session }) {
  const { t } = useI18n();
  const { state, pending, error } = session;
  if (state.kind !== 'signed-in' && state.kind !== 'refreshing' && state.kind !== 'offline') return null;
  const online = state.kind !== 'offline';
  return (
    <>
      <ProfileCard
        profile={state.profile}
        refreshing={state.kind === 'refreshing'}
        pending={pending}
        online={online}
        onSignOut={session.signOut}
        onSwitchAccount={session.switchAccount}
        onShareEmail={session.shareEmail}
      />
      {online ? (
        <>
          <DevicesCard api={api} />
          <DeleteAccountCard
            deleting={pending === 'delete'}
            disabled={pending !== null}
            problem={error?.action === 'delete' ? error : null}
            onDelete={session.deleteAccount}
          />
        </>
      ) : (
        <p className="account__offline-note" data-testid="account-offline">
          {t.devicesOffline}
        </p>
      )}
    </>
  );
}
