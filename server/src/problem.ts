/** Expected failures as typed values with stable codes, rendered as RFC 9457 problem details. */
import {
  type BackendErrorCode,
  DPOP_AUTH_SCHEME,
  type Problem,
  type RefreshRefusalReason,
} from '@kakao-desktop/contract';

const TITLES: Record<BackendErrorCode, string> = {
  invalid_request: 'Invalid request',
  unsupported_media_type: 'Unsupported media type',
  payload_too_large: 'Payload too large',
  request_timeout: 'Request timeout',
  headers_too_large: 'Request headers too large',
  redirect_uri_not_allowed: 'Redirect URI not allowed',
  invalid_grant: 'Invalid grant',
  id_token_invalid: 'Invalid ID token',
  kakao_token_invalid: 'Kakao token invalid',
  kakao_bad_request: 'Kakao rejected the request',
  wrong_app: 'Token issued to another app',
  kakao_unavailable: 'Kakao unavailable',
  email_conflict: 'Email already in use',
  kakao_account_conflict: 'Email already used with another Kakao account',
  unauthorized: 'Unauthorized',
  invalid_dpop_proof: 'Invalid DPoP proof',
  use_dpop_nonce: 'DPoP nonce required',
  not_found: 'Not found',
  rate_limited: 'Too many requests',
  not_ready: 'Not ready',
  internal_error: 'Internal error',
};

export interface ApiErrorOptions {
  detail?: string;
  reason?: RefreshRefusalReason;
  retryAfter?: number;
  errors?: { path: string; message: string }[];
  /** Response headers that go with the problem (WWW-Authenticate, DPoP-Nonce). */
  headers?: Record<string, string>;
  cause?: unknown;
}

export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: BackendErrorCode,
    readonly options: ApiErrorOptions = {},
  ) {
    super(options.detail ?? TITLES[code], { cause: options.cause });
  }

  toProblem(): Problem {
    const { detail, reason, retryAfter, errors } = this.options;
    return {
      type: `https://kakao-desktop.invalid/problems/${this.code}`,
      title: TITLES[this.code],
      status: this.status,
      code: this.code,
      ...(detail !== undefined && { detail }),
      ...(reason !== undefined && { reason }),
      ...(retryAfter !== undefined && { retry_after: retryAfter }),
      ...(errors !== undefined && { errors }),
    };
  }
}

/**
 * A missing or bad DPoP proof (RFC 9449 §7.1): 401 with the challenge the client reads. `headers` may add a fresh
 * DPoP-Nonce.
 */
export function dpopProofRefused(detail: string, headers: Record<string, string> = {}): ApiError {
  return new ApiError(401, 'invalid_dpop_proof', {
    detail,
    headers: { 'www-authenticate': `${DPOP_AUTH_SCHEME} error="invalid_dpop_proof"`, ...headers },
  });
}

/** A refused refresh: always 401 invalid_grant with a machine-readable reason. */
export function refreshRefused(reason: RefreshRefusalReason): ApiError {
  const details: Record<RefreshRefusalReason, string> = {
    unknown: 'This refresh token is not known. Sign in again.',
    reused: 'This refresh token was already used; the session has been ended for safety. Sign in again.',
    revoked: 'This session has ended. Sign in again.',
    expired: 'This session has expired. Sign in again.',
    user_deleted: 'This account has been deleted.',
    kakao_unlinked: 'This Kakao account was disconnected from the app. Sign in again.',
    key_mismatch:
      'This session was presented from another device, so it has been ended for safety. Sign in again.',
  };
  return new ApiError(401, 'invalid_grant', { reason, detail: details[reason] });
}
