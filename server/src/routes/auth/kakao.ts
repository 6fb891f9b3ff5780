/** POST /auth/kakao/exchange, POST /auth/kakao/token */
import {
  kakaoExchangeRequestSchema,
  kakaoTokenRequestSchema,
  problemSchema,
  tokenResponseSchema,
} from '@kakao-desktop/contract';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { toTokenResponse } from '../wire';

const errors = { '4xx': problemSchema, '5xx': problemSchema };

export const kakaoAuthRoutes: FastifyPluginAsyncZod = async (app) => {
  const { accounts } = app.services;

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
      const signedIn = await accounts.signInWithCode({
        code: body.code,
        redirectUri: body.redirect_uri,
        codeVerifier: body.code_verifier,
        nonce: body.nonce,
        deviceName: body.device_name ?? null,
      });
      return toTokenResponse(signedIn);
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
      const signedIn = await accounts.signInWithKakaoToken({
        kakaoAccessToken: request.body.kakao_access_token,
        deviceName: request.body.device_name ?? null,
      });
      return toTokenResponse(signedIn);
    },
  );
};
