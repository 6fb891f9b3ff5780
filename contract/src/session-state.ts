/**
 * The desktop session's states, as the main process's state machine holds them and the renderer mirrors them.
 * Nothing here is secret: no token ever appears in a state.
 */
import type { DesktopErrorCode, RefreshRefusalReason } from './errors';
import type { UserProfile } from './http';

/** Where the refresh token lives: the OS keychain, or this run's memory only (no keychain available). */
export type TokenPersistence = 'keychain' | 'memory';

/** Kakao's authorize-time errors (the redirect's `error`) the UI explains specifically; others carry no detail. */
export const KAKAO_AUTHORIZE_ERRORS = ['consent_required', 'login_required', 'server_error'] as const;
export type KakaoAuthorizeError = (typeof KAKAO_AUTHORIZE_ERRORS)[number];

/** Why the system-browser sign-in could not start (RFC 8252 loopback listener, or opening the browser). */
export const SYSTEM_BROWSER_FAILURES = ['port-in-use', 'listen-failed', 'open-failed'] as const;
export type SystemBrowserFailure = (typeof SYSTEM_BROWSER_FAILURES)[number];

/** Kakao's sign-in page did not load (`kakao-unreachable`), or Kakao said "try later" (`kakao-unavailable`). */
export const KAKAO_AVAILABILITY_FAILURES = ['kakao-unreachable', 'kakao-unavailable'] as const;
export type KakaoAvailabilityFailure = (typeof KAKAO_AVAILABILITY_FAILURES)[number];

/** Account-panel refusals: this device is signed out with "Sign out"; consent came from another Kakao account. */
export const ACCOUNT_REFUSALS = ['current-device', 'other-kakao-account'] as const;
export type AccountRefusal = (typeof ACCOUNT_REFUSALS)[number];

/** A stable machine token that narrows a problem's code. Never prose: the renderer owns every text. */
export type ProblemDetail =
  | KakaoAuthorizeError
  | SystemBrowserFailure
  | KakaoAvailabilityFailure
  | RefreshRefusalReason
  | AccountRefusal;

/** A problem to tell the user: a stable code and, when main knows more, a detail. The renderer words it. */
export interface SessionProblem {
  code: DesktopErrorCode;
  detail?: ProblemDetail;
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
