/** GET /.well-known/jwks.json, GET /healthz, GET /readyz */
import { healthSchema, jwksSchema, problemSchema } from '@kakao-desktop/contract';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ApiError } from '../problem';

export const wellKnownRoutes: FastifyPluginAsyncZod = async (app) => {
  const { accessTokens, database } = app.services;

  app.get(
    '/.well-known/jwks.json',
    {
      schema: { summary: 'Public keys for our access tokens', tags: ['meta'], response: { 200: jwksSchema } },
    },
    async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return accessTokens.jwks() as { keys: { kty: string; kid: string }[] };
    },
  );

  app.get(
    '/healthz',
    { schema: { summary: 'The process is up', tags: ['meta'], response: { 200: healthSchema } } },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        summary: 'The database answers',
        tags: ['meta'],
        response: { 200: healthSchema, 503: problemSchema },
      },
    },
    async () => {
      try {
        await Promise.race([
          database.ping(),
          new Promise((_, reject) => setTimeout(() => reject(new Error('ping timed out')), 2000).unref()),
        ]);
      } catch (error) {
        throw new ApiError(503, 'not_ready', {
          detail: 'The database is not reachable.',
          retryAfter: 5,
          cause: error,
        });
      }
      return { status: 'ok' as const };
    },
  );
};
