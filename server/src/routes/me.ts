/** GET /me, DELETE /me (account deletion: Kakao unlink, then our data) */
import { problemSchema, userProfileSchema } from '@kakao-desktop/contract';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { authenticate } from '../plugins/authenticate';
import { toUserProfile } from './wire';

const noContent = z.null().describe('No content');
const errors = { '4xx': problemSchema, '5xx': problemSchema };

export const meRoutes: FastifyPluginAsyncZod = async (app) => {
  const { accounts } = app.services;
  app.addHook('preHandler', authenticate(app.services));

  app.get(
    '/me',
    {
      schema: {
        summary: "The signed-in user's profile",
        tags: ['me'],
        security: [{ bearer: [] }],
        response: { 200: userProfileSchema, ...errors },
      },
    },
    async (request) => toUserProfile(await accounts.profile(request.auth!.userId)),
  );

  app.delete(
    '/me',
    {
      schema: {
        summary: 'Delete the account: unlink from Kakao, then delete our data',
        tags: ['me'],
        security: [{ bearer: [] }],
        response: { 204: noContent, ...errors },
      },
    },
    async (request, reply) => {
      await accounts.deleteAccount(request.auth!.userId, request.auth!.sessionId);
      return reply.status(204).send(null);
    },
  );
};
