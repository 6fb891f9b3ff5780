/** GET /me, DELETE /me (account deletion: Kakao unlink, then our data) */
import { problemSchema, userProfileSchema } from '@kakao-desktop/contract';
import { eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sessions as sessionsTable } from '../db/schema';
import { KakaoError } from '../kakao/errors';
import { authenticate } from '../plugins/authenticate';
import { ApiError } from '../problem';
import type { Services } from '../services';
import { deleteUser, findUserById, toUserProfile } from '../users/repository';

const noContent = z.null().describe('No content');
const errors = { '4xx': problemSchema, '5xx': problemSchema };

export const meRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const { database, kakao, sessions, clock, audit } = services;
  app.addHook('preHandler', authenticate(services));

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
    async (request) => {
      const user = await findUserById(database.db, request.auth!.userId);
      if (!user) throw new ApiError(401, 'unauthorized', { detail: 'This account no longer exists.' });
      return toUserProfile(user);
    },
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
      const userId = request.auth!.userId;
      const user = await findUserById(database.db, userId);
      if (!user) throw new ApiError(401, 'unauthorized', { detail: 'This account no longer exists.' });
      if (user.kakaoId) {
        try {
          await kakao.unlink(user.kakaoId);
        } catch (error) {
          // Already unlinked at Kakao (-101) is fine; anything else (Kakao down) keeps the account so the user
          // can retry instead of ending up deleted here but still connected at Kakao.
          if (!(error instanceof KakaoError && error.failure.kind === 'kapi' && error.failure.code === -101))
            throw error;
        }
      }
      const now = clock();
      await sessions.revokeAllForUser(userId, 'user_deleted', now);
      // Sessions stay as anonymous tombstones (no user, no device name) so old refresh tokens say user_deleted.
      await database.db
        .update(sessionsTable)
        .set({ deviceName: null })
        .where(eq(sessionsTable.userId, userId));
      await deleteUser(database.db, userId);
      audit('deletion', { userId, sessionId: request.auth!.sessionId });
      return reply.status(204).send(null);
    },
  );
};
