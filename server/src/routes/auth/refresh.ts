/** POST /auth/refresh, POST /auth/logout */
import {
  logoutRequestSchema,
  problemSchema,
  refreshRequestSchema,
  tokenResponseSchema,
} from '@kakao-desktop/contract';
import { and, eq } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { identities } from '../../db/schema';
import { describeFailure, KakaoError } from '../../kakao/errors';
import { errorForLog } from '../../logger';
import { fastSuccessSerializer } from '../../plugins/fast-serializer';
import type { Services } from '../../services';
import { toTokenResponse } from '../../sign-in';

const noContent = z.null().describe('No content');
const errors = { '4xx': problemSchema, '5xx': problemSchema };

export const refreshRoutes: FastifyPluginAsyncZod<{ services: Services }> = async (app, { services }) => {
  const { sessions, clock, database, kakao, box, audit } = services;

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
      const now = clock();
      const pair = await sessions.refresh(request.body.refresh_token, now);
      return toTokenResponse(pair, pair.user, now);
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
      const revoked = await sessions.revokeByToken(request.body.refresh_token, clock());
      if (revoked?.userId) {
        audit('logout', {
          userId: revoked.userId,
          sessionId: revoked.sessionId,
          deviceName: revoked.deviceName,
        });
        await kakaoLogout(revoked.userId);
      }
      return reply.status(204).send(null);
    },
  );

  /** Best effort: Kakao may be down or the token already dead; our session is ended either way. */
  async function kakaoLogout(userId: string): Promise<void> {
    const where = and(eq(identities.userId, userId), eq(identities.provider, 'kakao'));
    const [identity] = await database.db
      .select({ enc: identities.accessTokenEnc })
      .from(identities)
      .where(where);
    if (!identity?.enc) return;
    try {
      await kakao.logout(box.open(identity.enc));
      await database.db.update(identities).set({ accessTokenEnc: null, refreshTokenEnc: null }).where(where);
    } catch (error) {
      app.log.warn(
        error instanceof KakaoError
          ? { userId, kakaoEndpoint: error.endpoint, kakaoFailure: describeFailure(error.failure) }
          : { userId, error: errorForLog(error) },
        'Kakao logout failed (ignored)',
      );
    }
  }
};
