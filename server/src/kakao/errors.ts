/**
 * Pure mapping from "what went wrong talking to Kakao" to our problem codes. Branches on Kakao's codes
 * (kapi `code`, kauth `error_code`/`error`), never on message text.
 * @see https://developers.kakao.com/docs/latest/ko/rest-api/error-code (KOE and kapi error codes)
 */
import { ApiError } from '../problem';

export type KakaoFailure =
  | { kind: 'network'; message: string }
  | { kind: 'timeout' }
  /** kapi `{msg, code}` */
  | { kind: 'kapi'; status: number; code: number }
  /** kauth `{error, error_description, error_code}` */
  | { kind: 'kauth'; status: number; error: string; errorCode: string | undefined }
  /** Any other non-2xx or an unparseable body. */
  | { kind: 'http'; status: number };

/** Thrown by the Kakao client; `failure` says what happened. */
export class KakaoError extends Error {
  override name = 'KakaoError';
  constructor(
    readonly failure: KakaoFailure,
    readonly endpoint: string,
  ) {
    super(`Kakao ${endpoint}: ${describeFailure(failure)}`);
  }
}

export function describeFailure(f: KakaoFailure): string {
  switch (f.kind) {
    case 'network':
      return `network error (${f.message})`;
    case 'timeout':
      return 'timed out';
    case 'kapi':
      return `HTTP ${f.status} code ${f.code}`;
    case 'kauth':
      return `HTTP ${f.status} ${f.error}${f.errorCode ? ` ${f.errorCode}` : ''}`;
    case 'http':
      return `HTTP ${f.status}`;
  }
}

/** Seconds we ask clients to wait after Kakao was unavailable. */
export const KAKAO_RETRY_AFTER_SECONDS = 5;

/** Transient: worth one retry for idempotent calls, and never a reason to end anyone's session. */
export function isTransient(f: KakaoFailure): boolean {
  switch (f.kind) {
    case 'network':
    case 'timeout':
      return true;
    case 'kapi':
      // -1 internal/transient, -7 maintenance, -10 quota, -9798 service maintenance.
      return f.code === -1 || f.code === -7 || f.code === -10 || f.code === -9798 || f.status >= 500;
    case 'kauth':
      return f.status >= 500 || f.errorCode === 'KOE237' || f.error === 'server_error';
    case 'http':
      return f.status >= 500 || f.status === 429;
  }
}

/** True when Kakao rejected OUR credentials (client id/secret/admin key): an operator problem, not the user's. */
export function isOurMisconfiguration(f: KakaoFailure): boolean {
  return (
    (f.kind === 'kauth' &&
      (f.error === 'invalid_client' || f.errorCode === 'KOE010' || f.errorCode === 'KOE101')) ||
    (f.kind === 'kauth' && f.error === 'misconfigured')
  );
}

export function mapKakaoFailure(f: KakaoFailure): ApiError {
  if (isTransient(f)) {
    return new ApiError(503, 'kakao_unavailable', {
      detail: 'Kakao is not answering right now. Try again shortly.',
      retryAfter: KAKAO_RETRY_AFTER_SECONDS,
    });
  }
  if (isOurMisconfiguration(f)) {
    return new ApiError(502, 'internal_error', {
      detail: 'The server could not authenticate to Kakao. This is a server configuration problem.',
    });
  }
  if (f.kind === 'kauth') {
    if (f.error === 'invalid_grant' || (f.errorCode !== undefined && /^KOE3\d\d$/.test(f.errorCode))) {
      return new ApiError(400, 'invalid_grant', {
        detail:
          'Kakao refused the authorization code (expired, already used, or redirect_uri/PKCE mismatch).',
      });
    }
    return new ApiError(400, 'kakao_bad_request', { detail: 'Kakao rejected the request.' });
  }
  if (f.kind === 'kapi') {
    if (f.code === -401)
      return new ApiError(401, 'kakao_token_invalid', { detail: 'The Kakao token is invalid or expired.' });
    if (f.code === -2)
      return new ApiError(400, 'kakao_bad_request', { detail: 'Kakao rejected a parameter.' });
    if (f.code === -101)
      return new ApiError(401, 'kakao_token_invalid', {
        detail: 'The Kakao user is not linked to this app.',
      });
  }
  return new ApiError(502, 'internal_error', { detail: 'Kakao answered unexpectedly.' });
}
