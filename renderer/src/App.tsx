import type { DesktopApi } from '@kakao-desktop/contract/ipc';
import type { SessionState } from '@kakao-desktop/contract/session-state';
import { AccountPanel } from './components/AccountPanel';
import { LanguageSwitch } from './components/LanguageSwitch';
import { LoadingScreen } from './components/LoadingScreen';
import { Notice } from './components/Notice';
import { SignInScreen } from './components/SignInScreen';
import { formatClock, problemText } from './i18n/format';
import { useI18n } from './i18n/I18nProvider';
import type { Messages } from './i18n/messages';
import { displayName } from './lib/profile-display';
import { useLanguageSync } from './state/useLanguageSync';
import { type KakaoSessionPreference, usePreferences } from './state/usePreferences';
import { type ActionError, type Session, useSession } from './state/useSession';

export function App({ api }: { api: DesktopApi }) {
  const { t } = useI18n();
  const session = useSession(api);
  const { kakaoSession, savedLanguage } = usePreferences(api);
  useLanguageSync(api, savedLanguage);
  const { state, error } = session;
  const persistence = state.kind === 'starting' ? null : state.persistence;
  // The same failure often arrives twice (call result + state problem): say it once.
  const stateProblem = state.kind === 'signed-out' || state.kind === 'offline' ? state.problem : undefined;
  const visibleError = error && error.code !== stateProblem?.code && shownAsBanner(error) ? error : null;

  return (
    <div className="app">
      <header className="app-header">
        <span className="app-header__name">Kakao Desktop</span>
        <LanguageSwitch />
      </header>
      <main className="app-main">
        <p className="visually-hidden" role="status" data-testid="live-status">
          {statusText(t, state)}
        </p>
        <div className="stack">
          {persistence === 'memory' ? (
            <Notice tone="warning" testId="memory-persistence" detail={t.memoryPersistenceDetail}>
              {t.memoryPersistence}
            </Notice>
          ) : null}
          {state.kind === 'offline' ? (
            <Notice tone="info" testId="offline" detail={problemText(t, state.problem)}>
              {t.offline(formatClock(state.retryAt))}
            </Notice>
          ) : null}
          {visibleError ? (
            <Notice tone={visibleError.code === 'cancelled' ? 'info' : 'error'} testId="action-error">
              {visibleError.action === 'load' ? t.loadFailed : problemText(t, visibleError)}
            </Notice>
          ) : null}
          {session.deleted && state.kind === 'signed-out' ? (
            <Notice tone="info" testId="account-deleted">
              {t.accountDeleted}
            </Notice>
          ) : null}
          <Screen api={api} session={session} kakaoSession={kakaoSession} />
        </div>
      </main>
    </div>
  );
}

interface ScreenProps {
  api: DesktopApi;
  session: Session;
  kakaoSession: KakaoSessionPreference;
}

function Screen({ api, session, kakaoSession }: ScreenProps) {
  const { state, pending, signIn } = session;
  switch (state.kind) {
    case 'signed-out':
    case 'signing-in':
      return (
        <SignInScreen
          problem={state.kind === 'signed-out' ? state.problem : undefined}
          signingIn={state.kind === 'signing-in'}
          via={state.kind === 'signing-in' ? state.via : undefined}
          busy={pending === 'sign-in'}
          onSignIn={() => signIn()}
          onSignInWithAnotherAccount={() => signIn({ prompt: 'select_account' })}
          kakaoSession={kakaoSession}
        />
      );
    case 'signed-in':
    case 'refreshing':
    case 'offline':
      return <AccountPanel api={api} session={session} />;
    default:
      // 'starting', or a state a newer main process knows and this build does not.
      return <LoadingScreen />;
  }
}

/** One sentence for the polite live region, so screen readers hear every state change. */
function statusText(t: Messages, state: SessionState): string {
  switch (state.kind) {
    case 'signed-out':
      return state.problem ? problemText(t, state.problem) : t.statusSignedOut;
    case 'signing-in':
      return state.via === 'browser' ? t.continueInBrowser : t.continueInKakaoWindow;
    case 'signed-in':
      return t.statusSignedIn(displayName(state.profile) ?? t.unknownUser);
    case 'refreshing':
      return t.refreshing;
    case 'offline':
      return t.offline(formatClock(state.retryAt));
    default:
      return t.starting;
  }
}

/**
 * A failed delete is told inside its dialog; a declined or closed consent window is the user's answer, not a
 * failure to report.
 */
function shownAsBanner(error: ActionError): boolean {
  if (error.action === 'delete') return false;
  return !(error.action === 'consent' && error.code === 'cancelled');
}
