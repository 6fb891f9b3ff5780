import type { BackendErrorCode, RefreshRefusalReason } from '@kakao-desktop/contract';

/**
 * How a failed backend call should be treated:
 * - `transient`: unreachable, timeout, 5xx, 429, 503 kakao_unavailable — keep the session, retry later;
 * - `session-invalid`: 401 invalid_grant (or a DPoP key_mismatch) — the refresh token was refused, sign in again;
 * - `rejected`: any other 4xx (also invalid_dpop_proof) — the request itself was refused; retrying it will not help.
 */
export type BackendFailureKind = 'transient' | 'session-invalid' | 'rejected';

/** Codes for failures that never reached a problem body (`proof_unavailable`: no DPoP key to sign with). */
export type TransportErrorCode = 'network' | 'timeout' | 'bad_response' | 'proof_unavailable';

export class BackendError extends Error {
  override readonly name = 'BackendError';
  readonly kind: BackendFailureKind;
  readonly code: BackendErrorCode | TransportErrorCode;
  /** HTTP status, when a response arrived. */
  readonly status: number | undefined;
  /** Why a refresh was refused (401 invalid_grant; `key_mismatch`: presented with another install's key). */
  readonly reason: RefreshRefusalReason | undefined;
  /** Server's Retry-After, in milliseconds. */
  readonly retryAfterMs: number | undefined;

  constructor(
    kind: BackendFailureKind,
    code: BackendErrorCode | TransportErrorCode,
    message: string,
    details: { status?: number; reason?: RefreshRefusalReason; retryAfterMs?: number; cause?: unknown } = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.kind = kind;
    this.code = code;
    this.status = details.status;
    this.reason = details.reason;
    this.retryAfterMs = details.retryAfterMs;
  }
}
