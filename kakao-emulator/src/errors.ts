import type { FastifyReply } from 'fastify';

// --- kauth (KOE) errors: body {error, error_description, error_code} ---

export interface KoeError {
  error: string;
  status: number;
  /** Default description; routes may pass a more specific one. */
  description: string;
}

/** Token-time and page KOE codes (Kakao's error-code reference). Where Kakao gives no HTTP status, ours follows what clients commonly report. */
export const KOE: Record<string, KoeError> = {
  KOE001: { error: 'invalid_request', status: 400, description: 'Bad request' },
  KOE002: { error: 'invalid_request', status: 404, description: 'Wrong URL' },
  KOE003: { error: 'server_error', status: 500, description: 'Temporary server error' },
  KOE004: { error: 'unauthorized', status: 400, description: 'Kakao Login is not enabled for this app' },
  KOE005: { error: 'unauthorized', status: 400, description: 'This test app allows its team members only' },
  KOE006: { error: 'misconfigured', status: 400, description: 'Unregistered redirect_uri' },
  KOE007: { error: 'misconfigured', status: 400, description: 'Unregistered logout_redirect_uri' },
  KOE009: { error: 'misconfigured', status: 400, description: 'Unregistered platform' },
  KOE010: { error: 'invalid_client', status: 401, description: 'Bad client credentials' },
  KOE101: { error: 'invalid_client', status: 400, description: 'Invalid app key' },
  KOE201: { error: 'invalid_request', status: 400, description: 'Unsupported response type' },
  KOE202: {
    error: 'invalid_request',
    status: 400,
    description: 'Implicit grant (response_type=token) is not supported',
  },
  KOE205: { error: 'invalid_scope', status: 400, description: 'Consent item not configured for this app' },
  KOE237: { error: 'invalid_request', status: 400, description: 'Token request rate limit exceeded' },
  KOE303: { error: 'invalid_grant', status: 400, description: 'Redirect URI mismatch' },
  KOE319: { error: 'invalid_grant', status: 400, description: 'refresh_token is required' },
  KOE320: { error: 'invalid_grant', status: 400, description: 'authorization code not found for code=' },
  KOE322: { error: 'invalid_grant', status: 400, description: 'expired_or_invalid_refresh_token' },
  /**
   * Emulator choice, unconfirmed: Kakao's code for a failed PKCE check is not published.
   * Same `error` (invalid_grant) as the RFC 7636 §4.6 answer.
   */
  KOE324: { error: 'invalid_grant', status: 400, description: 'PKCE verification failed (code_verifier)' },
  KOE400: { error: 'invalid_token', status: 400, description: 'Invalid id_token' },
};

export const KAUTH_CONTENT_TYPE = 'application/json;charset=UTF-8';

export function koeBody(code: string, description?: string) {
  const entry = KOE[code] ?? { error: 'invalid_request', status: 400, description: 'Bad request' };
  return { error: entry.error, error_description: description ?? entry.description, error_code: code };
}

export function koeStatus(code: string): number {
  return KOE[code]?.status ?? 400;
}

export function sendKoe(
  reply: FastifyReply,
  code: string,
  description?: string,
  status?: number,
): FastifyReply {
  return reply
    .code(status ?? koeStatus(code))
    .type(KAUTH_CONTENT_TYPE)
    .send(koeBody(code, description));
}

// --- kapi errors: body {msg, code} ---

/** kapi error codes (Kakao's error-code reference), with HTTP statuses. */
export const KAPI: Record<number, { status: number; msg: string }> = {
  [-1]: { status: 400, msg: 'internal error' },
  [-2]: { status: 400, msg: 'invalid parameter' },
  [-3]: { status: 403, msg: 'not configured' },
  [-4]: { status: 403, msg: 'account restricted' },
  [-5]: { status: 403, msg: 'insufficient permission for this app' },
  [-6]: { status: 403, msg: 'not allowed by Kakao service' },
  [-7]: { status: 400, msg: 'service under maintenance or internal problem' },
  [-8]: { status: 400, msg: 'invalid header' },
  [-9]: { status: 400, msg: 'API retired' },
  [-10]: { status: 400, msg: 'API limit has been exceeded.' },
  [-11]: { status: 400, msg: 'spending cap exceeded' },
  [-12]: { status: 403, msg: 'app or developer sanctioned' },
  [-101]: { status: 400, msg: 'not registered user' },
  [-102]: { status: 400, msg: 'already registered user' },
  [-103]: { status: 400, msg: 'not exist kakao account' },
  [-201]: { status: 400, msg: 'invalid property key' },
  [-401]: { status: 401, msg: 'this access token does not exist' },
  [-402]: { status: 403, msg: 'insufficient scopes.' },
  [-406]: { status: 401, msg: 'under age restricted' },
  [-9798]: { status: 503, msg: 'service under maintenance' },
};

export interface KapiErrorExtras {
  required_scopes?: string[];
}

export function kapiStatus(code: number): number {
  return KAPI[code]?.status ?? 400;
}

export function sendKapi(
  reply: FastifyReply,
  code: number,
  msg?: string,
  extras: KapiErrorExtras = {},
  status?: number,
): FastifyReply {
  if (code === -401) reply.header('WWW-Authenticate', 'Bearer error=invalid_token');
  return reply
    .code(status ?? kapiStatus(code))
    .type(KAUTH_CONTENT_TYPE)
    .send({ msg: msg ?? KAPI[code]?.msg ?? 'error', code, ...extras });
}

/** kauth routes answer in KOE form, everything else (kapi) in {msg, code}. */
export function isKauthPath(path: string): boolean {
  return path.startsWith('/oauth/') || path.startsWith('/.well-known/');
}
