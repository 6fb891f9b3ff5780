/**
 * Every failure the user can meet, as a stable `DesktopErrorCode` plus, when main knows more, a `detail` token
 * (contract `ProblemDetail`). No text here: the renderer words every problem, in Korean and English.
 */
import {
  type DesktopErrorCode,
  KAKAO_AUTHORIZE_ERRORS,
  type KakaoAuthorizeError,
  type ProblemDetail,
  type SessionProblem,
} from '@kakao-desktop/contract';
import type { SignInOutcome } from '../auth/sign-in-attempt';
import { BackendError } from '../backend/backend-error';

/** A typed error inside main: a stable code (and detail); its message is the code, for logs only. */
export class DesktopError extends Error {
  override readonly name = 'DesktopError';
  constructor(
    readonly code: DesktopErrorCode,
    readonly detail?: ProblemDetail,
    options?: { cause?: unknown },
  ) {
    super(detail ? `${code} (${detail})` : code, options);
  }
}

export function problemFor(code: DesktopErrorCode, detail?: ProblemDetail): SessionProblem {
  return detail === undefined ? { code } : { code, detail };
}

export function desktopCodeForBackendError(error: BackendError): DesktopErrorCode {
  switch (error.kind) {
    case 'session-invalid':
      return 'session_invalid';
    case 'rejected':
      return 'backend_rejected';
    case 'transient':
      return error.code === 'network' || error.code === 'timeout' ? 'network' : 'backend_unavailable';
  }
}

/** The backend's own reason, when it has one: why the refresh was refused, or that Kakao is down. */
function backendDetail(error: BackendError): ProblemDetail | undefined {
  if (error.kind === 'session-invalid') return error.reason;
  if (error.kind === 'transient' && error.code === 'kakao_unavailable') return 'kakao-unavailable';
  return undefined;
}

/** Any thrown value → a problem to show. Unknown errors become `internal` (details go to the log, not the user). */
export function problemFromError(error: unknown): SessionProblem {
  if (error instanceof BackendError)
    return problemFor(desktopCodeForBackendError(error), backendDetail(error));
  if (error instanceof DesktopError) return problemFor(error.code, error.detail);
  return problemFor('internal');
}

function isKnownKakaoError(error: string): error is KakaoAuthorizeError {
  return (KAKAO_AUTHORIZE_ERRORS as readonly string[]).includes(error);
}

/** A finished sign-in window → the problem to show, or none (success, or the user cancelled: no banner). */
export function problemFromOutcome(outcome: SignInOutcome): SessionProblem | undefined {
  switch (outcome.kind) {
    case 'code':
    case 'cancelled':
      return undefined;
    case 'timeout':
      return problemFor('timeout');
    case 'kakao-error':
      // Kakao's error name is the detail only when the UI explains it; anything else stays generic.
      return problemFor('kakao_error', isKnownKakaoError(outcome.error) ? outcome.error : undefined);
    case 'load-failed':
      return problemFor('network', 'kakao-unreachable');
    case 'kakao-unavailable':
      // The same code as Kakao failing during the code exchange: a temporary outage, retry later.
      return problemFor('backend_unavailable', 'kakao-unavailable');
    case 'system-browser-unavailable':
      return problemFor('system_browser_unavailable', outcome.reason);
  }
}
