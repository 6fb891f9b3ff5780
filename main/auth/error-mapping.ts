/**
 * Every failure the user can meet, as a stable `DesktopErrorCode` plus a short message with no internals.
 * The renderer localizes by code and falls back to the message.
 */
import type { DesktopErrorCode, SessionProblem } from '@kakao-desktop/contract';
import { BackendError } from '../backend/backend-error';
import type { SignInOutcome } from './sign-in-attempt';

export const USER_MESSAGES: Record<DesktopErrorCode, string> = {
  cancelled: 'Sign-in was cancelled.',
  timeout: 'The sign-in window was open too long. Please try again.',
  state_mismatch: 'The sign-in response did not match this request. Please try again.',
  kakao_error: 'Kakao could not complete the sign-in. Please try again.',
  network: 'Cannot reach the server. Check your connection and try again.',
  backend_unavailable: 'The service is temporarily unavailable. Please try again shortly.',
  session_invalid: 'Your session has ended. Please sign in again.',
  backend_rejected: 'The server refused the request. Please try signing in again.',
  keychain_unavailable:
    'The system keychain is not available, so you will stay signed in only until you quit the app.',
  invalid_argument: 'The app made a request it should not have. Please try again.',
  system_browser_unavailable:
    'Sign-in in your web browser could not start. Please try again, or switch to the sign-in window.',
  internal: 'Something went wrong. Please try again.',
};

/** Why the system-browser sign-in could not start, as specific as main can tell. */
const SYSTEM_BROWSER_MESSAGES = {
  'port-in-use':
    'Another program is using the port the browser returns to, so sign-in in your web browser cannot finish. Close that program, or switch to the sign-in window, and try again.',
  'listen-failed': USER_MESSAGES.system_browser_unavailable,
  'open-failed': 'Your web browser could not be opened. Please try again, or switch to the sign-in window.',
} as const;

/** Kakao authorize-time errors we can explain better than the generic message. */
const KAKAO_ERROR_MESSAGES = new Map<string, string>([
  ['consent_required', 'Kakao needs your consent before you can sign in. Please try again.'],
  ['login_required', 'Please sign in to Kakao to continue.'],
  ['server_error', 'Kakao had a temporary problem. Please try again.'],
]);

export const KAKAO_UNAVAILABLE_MESSAGE = 'Kakao is temporarily unavailable. Please try again in a moment.';

/** A typed error inside main: a stable code, a user-facing message, and the cause for logs. */
export class DesktopError extends Error {
  override readonly name = 'DesktopError';
  constructor(
    readonly code: DesktopErrorCode,
    message: string = USER_MESSAGES[code],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function problemFor(code: DesktopErrorCode, message: string = USER_MESSAGES[code]): SessionProblem {
  return { code, message };
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

/** Any thrown value → a problem to show. Unknown errors become `internal` (details go to the log, not the user). */
export function problemFromError(error: unknown): SessionProblem {
  if (error instanceof BackendError) return problemFor(desktopCodeForBackendError(error));
  if (error instanceof DesktopError) return problemFor(error.code, error.message);
  return problemFor('internal');
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
      return problemFor('kakao_error', KAKAO_ERROR_MESSAGES.get(outcome.error) ?? USER_MESSAGES.kakao_error);
    case 'load-failed':
      return problemFor('network', 'Cannot reach Kakao. Check your connection and try again.');
    case 'kakao-unavailable':
      // The same code as Kakao failing during the code exchange: a temporary outage, retry later.
      return problemFor('backend_unavailable', KAKAO_UNAVAILABLE_MESSAGE);
    case 'system-browser-unavailable':
      return problemFor('system_browser_unavailable', SYSTEM_BROWSER_MESSAGES[outcome.reason]);
  }
}
