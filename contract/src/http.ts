/**
 * The companion backend's HTTP API: request and response schemas shared by `server/` (validation, OpenAPI)
 * and the desktop's backend client (`main/`). Wire names are snake_case.
 */
import { z } from 'zod';
import { BACKEND_ERROR_CODES, REFRESH_REFUSAL_REASONS } from './errors';

/** RFC 7636 code_verifier: 43–128 unreserved characters. */
export const codeVerifierSchema = z
  .string()
  .regex(/^[A-Za-z0-9\-._~]{43,128}$/, 'must be an RFC 7636 code_verifier');

/**
 * Text a client sends that we store, log or forward to Kakao: no control characters (C0 incl. NUL and CR/LF, DEL,
 * C1) and no lone UTF-16 surrogates. PostgreSQL refuses NUL in text (a 500 after the Kakao code was spent), CR/LF
 * would forge log lines or break the headers we send on, and a lone surrogate is not valid UTF-8.
 */
export const CLIENT_TEXT = /^[^\p{Cc}\p{Cs}]*$/u;
const CLIENT_TEXT_MESSAGE = 'must not contain control characters or invalid Unicode';
const clientText = () => z.string().regex(CLIENT_TEXT, CLIENT_TEXT_MESSAGE);

const deviceName = z.string().trim().min(1).max(100).regex(CLIENT_TEXT, CLIENT_TEXT_MESSAGE);

// --- Requests ---

export const kakaoExchangeRequestSchema = z.strictObject({
  /** Authorization code from Kakao's redirect. */
  code: clientText().min(1).max(2048),
  /** The exact redirect_uri used at authorize (must be in the backend's allow-list). */
  redirect_uri: clientText().url().max(2048),
  code_verifier: codeVerifierSchema,
  /** Sent at authorize; checked against the id_token's nonce when Kakao returns one. */
  nonce: clientText().min(1).max(512).optional(),
  /** Shown in the user's session list, e.g. "MacBook Pro (macOS)". */
  device_name: deviceName.optional(),
});
export type KakaoExchangeRequest = z.infer<typeof kakaoExchangeRequestSchema>;

export const kakaoTokenRequestSchema = z.strictObject({
  /** A Kakao access token the client already holds (mobile SDK style). */
  kakao_access_token: clientText().min(1).max(4096),
  device_name: deviceName.optional(),
});
export type KakaoTokenRequest = z.infer<typeof kakaoTokenRequestSchema>;

export const refreshRequestSchema = z.strictObject({
  refresh_token: clientText().min(1).max(512),
});
export type RefreshRequest = z.infer<typeof refreshRequestSchema>;

export const logoutRequestSchema = z.strictObject({
  refresh_token: clientText().min(1).max(512),
});
export type LogoutRequest = z.infer<typeof logoutRequestSchema>;

// --- Responses ---

/** Our user's profile as the desktop shows it. Non-secret: may be cached on disk for offline display. */
export const userProfileSchema = z.object({
  id: z.string(),
  kakao_id: z.string(),
  nickname: z.string().nullable(),
  email: z.string().nullable(),
  email_verified: z.boolean(),
  profile_image_url: z.string().nullable(),
  thumbnail_image_url: z.string().nullable(),
  name: z.string().nullable(),
  age_range: z.string().nullable(),
  created_at: z.string(),
});
export type UserProfile = z.infer<typeof userProfileSchema>;

/** Returned by exchange, kakao/token and refresh. */
export const tokenResponseSchema = z.object({
  /** Short-lived JWT (ES256), verifiable with /.well-known/jwks.json. */
  access_token: z.string(),
  /** `DPoP` when the session is bound to the client's key (RFC 9449 §5): present it as `Authorization: DPoP`. */
  token_type: z.enum(['Bearer', 'DPoP']),
  /** Seconds until access_token expires. */
  expires_in: z.number().int().positive(),
  /** Opaque, single-use (rotated on every refresh). */
  refresh_token: z.string(),
  refresh_token_expires_in: z.number().int().positive(),
  /** The session (refresh-token family) id, as listed by GET /auth/sessions. */
  session_id: z.string(),
  user: userProfileSchema,
});
export type TokenResponse = z.infer<typeof tokenResponseSchema>;

export const sessionSchema = z.object({
  id: z.string(),
  device_name: z.string().nullable(),
  created_at: z.string(),
  last_used_at: z.string(),
  /** True for the session whose access token made this request. */
  current: z.boolean(),
});
export type Session = z.infer<typeof sessionSchema>;

export const sessionListSchema = z.object({ sessions: z.array(sessionSchema) });
export type SessionList = z.infer<typeof sessionListSchema>;

/** RFC 9457 problem details with our stable `code` (and `reason` for refused refreshes). */
export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string().optional(),
  code: z.enum(BACKEND_ERROR_CODES),
  reason: z.enum(REFRESH_REFUSAL_REASONS).optional(),
  /** Seconds; also sent as the Retry-After header on 503/429. */
  retry_after: z.number().int().nonnegative().optional(),
  /** Per-field validation messages for invalid_request. */
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type Problem = z.infer<typeof problemSchema>;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export const sessionIdParamsSchema = z.strictObject({ id: z.string().uuid() });

/** GET /healthz and /readyz. */
export const healthSchema = z.object({ status: z.literal('ok') });

/** GET /.well-known/jwks.json: public keys that verify our access tokens. */
export const jwksSchema = z.object({
  keys: z.array(
    z.looseObject({
      kty: z.string(),
      kid: z.string(),
      alg: z.string().optional(),
      use: z.string().optional(),
    }),
  ),
});

/**
 * POST /kakao/unlink-callback: Kakao's unlink webhook (form body or query string).
 * @see https://developers.kakao.com/docs/latest/ko/kakaologin/callback
 */
export const kakaoUnlinkCallbackSchema = z.object({
  app_id: z.string().regex(/^\d+$/),
  user_id: z.string().regex(/^\d+$/),
  /** e.g. ACCOUNT_DELETE, FORCED_ACCOUNT_DELETE, UNLINK_FROM_APPS. */
  referrer_type: clientText().max(100).optional(),
  group_user_token: clientText().max(1024).optional(),
});
export type KakaoUnlinkCallback = z.infer<typeof kakaoUnlinkCallbackSchema>;
