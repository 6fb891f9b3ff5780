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
  | { kind: 'signing-in'; persistence: TokenPersistence }
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

export type SessionStateKind = SessionState['kind'];
