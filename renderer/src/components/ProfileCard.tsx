import type { UserProfile } from '@kakao-desktop/contract/http';
import { useRef } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import { avatarSource, displayName } from '../lib/profile-display';
import { Avatar } from './Avatar';
import { Spinner } from './Spinner';
import { useFocusOnMount } from './useFocusOnMount';

interface Props {
  /** Null only when offline with nothing cached. */
  profile: UserProfile | null;
  refreshing: boolean;
  signingOut: boolean;
  onSignOut(): void;
}

export function ProfileCard({ profile, refreshing, signingOut, onSignOut }: Props) {
  const { t } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  useFocusOnMount(heading);
  const name = profile ? displayName(profile) : null;

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
      <p className="profile__provider">{t.signedInWithKakao}</p>
      <button type="button" className="button button--secondary" disabled={signingOut} onClick={onSignOut}>
        {signingOut ? t.signingOut : t.signOut}
      </button>
    </section>
  );
}
