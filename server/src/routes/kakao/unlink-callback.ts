/**
 * POST /kakao/unlink-callback: Kakao calls it when a user disconnects our app from Kakao's side.
 * Verified by `Authorization: KakaoAK <admin key>` (here) and `app_id` (the account service, which ends all that
 * user's sessions: their refreshes then fail with reason kakao_unlinked). Answers fast: no outbound calls.
 * @see https://developers.kakao.com/docs/latest/ko/kakaologin/callback
 */
import { timingSafeEqual } from 'node:crypto';
import { healthSchema, kakaoUnlinkCallbackSchema, problemSchema } from '@kakao-desktop/contract';
import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { ApiError } from '../../problem';

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Whether the request carries `Authorization: KakaoAK <our admin key>` (constant-time compare). */
export function carriesAdminKey(request: FastifyRequest, adminKey: string): boolean {
  return sameSecret(request.headers.authorization ?? '', `KakaoAK ${adminKey}`);
}

export const unlinkCallbackRoutes: FastifyPluginAsyncZod = async (app) => {
  const { config, accounts } = app.services;

  // Kakao posts a form; scoped to this plugin so our JSON routes still answer 415 to forms.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  app.route({
    method: 'POST',
    url: '/kakao/unlink-callback',
    schema: {
      summary: "Kakao's unlink webhook (form body or query string)",
      tags: ['kakao'],
      querystring: kakaoUnlinkCallbackSchema.partial(),
      body: kakaoUnlinkCallbackSchema.partial().nullish(),
      response: { 200: healthSchema, '4xx': problemSchema, '5xx': problemSchema },
    },
    handler: async (request) => {
      if (!carriesAdminKey(request, config.kakao.adminKey)) {
        throw new ApiError(401, 'unauthorized', { detail: 'Missing or wrong KakaoAK admin key.' });
      }
      const parsed = kakaoUnlinkCallbackSchema.safeParse({ ...request.query, ...(request.body ?? {}) });
      if (!parsed.success) {
        throw new ApiError(400, 'invalid_request', { detail: 'app_id and user_id are required.' });
      }
      const { app_id, user_id, referrer_type } = parsed.data;
      await accounts.kakaoUnlinked({ appId: app_id, kakaoId: user_id, referrerType: referrer_type });
      return { status: 'ok' as const };
    },
  });
};
