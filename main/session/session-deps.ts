/** What the SessionManager is built from: every side effect is a port, so it runs without Electron. */
import type { IpcResult, SessionState, SignInSurface } from '@kakao-desktop/contract';
import type { AuthConfig } from '../auth/auth-config';
import type { AuthWindowOpener } from '../auth/auth-window-port';
import type { AuthRequestSecrets } from '../auth/secrets';
import type { BackendClient } from '../backend/backend-client';
import type { Clock } from '../clock';
import type { PreferencesStore } from '../preferences/preferences';
import type { SecretVault } from '../vault/vault';
import type { BackoffOptions } from './backoff';
import type { SessionLog } from './session-log';

export interface SessionManagerDeps {
  /** The companion backend (exchange, refresh, logout are used). */
  backend: Pick<BackendClient, 'exchange' | 'refresh' | 'logout'>;
  /** Where the refresh token (and owed revokes) live: the OS keychain in the app. */
  vault: SecretVault;
  /** Non-secret: the cached profile shown while offline. */
  preferences: PreferencesStore;
  /**
   * Shows Kakao's sign-in page and reports the outcome. The app passes it through
   * `KeptKakaoSession.keepingOpener` (preferences/kept-kakao-session.ts), which decides `keepKakaoSession`.
   */
  openAuthWindow: AuthWindowOpener;
  /** Forgets the Kakao web session the sign-in window kept, on sign-out: `KeptKakaoSession.forget`. */
  clearKakaoSession?: () => Promise<void>;
  /** Where `openAuthWindow` shows Kakao: our window (default) or the user's browser; the state's `via`. */
  signInSurface?: SignInSurface;
  auth: AuthConfig;
  /** Shown in the user's session list. */
  deviceName?: string;
  clock?: Clock;
  /** [0, 1), for backoff jitter. */
  random?: () => number;
  /** Test seam: fixed state/PKCE/nonce. */
  createSecrets?: () => AuthRequestSecrets;
  backoff?: BackoffOptions;
  /** getAccessToken() refreshes when the access token expires within this. Default 60 s. */
  refreshSkewMs?: number;
  log?: SessionLog;
}

export type SessionListener = (state: SessionState) => void;
export type SignInResult = IpcResult<SessionState>;
