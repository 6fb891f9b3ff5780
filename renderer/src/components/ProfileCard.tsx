import type { UserProfile } from '@kakao-desktop/contract/http';
import { useRef } from 'react';
import { formatDateTime } from '../i18n/format';
import { useI18n } from '../i18n/I18nProvider';
import { avatarSource, displayName } from '../lib/profile-display';
import type { SessionAction } from '../state/useSession';
import { Avatar } from './Avatar';
import { Spinner } from './Spinner';
import { useFocusOnMount } from './useFocusOnMount';
import './ProfileCard.css';

interface Props {
  /** Null only when offline with nothing cached. */
  profile: UserProfile | null;
  refreshing: boolean;
  /** The session call in flight: its button shows progress, the others wait. */
  pending: SessionAction | null;
  /** Asking Kakao for more needs the network: offline, the email stays as it is. */
  online: boolean;
  onSignOut(): void;
  onSwitchAccount(): void;
  onShareEmail(): void;
}

export function ProfileCard({
  profile,
  refreshing,
  pending,
  online,
  onSignOut,
  onSwitchAccount,
  onShareEmail,
}: Props) {
  const { t, language } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  useFocusOnMount(heading);
  const name = profile ? displayName(profile) : null;
  const since = profile ? formatDateTime(profile.created_at, language, false) : null;
  const busy = pending !== null;

  return (
    <section className="card profile" aria-labelledby="profile-name" data-testid="profile-card">
      {refreshing ? (
        <p className="profile__refreshing" data-testid="refreshing">
          <Spinner size="small" />
          {t.refreshing}
        </p>
      ) : null}
      <Avatar src={profile ? avatarSource(profile) : null} name={name} />
      <h1 id="profile-name" className="profile__name" tabIndex={-1} ref={heading}>
        {name ?? t.unknownUser}
      </h1>
      {profile ? (
        <p className={profile.email ? 'profile__email' : 'profile__email profile__email--none'}>
          {profile.email ?? t.noEmail}
        </p>
      ) : (
        <p className="profile__email profile__email--none">{t.offlineNoProfile}</p>
      )}
      {profile && !profile.email && online ? (
        <button type="button" className="text-button" disabled={busy} onClick={onShareEmail}>
          {pending === 'consent' ? t.sharingEmail : t.shareEmail}
        </button>
      ) : null}
      <p className="profile__provider">{t.signedInWithKakao}</p>
      {since ? (
        <p className="profile__since" data-testid="member-since">
          {t.memberSince(since)}
        </p>
      ) : null}
      <div className="profile__actions">
        {online ? (
          <button
            type="button"
            className="button button--secondary"
            disabled={busy}
            onClick={onSwitchAccount}
          >
            {pending === 'switch-account' ? t.switchingAccount : t.switchAccount}
          </button>
        ) : null}
        <button type="button" className="button button--secondary" disabled={busy} onClick={onSignOut}>
          {pending === 'sign-out' ? t.signingOut : t.signOut}
        </button>
      </div>
    </section>
  );
}
