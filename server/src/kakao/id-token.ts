/**
 * Verifies Kakao's OIDC id_token: RS256 signature against Kakao's JWKS (fetched once, cached by jose),
 * then iss, aud (our client id), exp and nonce.
 * @see https://developers.kakao.com/docs/latest/ko/kakaologin/rest-api (OpenID Connect: ID token, OIDC discovery, JWKS)
 */
import { createRemoteJWKSet, type JWTVerifyGetKey, errors as joseErrors, jwtVerify } from 'jose';
import { ApiError } from '../problem';
import { KakaoError } from './errors';

export interface IdTokenExpectations {
  issuer: string;
  /** Our Kakao client id (REST API key). */
  audience: string;
  /** The nonce the client sent at authorize; when given the token must carry exactly it. */
  nonce: string | undefined;
  now: Date;
}

export interface IdTokenClaims {
  sub: string;
  nonce?: string;
}

export function kakaoJwks(authBaseUrl: string, timeoutMs: number): JWTVerifyGetKey {
  return createRemoteJWKSet(new URL(`${authBaseUrl}/.well-known/jwks.json`), {
    timeoutDuration: timeoutMs,
    cooldownDuration: 30_000,
    cacheMaxAge: 10 * 60_000,
  });
}

function isFetchFailure(error: unknown): boolean {
  return (
    error instanceof joseErrors.JWKSTimeout ||
    (error instanceof joseErrors.JOSEError && error.code === 'ERR_JOSE_GENERIC') ||
    (error instanceof Error && !(error instanceof joseErrors.JOSEError))
  );
}

/** Returns the verified claims, or throws ApiError id_token_invalid / KakaoError (JWKS unreachable). */
export async function verifyKakaoIdToken(
  idToken: string,
  keys: JWTVerifyGetKey,
  expect: IdTokenExpectations,
): Promise<IdTokenClaims> {
  let payload: Record<string, unknown>;
  for (let attempt = 0; ; attempt++) {
    try {
      ({ payload } = await jwtVerify(idToken, keys, {
        issuer: expect.issuer,
        audience: expect.audience,
        algorithms: ['RS256'],
        currentDate: expect.now,
        requiredClaims: ['sub', 'exp', 'iat'],
      }));
      break;
    } catch (error) {
      if (isFetchFailure(error)) {
        // Fetching Kakao's JWKS is an idempotent read: one retry, then "Kakao unavailable".
        if (attempt === 0) continue;
        throw new KakaoError({ kind: 'network', message: 'JWKS fetch failed' }, '/.well-known/jwks.json');
      }
      const what = error instanceof joseErrors.JOSEError ? error.code : 'invalid';
      throw new ApiError(401, 'id_token_invalid', {
        detail: `Kakao's ID token failed verification (${what}).`,
        cause: error,
      });
    }
  }
  if (expect.nonce !== undefined || payload.nonce !== undefined) {
    if (payload.nonce !== expect.nonce) {
      throw new ApiError(401, 'id_token_invalid', { detail: "Kakao's ID token carries a different nonce." });
    }
  }
  return payload as unknown as IdTokenClaims;
}
