/**
 * Our side of the Kakao connection: who a Kakao code or token belongs to (with the checks that keep another app's
 * token or a forged id_token out), and the Kakao tokens we keep, sealed, per identity (stored at sign-in by
 * users/kakao-sign-in.ts; used for logout; dropped when Kakao says the user unlinked).
 * @see https://developers.kakao.com/docs/latest/ko/kakaologin/rest-api
 */
import { and, eq } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import type { JWTVerifyGetKey } from 'jose';
import type { Config } from '../config';
import type { Db } from '../db/client';
import { identities } from '../db/schema';
import { errorForLog } from '../logger';
import { ApiError } from '../problem';
import type { CryptoBox } from '../tokens/crypto-box';
import type { SealedKakaoTokens } from '../users/kakao-sign-in';
import type { KakaoClient } from './client';
import { describeFailure, KakaoError } from './errors';
import { verifyKakaoIdToken } from './id-token';
import type { KakaoTokens, KakaoUser } from './types';

/** A Kakao user as Kakao vouched for them, with the tokens Kakao issued for this sign-in. */
export interface KakaoSignIn {
  kakaoUser: KakaoUser;
  kakaoTokens: KakaoTokens;
}

export interface KakaoService {
  /** Authorization code (PKCE) → tokens → the user; the id_token, when Kakao sends one, must name that user. */
  userFromCode(input: {
    code: string;
    redirectUri: string;
    codeVerifier: string;
    nonce: string | undefined;
  }): Promise<KakaoSignIn>;
  /** A Kakao access token a client already holds → the user; the token must have been issued to our app. */
  userFromAccessToken(token: string): Promise<KakaoSignIn>;
  seal(tokens: KakaoTokens): SealedKakaoTokens;
  /** Best effort: logs the user's Kakao token out and forgets it. Kakao down or the token dead: logged, ignored. */
  logout(userId: string): Promise<void>;
  /** Disconnects the user from our app at Kakao (admin key); already unlinked there counts as done. */
  unlink(kakaoId: string): Promise<void>;
  /** Kakao revoked the user's tokens (unlink): drop our sealed copies. */
  forgetTokens(kakaoId: string): Promise<void>;
}

export interface KakaoServiceDeps {
  config: Pick<Config, 'kakao' | 'allowedRedirectUris'>;
  client: KakaoClient;
  /** Kakao's id_token keys (kakaoJwks). */
  keys: JWTVerifyGetKey;
  db: Db;
  box: CryptoBox;
  clock: () => Date;
  log: FastifyBaseLogger;
}

/** RFC 6750 §2.1 b64token: the characters a bearer token may have. */
const BEARER_TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/** Kakao's "not a user of this app" (-101): an unlink that finds nothing to unlink. */
const alreadyUnlinked = (error: unknown) =>
  error instanceof KakaoError && error.failure.kind === 'kapi' && error.failure.code === -101;

export function createKakaoService(deps: KakaoServiceDeps): KakaoService {
  const { config, client, keys, db, box, clock, log } = deps;
  const kakaoIdentity = (column: typeof identities.userId | typeof identities.providerUserId, id: string) =>
    and(eq(identities.provider, 'kakao'), eq(column, id));

  return {
    async userFromCode({ code, redirectUri, codeVerifier, nonce }) {
      if (!config.allowedRedirectUris.includes(redirectUri)) {
        throw new ApiError(400, 'redirect_uri_not_allowed', {
          detail: 'redirect_uri is not one of the redirect URIs this server allows.',
        });
      }
      const kakaoTokens = await client.exchangeCode({ code, redirectUri, codeVerifier }, clock());
      let idTokenSub: string | undefined;
      if (kakaoTokens.idToken) {
        const claims = await verifyKakaoIdToken(kakaoTokens.idToken, keys, {
          issuer: config.kakao.idTokenIssuer,
          audience: config.kakao.clientId,
          nonce,
          now: clock(),
        });
        idTokenSub = claims.sub;
      }
      const kakaoUser = await client.me(kakaoTokens.accessToken);
      if (idTokenSub !== undefined && idTokenSub !== kakaoUser.kakaoId) {
        throw new ApiError(401, 'id_token_invalid', {
          detail: "The ID token's subject is not the signed-in Kakao user.",
        });
      }
      return { kakaoUser, kakaoTokens };
    },

    async userFromAccessToken(token) {
      // It goes into an Authorization header: a NUL or newline there fails in our HTTP client (not at Kakao).
      if (!BEARER_TOKEN.test(token)) {
        throw new ApiError(400, 'invalid_request', {
          detail: 'kakao_access_token is not a bearer token (RFC 6750 §2.1 characters only).',
        });
      }
      const info = await client.tokenInfo(token);
      // A token minted for another Kakao app must not sign anyone in here (token substitution).
      if (info.appId !== config.kakao.appId) {
        throw new ApiError(403, 'wrong_app', {
          detail: 'This Kakao access token was issued to another app.',
        });
      }
      const kakaoUser = await client.me(token);
      if (info.kakaoId !== undefined && info.kakaoId !== kakaoUser.kakaoId) {
        throw new ApiError(401, 'kakao_token_invalid', { detail: 'Kakao returned inconsistent user ids.' });
      }
      const kakaoTokens: KakaoTokens = {
        accessToken: token,
        accessTokenExpiresAt: new Date(clock().getTime() + info.expiresIn * 1000),
        refreshToken: undefined,
        idToken: undefined,
      };
      return { kakaoUser, kakaoTokens };
    },

    seal(tokens) {
      return {
        accessTokenEnc: box.seal(tokens.accessToken),
        refreshTokenEnc: tokens.refreshToken ? box.seal(tokens.refreshToken) : null,
        accessTokenExpiresAt: tokens.accessTokenExpiresAt,
      };
    },

    async logout(userId) {
      const where = kakaoIdentity(identities.userId, userId);
      const [identity] = await db.select({ enc: identities.accessTokenEnc }).from(identities).where(where);
      if (!identity?.enc) return;
      try {
        await client.logout(box.open(identity.enc));
        await db.update(identities).set({ accessTokenEnc: null, refreshTokenEnc: null }).where(where);
      } catch (error) {
        log.warn(
          error instanceof KakaoError
            ? { userId, kakaoEndpoint: error.endpoint, kakaoFailure: describeFailure(error.failure) }
            : { userId, error: errorForLog(error) },
          'Kakao logout failed (ignored)',
        );
      }
    },

    async unlink(kakaoId) {
      try {
        await client.unlink(kakaoId);
      } catch (error) {
        if (!alreadyUnlinked(error)) throw error;
      }
    },

    async forgetTokens(kakaoId) {
      await db
        .update(identities)
        .set({ accessTokenEnc: null, refreshTokenEnc: null })
        .where(kakaoIdentity(identities.providerUserId, kakaoId));
    },
  };
}
