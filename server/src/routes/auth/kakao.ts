/** POST /auth/kakao/exchange, POST /auth/kakao/token */
import {
  kakaoExchangeRequestSchema,
  kakaoTokenRequestSchema,
  problemSchema,
  tokenResponseSchema,
} from '@kakao-desktop/contract';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { dpopRequestOf } from '../../plugins/dpop';
import { dpopProofRefused } from '../../problem';
import { toTokenResponse } from '../wire';

const errors = { '4xx': problemSchema, '5xx': problemSchema };

export const kakaoAuthRoutes: FastifyPluginAsyncZod = async (app) => {
  const { accounts, dpop, clock } = app.services;
  // An optional proof binds the new session to its key; DPOP_REQUIRED_FOR_SIGN_IN makes it mandatory.
  const proofKey = async (request: FastifyRequest) => {
    const proof = await dpop.check(dpopRequestOf(request), clock());
    if (!proof && dpop.config.requiredForSignIn)
      throw dpopProofRefused('Sign-in needs a DPoP proof of this install key.');
    return proof?.jkt;
  };

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
      const dpopJkt = await proofKey(request);
      const signedIn = await accounts.signInWithCode({
        code: body.code,
        redirectUri: body.redirect_uri,
        codeVerifier: body.code_verifier,
        nonce: body.nonce,
        deviceName: body.device_name ?? null,
        dpopJkt,
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
      const dpopJkt = await proofKey(request);
      const signedIn = await accounts.signInWithKakaoToken({
        kakaoAccessToken: request.body.kakao_access_token,
        deviceName: request.body.device_name ?? null,
        dpopJkt,
      });
      return toTokenResponse(signedIn);
    },
  );
};
