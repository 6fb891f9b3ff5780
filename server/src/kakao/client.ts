/**
 * Kakao REST client as request/process pairs (oauth4webapi style): `xRequest` builds a Request, `processX` turns a
 * Response into a domain value or a KakaoError. `createKakaoClient` adds the I/O: timeouts on every call, one retry
 * with a short backoff for idempotent reads only (the code exchange is never retried: codes are single-use).
 * @see https://developers.kakao.com/docs/latest/ko/kakaologin/rest-api
 */
import type { z } from 'zod';
import { isTransient, KakaoError, type KakaoFailure } from './errors';
import {
  type KakaoTokenInfo,
  type KakaoTokens,
  type KakaoUser,
  kakaoTokenInfoWireSchema,
  kakaoTokenWireSchema,
  kakaoUserWireSchema,
  toKakaoTokens,
  toKakaoUser,
} from './types';

export interface KakaoEndpoints {
  authBaseUrl: string;
  apiBaseUrl: string;
  clientId: string;
  clientSecret: string;
  adminKey: string;
}

export interface KakaoClientOptions extends KakaoEndpoints {
  timeoutMs: number;
  /** Backoff before the single retry of an idempotent call. */
  retryDelayMs?: number;
  fetch?: typeof fetch;
}

const FORM = 'application/x-www-form-urlencoded;charset=utf-8';

// --- Requests (pure) ---

export function codeExchangeRequest(
  e: KakaoEndpoints,
  p: { code: string; redirectUri: string; codeVerifier: string },
): Request {
  const body = new URLSearchParams({
    grant_type: 'authorization_code',
    client_id: e.clientId,
    redirect_uri: p.redirectUri,
    code: p.code,
    code_verifier: p.codeVerifier,
    client_secret: e.clientSecret,
  });
  return new Request(`${e.authBaseUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': FORM },
    body,
  });
}

export function userMeRequest(e: KakaoEndpoints, accessToken: string): Request {
  return new Request(`${e.apiBaseUrl}/v2/user/me?secure_resource=true`, {
    headers: { authorization: `Bearer ${accessToken}` },
  });
}

export function tokenInfoRequest(e: KakaoEndpoints, accessToken: string): Request {
  return new Request(`${e.apiBaseUrl}/v1/user/access_token_info`, {
    headers: { authorization: `Bearer ${accessToken}` },
  });
}

export function logoutRequest(e: KakaoEndpoints, accessToken: string): Request {
  return new Request(`${e.apiBaseUrl}/v1/user/logout`, {
    method: 'POST',
    headers: { authorization: `Bearer ${accessToken}`, 'content-type': FORM },
  });
}

/** Unlink by the admin key (works without a live user token), as Kakao documents for server-side unlink. */
export function unlinkRequest(e: KakaoEndpoints, kakaoId: string): Request {
  return new Request(`${e.apiBaseUrl}/v1/user/unlink`, {
    method: 'POST',
    headers: { authorization: `KakaoAK ${e.adminKey}`, 'content-type': FORM },
    body: new URLSearchParams({ target_id_type: 'user_id', target_id: kakaoId }),
  });
}

// --- Processing (pure apart from reading the body) ---

function errorFrom(status: number, body: unknown): KakaoFailure {
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    if (typeof b.code === 'number') return { kind: 'kapi', status, code: b.code };
    if (typeof b.error === 'string')
      return {
        kind: 'kauth',
        status,
        error: b.error,
        errorCode: typeof b.error_code === 'string' ? b.error_code : undefined,
      };
  }
  return { kind: 'http', status };
}

async function readJson(res: Response): Promise<unknown> {
  const text = await res.text();
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

async function processJson<S extends z.ZodType>(
  res: Response,
  schema: S,
  endpoint: string,
): Promise<z.infer<S>> {
  const body = await readJson(res);
  if (!res.ok) throw new KakaoError(errorFrom(res.status, body), endpoint);
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new KakaoError({ kind: 'http', status: res.status }, endpoint);
  return parsed.data;
}

export async function processTokenResponse(res: Response, now: Date): Promise<KakaoTokens> {
  return toKakaoTokens(await processJson(res, kakaoTokenWireSchema, '/oauth/token'), now);
}

export async function processUserMeResponse(res: Response): Promise<KakaoUser> {
  return toKakaoUser(await processJson(res, kakaoUserWireSchema, '/v2/user/me'));
}

export async function processTokenInfoResponse(res: Response): Promise<KakaoTokenInfo> {
  const wire = await processJson(res, kakaoTokenInfoWireSchema, '/v1/user/access_token_info');
  return {
    kakaoId: wire.id === undefined ? undefined : String(wire.id),
    appId: wire.app_id,
    expiresIn: wire.expires_in,
  };
}

export async function processIdResponse(res: Response, endpoint: string): Promise<void> {
  const body = await readJson(res);
  if (!res.ok) throw new KakaoError(errorFrom(res.status, body), endpoint);
}

// --- The client ---

export interface KakaoClient {
  exchangeCode(
    p: { code: string; redirectUri: string; codeVerifier: string },
    now: Date,
  ): Promise<KakaoTokens>;
  tokenInfo(accessToken: string): Promise<KakaoTokenInfo>;
  me(accessToken: string): Promise<KakaoUser>;
  logout(accessToken: string): Promise<void>;
  unlink(kakaoId: string): Promise<void>;
}

export function createKakaoClient(options: KakaoClientOptions): KakaoClient {
  const doFetch = options.fetch ?? fetch;
  const retryDelayMs = options.retryDelayMs ?? 200;

  async function send<T>(
    endpoint: string,
    build: () => Request,
    process: (res: Response) => Promise<T>,
    idempotent: boolean,
  ): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        const signal = AbortSignal.timeout(options.timeoutMs);
        // The signal also bounds reading the body, so a response that stalls midway still times out.
        return await process(await doFetch(build(), { signal }));
      } catch (error) {
        const failure: KakaoFailure =
          error instanceof KakaoError
            ? error.failure
            : error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')
              ? { kind: 'timeout' }
              : { kind: 'network', message: error instanceof Error ? error.message : String(error) };
        if (idempotent && attempt === 0 && isTransient(failure)) {
          await new Promise((r) => setTimeout(r, retryDelayMs));
          continue;
        }
        throw error instanceof KakaoError ? error : new KakaoError(failure, endpoint);
      }
    }
  }

  return {
    exchangeCode: (p, now) =>
      send(
        '/oauth/token',
        () => codeExchangeRequest(options, p),
        (r) => processTokenResponse(r, now),
        false,
      ),
    tokenInfo: (t) =>
      send('/v1/user/access_token_info', () => tokenInfoRequest(options, t), processTokenInfoResponse, true),
    me: (t) => send('/v2/user/me', () => userMeRequest(options, t), processUserMeResponse, true),
    logout: (t) =>
      send(
        '/v1/user/logout',
        () => logoutRequest(options, t),
        (r) => processIdResponse(r, '/v1/user/logout'),
        false,
      ),
    unlink: (id) =>
      send(
        '/v1/user/unlink',
        () => unlinkRequest(options, id),
        (r) => processIdResponse(r, '/v1/user/unlink'),
        false,
      ),
  };
}
