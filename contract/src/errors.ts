/**
 * Stable error codes. Code branches on these, never on message text.
 * Backend codes travel in problem-details bodies (`code`); desktop codes in session state and IPC results.
 */

/** `code` of every backend problem-details response (RFC 9457). */
export const BACKEND_ERROR_CODES = [
  'invalid_request', // body/query failed validation, malformed JSON, unknown fields
  'unsupported_media_type',
  'payload_too_large',
  'request_timeout', // the request (headers or body) did not arrive within the server's timeout
  'headers_too_large',
  'redirect_uri_not_allowed', // redirect_uri not in the backend's allow-list
  'invalid_grant', // Kakao refused the code (KOE320/KOE303/PKCE) or our refresh token was refused
  'id_token_invalid', // signature, iss, aud, exp or nonce failed
  'kakao_token_invalid', // Kakao said -401 for a Kakao access token
  'kakao_bad_request', // Kakao said -2 (bad parameter)
  'wrong_app', // a Kakao access token issued to another app id
  'kakao_unavailable', // Kakao -1, 5xx or timeout: retry later, never sign out
  'email_conflict', // no longer sent: an unverified email now never blocks (kept so clients that map it still build)
  'kakao_account_conflict', // the verified email's owner already has a different Kakao account (one per user)
  'unauthorized', // missing/invalid/expired access token on our API
  'invalid_dpop_proof', // DPoP (RFC 9449): the proof is missing, malformed, replayed, stale or for another key
  'use_dpop_nonce', // DPoP (RFC 9449 §8): retry once with the nonce in the DPoP-Nonce response header
  'not_found',
  'rate_limited',
  'not_ready', // database unreachable (readyz)
  'internal_error',
] as const;
export type BackendErrorCode = (typeof BACKEND_ERROR_CODES)[number];

/** Why `/auth/refresh` refused a refresh token (`reason` in the problem body). All mean "sign in again". */
export const REFRESH_REFUSAL_REASONS = [
  'unknown', // never issued by us (or malformed)
  'reused', // a rotated token presented after the grace window: the family is revoked
  'revoked', // family ended by logout, session deletion or reuse detection
  'expired',
  'user_deleted',
  'kakao_unlinked', // the user disconnected our app in Kakao
  'key_mismatch', // a DPoP proof from another key presented this family's token: treated as theft, family revoked
] as const;
export type RefreshRefusalReason = (typeof REFRESH_REFUSAL_REASONS)[number];

/** Desktop-side failure codes, shown to the user through the session state. */
export const DESKTOP_ERROR_CODES = [
  'cancelled', // the user closed the sign-in window or pressed cancel at Kakao
  'timeout', // the sign-in window was left open past the watchdog
  'state_mismatch', // redirect carried a state we did not issue
  'kakao_error', // Kakao redirected with an error other than access_denied
  'network', // backend unreachable
  'backend_unavailable', // backend or Kakao said "retry later" (503)
  'session_invalid', // refresh refused: sign in again
  'backend_rejected', // backend refused the request (4xx other than the above)
  'keychain_unavailable',
  'system_browser_unavailable', // system-browser sign-in: loopback port taken, or no browser could be opened
  'invalid_argument', // an IPC call from our renderer with arguments main does not accept (a bug, not the user)
  'internal',
] as const;
export type DesktopErrorCode = (typeof DESKTOP_ERROR_CODES)[number];
