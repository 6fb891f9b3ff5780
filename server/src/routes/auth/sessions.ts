/** GET /auth/sessions, DELETE /auth/sessions/:id */
import { problemSchema, sessionIdParamsSchema, sessionListSchema } from '@kakao-desktop/contract';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authenticate } from '../../plugins/authenticate';
import { ApiError } from '../../problem';

const noContent = z.null().describe('No content');
const errors = { '4xx': problemSchema, '5xx': problemSchema };

export const sessionRoutes: FastifyPluginAsyncZod = async (app) => {
  const { sessions, clock } = app.services;
  app.addHook('preHandler', authenticate(app.services));

  app.get(
    '/auth/sessions',
    {
      schema: {
        summary: "The signed-in user's devices",
        tags: ['sessions'],
        security: [{ bearer: [] }],
        response: { 200: sessionListSchema, ...errors },
      },
    },
    async (request) => {
      const auth = request.auth!;
      const list = await sessions.list(auth.userId);
      return {
        sessions: list.map((s) => ({
          id: s.id,
          device_name: s.deviceName,
          created_at: s.createdAt.toISOString(),
          last_used_at: s.lastUsedAt.toISOString(),
          current: s.id === auth.sessionId,
        })),
      };
    },
  );

  app.delete(
    '/auth/sessions/:id',
    {
      schema: {
        summary: 'End one of your sessions (e.g. a lost laptop)',
        tags: ['sessions'],
        security: [{ bearer: [] }],
        params: sessionIdParamsSchema,
        response: { 204: noContent, ...errors },
      },
    },
    async (request, reply) => {
      if (!(await sessions.revokeOwned(request.auth!.userId, request.params.id, clock()))) {
        throw new ApiError(404, 'not_found', { detail: 'No such session.' });
      }
      return reply.status(204).send(null);
    },
  );
};
