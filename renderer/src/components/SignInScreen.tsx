import type { SessionProblem, SignInSurface } from '@kakao-desktop/contract/session-state';
import { useEffect, useRef } from 'react';
import { problemText } from '../i18n/format';
import { useI18n } from '../i18n/I18nProvider';
import type { KakaoSessionPreference } from '../state/usePreferences';
import { KakaoLoginButton } from './KakaoLoginButton';
import { Notice } from './Notice';
import { Spinner } from './Spinner';
import { StaySignedInOption } from './StaySignedInOption';
import { useFocusOnMount } from './useFocusOnMount';
import './SignInScreen.css';

interface Props {
  problem: SessionProblem | undefined;
  /** Main says a sign-in is under way (the Kakao window is open). */
  signingIn: boolean;
  /** Where Kakao's page is open: our sign-in window (default) or the user's default browser. */
  via: SignInSurface | undefined;
  /** Our own signIn call is in flight. */
  busy: boolean;
  onSignIn(): void;
  /** Sign in with Kakao's account chooser (another Kakao account than the one the sign-in window remembers). */
  onSignInWithAnotherAccount(): void;
  kakaoSession: KakaoSessionPreference;
}

export function SignInScreen({
  problem,
  signingIn,
  via,
  busy,
  onSignIn,
  onSignInWithAnotherAccount,
  kakaoSession,
}: Props) {
  const { t } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const disabled = signingIn || busy;
  useFocusOnMount(heading);

  // A disabled button drops focus; give it back when the sign-in ends (e.g. the Kakao window was closed).
  useEffect(() => {
    if (!disabled && document.activeElement === document.body) button.current?.focus();
  }, [disabled]);

  return (
    <section className="card sign-in" aria-labelledby="sign-in-title" data-testid="sign-in-screen">
      <h1 id="sign-in-title" className="card__title" tabIndex={-1} ref={heading}>
        {t.signInTitle}
      </h1>
      <p className="card__subtitle">{t.signInSubtitle}</p>
      {problem ? (
        <Notice tone={problem.code === 'cancelled' ? 'info' : 'error'} testId="problem">
          {problemText(t, problem)}
        </Notice>
      ) : null}
      {signingIn && via === 'browser' ? (
        <div className="sign-in__waiting" data-testid="signing-in">
          <Spinner size="small" />
          <div>
            <p>{t.continueInBrowser}</p>
            <p className="sign-in__waiting-detail">{t.continueInBrowserDetail}</p>
          </div>
        </div>
      ) : signingIn ? (
        <p className="sign-in__waiting" data-testid="signing-in">
          <Spinner size="small" />
          {t.continueInKakaoWindow}
        </p>
      ) : null}
      <KakaoLoginButton ref={button} label={t.kakaoLogin} disabled={disabled} onClick={onSignIn} />
      {/* Secondary on purpose: a plain text button, so the Kakao button stays the one prominent action. */}
      <button
        type="button"
        className="text-button sign-in__another-account"
        disabled={disabled}
        onClick={onSignInWithAnotherAccount}
      >
        {t.useAnotherKakaoAccount}
      </button>
      <StaySignedInOption preference={kakaoSession} disabled={signingIn} />
      <p className="sign-in__note">{t.signInNote}</p>
    </section>
  );
}
