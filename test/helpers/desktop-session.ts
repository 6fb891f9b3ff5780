/**
 * The desktop's SessionManager as the cross-program tests wire it: signing in at a running test system's Kakao
 * emulator (test/helpers/system.ts) with the emulator's default app.
 */

import type { AuthConfig } from '../../main/auth/auth-config';
import { DEFAULT_SCOPES } from '../../main/config';
import { SessionManager, type SessionManagerDeps } from '../../main/session/session-manager';
import type { Person } from './kakao-person';
import { keptKakao } from './kept-kakao';
import { DEFAULT_KAKAO_APP, REDIRECT_URI, type RunningSystem } from './system';

/** The e2e suites' usual scopes: the app's defaults plus the e-mail, so the consent page has an optional item. */
export const E2E_SCOPES: readonly string[] = [...DEFAULT_SCOPES, 'account_email'];

/** The app's sign-in settings pointed at the system's emulator: its default app and the desktop's redirect URI. */
export function emulatorAuth(
  system: Pick<RunningSystem, 'emulatorUrl'>,
  {
    scopes = E2E_SCOPES,
    redirectUri = REDIRECT_URI,
  }: { scopes?: readonly string[]; redirectUri?: string } = {},
): AuthConfig {
  return {
    clientId: DEFAULT_KAKAO_APP.clientId,
    authBaseUrl: system.emulatorUrl,
    redirectUri,
    scopes: [...scopes],
  };
}

/**
 * A session that shows Kakao in `who`'s sign-in window, with "stay signed in to Kakao" wired as main/index.ts
 * wires it (the window keeps Kakao's session while the preference is on; sign-out forgets it). `kakao` is for
 * the account features and the IPC handlers, which take the same opener and choice.
 */
export function desktopSigningInAs(
  who: Person,
  deps: Omit<SessionManagerDeps, 'openAuthWindow' | 'clearKakaoSession'>,
): { session: SessionManager; kakao: ReturnType<typeof keptKakao> } {
  const kakao = keptKakao(deps.preferences, who.authWindow);
  const session = new SessionManager({
    ...deps,
    openAuthWindow: kakao.openAuthWindow,
    clearKakaoSession: kakao.clearKakaoSession,
  });
  return { session, kakao };
}

/** `desktopSigningInAs` when only the session is needed. */
export function sessionSigningInAs(
  who: Person,
  deps: Omit<SessionManagerDeps, 'openAuthWindow' | 'clearKakaoSession'>,
): SessionManager {
  return desktopSigningInAs(who, deps).session;
}
