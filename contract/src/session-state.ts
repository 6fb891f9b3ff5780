/**
 * The desktop session's states, as the main process's state machine holds them and the renderer mirrors them.
 * Nothing here is secret: no token ever appears in a state.
 */
import type { DesktopErrorCode } from './errors';
import type { UserProfile } from './http';

/** Where the refresh token lives: the OS keychain, or this run's memory only (no keychain available). */
export type TokenPersistence = 'keychain' | 'memory';

/** A user-facing problem: a stable code plus what to tell the user. */
export interface SessionProblem {
  code: DesktopErrorCode;
  /** Short, user-facing, no internals. The renderer localizes by `code` and falls back to this. */
  message: string;
}

export type SessionState =
  | { kind: 'starting' }
  | { kind: 'signed-out'; problem?: SessionProblem; persistence: TokenPersistence }
  /** `via`: where Kakao's page is open: our sign-in window, or the user's default browser (system-browser mode). */
  | { kind: 'signing-in'; persistence: TokenPersistence; via?: SignInSurface }
  | { kind: 'signed-in'; profile: UserProfile; persistence: TokenPersistence }
  | { kind: 'refreshing'; profile: UserProfile; persistence: TokenPersistence }
  /** Session kept, backend or Kakao unreachable: showing the cached profile, retrying at `retryAt` (epoch ms). */
  | {
      kind: 'offline';
      profile: UserProfile | null;
      retryAt: number;
      problem: SessionProblem;
      persistence: TokenPersistence;
    };

/** Where sign-in happens: the embedded sign-in window (default) or the system browser (RFC 8252 loopback). */
export type SignInSurface = 'window' | 'browser';

export type SessionStateKind = SessionState['kind'];
