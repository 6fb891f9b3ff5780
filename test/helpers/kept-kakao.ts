/** "Stay signed in to Kakao" wired as main/index.ts wires it, over a test sign-in window. */
import type { AuthWindowOpener } from '../../main/auth/auth-window-port';
import { createKeptKakaoSession } from '../../main/preferences/kept-kakao-session';
import type { PreferencesStore } from '../../main/preferences/preferences';

export function keptKakao(
  preferences: Pick<PreferencesStore, 'get' | 'update'>,
  authWindow: { open: AuthWindowOpener; clearKakaoSession(): Promise<void> },
) {
  const kakaoSession = createKeptKakaoSession({
    preferences,
    clearKakaoSession: () => authWindow.clearKakaoSession(),
  });
  return {
    kakaoSession,
    /** For SessionManager and createAccount: the window keeps Kakao's session when the choice is on. */
    openAuthWindow: kakaoSession.keepingOpener(authWindow.open),
    /** For SessionManager: sign-out forgets the kept session. */
    clearKakaoSession: kakaoSession.forget,
  };
}
