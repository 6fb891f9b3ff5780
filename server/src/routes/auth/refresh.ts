/** POST /auth/refresh, POST /auth/logout */
import {
  logoutRequestSchema,
  problemSchema,
  refreshRequestSchema,
  tokenResponseSchema,
} from '@kakao-desktop/contract';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { dpopRequestOf } from '../../plugins/dpop';
import { fastSuccessSerializer } from '../../plugins/fast-serializer';
import { toTokenResponse } from '../wire';

const noContent = z.null().describe('No content');
const errors = { '4xx': problemSchema, '5xx': problemSchema };

export const refreshRoutes: FastifyPluginAsyncZod = async (app) => {
  const { sessions, accounts, clock, dpop } = app.services;
  const proofKey = async (request: FastifyRequest) =>
    (await dpop.check(dpopRequestOf(request), clock()))?.jkt;

  app.post(
    '/auth/refresh',
    {
      // The hot path: its audit line is the record; no per-request "incoming"/"completed" lines (warnings still log).
      logLevel: 'warn',
      serializerCompiler: fastSuccessSerializer,
      schema: {
        summary: 'Rotate a refresh token (never calls Kakao)',
        tags: ['auth'],
        body: refreshRequestSchema,
        response: { 200: tokenResponseSchema, ...errors },
      },
    },
    async (request) => {
      const jkt = await proofKey(request);
      return toTokenResponse(
        await sessions.refresh(request.body.refresh_token, clock(), () => request.raw.socket.destroyed, jkt),
      );
    },
  );

  app.post(
    '/auth/logout',
    {
      schema: {
        summary:
          "End this session (refresh-token family) and log out of Kakao for the user's token; idempotent",
        tags: ['auth'],
        body: logoutRequestSchema,
        response: { 204: noContent, ...errors },
      },
    },
    async (request, reply) => {
      await accounts.signOut(request.body.refresh_token, await proofKey(request));
      return reply.status(204).send(null);
    },
  );
};
