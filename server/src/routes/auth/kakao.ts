/** POST /auth/kakao/exchange, POST /auth/kakao/token, GET /auth/kakao/config */
import {
  kakaoClientConfigSchema,
  kakaoExchangeRequestSchema,
  kakaoTokenRequestSchema,
  problemSchema,
  tokenResponseSchema,
} from '@kakao-desktop/contract';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { verifyKakaoIdToken } from '../../kakao/id-token';
import { ApiError } from '../../problem';
import type { Services } from '../../services';
import { completeKakaoSignIn } from '../../sign-in';

const errors = { '4xx': problemSchema, '5xx': problemSchema };
/** RFC 6750 §2.1 b64token: the characters a bearer token may have. */
const BEARER_TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

export const kakaoAuthRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const { config, kakao, clock } = services;

  app.post(
    '/auth/kakao/exchange',
    {
      schema: {
        summary: 'Exchange a Kakao authorization code (PKCE) for our tokens',
        tags: ['auth'],
        body: kakaoExchangeRequestSchema,
        response: { 200: tokenResponseSchema, ...errors },
      },
    },
    async (request) => {
      const body = request.body;
      if (!config.allowedRedirectUris.includes(body.redirect_uri)) {
        throw new ApiError(400, 'redirect_uri_not_allowed', {
          detail: 'redirect_uri is not one of the redirect URIs this server allows.',
        });
      }
      const kakaoTokens = await kakao.exchangeCode(
        { code: body.code, redirectUri: body.redirect_uri, codeVerifier: body.code_verifier },
        clock(),
      );
      let idTokenSub: string | undefined;
      if (kakaoTokens.idToken) {
        const claims = await verifyKakaoIdToken(kakaoTokens.idToken, services.kakaoKeys, {
          issuer: config.kakao.idTokenIssuer,
          audience: config.kakao.clientId,
          nonce: body.nonce,
          now: clock(),
        });
        idTokenSub = claims.sub;
      }
      const kakaoUser = await kakao.me(kakaoTokens.accessToken);
      if (idTokenSub !== undefined && idTokenSub !== kakaoUser.kakaoId) {
        throw new ApiError(401, 'id_token_invalid', {
          detail: "The ID token's subject is not the signed-in Kakao user.",
        });
      }
      return completeKakaoSignIn(services, { kakaoUser, kakaoTokens, deviceName: body.device_name ?? null });
    },
  );

  app.post(
    '/auth/kakao/token',
    {
      schema: {
        summary: 'Sign in with a Kakao access token the client already holds',
        tags: ['auth'],
        body: kakaoTokenRequestSchema,
        response: { 200: tokenResponseSchema, ...errors },
      },
    },
    async (request) => {
      const token = request.body.kakao_access_token;
      // It goes into an Authorization header: a NUL or newline there fails in our HTTP client (not at Kakao).
      if (!BEARER_TOKEN.test(token)) {
        throw new ApiError(400, 'invalid_request', {
          detail: 'kakao_access_token is not a bearer token (RFC 6750 §2.1 characters only).',
        });
      }
      const info = await kakao.tokenInfo(token);
      // A token minted for another Kakao app must not sign anyone in here (token substitution).
      if (info.appId !== config.kakao.appId) {
        throw new ApiError(403, 'wrong_app', {
          detail: 'This Kakao access token was issued to another app.',
        });
      }
      const kakaoUser = await kakao.me(token);
      if (info.kakaoId !== undefined && info.kakaoId !== kakaoUser.kakaoId) {
        throw new ApiError(401, 'kakao_token_invalid', { detail: 'Kakao returned inconsistent user ids.' });
      }
      const kakaoTokens = {
        accessToken: token,
        accessTokenExpiresAt: new Date(clock().getTime() + info.expiresIn * 1000),
        refreshToken: undefined,
        idToken: undefined,
      };
      return completeKakaoSignIn(services, {
        kakaoUser,
        kakaoTokens,
        deviceName: request.body.device_name ?? null,
      });
    },
  );

  app.get(
    '/auth/kakao/config',
    {
      schema: {
        summary: "What a client needs to build Kakao's authorize URL (nothing secret)",
        tags: ['auth'],
        response: { 200: kakaoClientConfigSchema, ...errors },
      },
    },
    async () => ({
      client_id: config.kakao.clientId,
      authorize_url: `${config.kakao.authBaseUrl}/oauth/authorize`,
      scope: config.kakao.scopes,
      redirect_uris: config.allowedRedirectUris,
    }),
  );
};
