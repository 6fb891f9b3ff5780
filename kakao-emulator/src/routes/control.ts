import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { accountSchema, appSchema, describeIssues } from '../config';
import type { EmulatorContext } from '../context';
import { refuseControlCall } from '../control-guard';
import { faultSchema } from '../faults';
import { callUnlinkWebhook } from './user';

export const CONTROL_PREFIX = '/__emulator/';

const clockSchema = z.strictObject({
  advanceSeconds: z
    .number()
    .int()
    .min(0)
    .max(10 * 365 * 24 * 3600),
});
const unlinkSchema = z.strictObject({
  clientId: z.string().min(1),
  userId: z.number().int().positive(),
  referrerType: z.string().min(1).optional(),
});

/** Test hooks under /__emulator/ (README "Control API"); never part of Kakao's surface. */
export function controlRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  const { store } = ctx;

  // Before the body is read: a refused call changes nothing and reads nothing (unknown routes included).
  app.addHook('onRequest', async (request, reply) => {
    // The matched route, not the raw URL: `/%5F_emulator/reset` is routed to `/__emulator/reset` too.
    const route = request.routeOptions.url ?? request.url;
    if (!route.startsWith(CONTROL_PREFIX) && !request.url.startsWith(CONTROL_PREFIX)) return;
    const refusal = refuseControlCall({
      method: request.method,
      host: request.headers.host,
      contentType: request.headers['content-type'],
    });
    if (refusal) return reply.code(refusal.status).send({ error: refusal.error, message: refusal.message });
  });

  function parse<T>(schema: z.ZodType<T>, body: unknown, reply: FastifyReply): T | undefined {
    const result = schema.safeParse(body);
    if (!result.success) {
      reply.code(400).send({ error: 'invalid_request', message: describeIssues(result.error) });
      return undefined;
    }
    return result.data;
  }

  app.post('/__emulator/reset', async () => {
    store.reset();
    ctx.faults.clear();
    ctx.requests.length = 0;
    ctx.webhooks.length = 0;
    return { ok: true };
  });

  app.get('/__emulator/apps', async () => ({ apps: [...store.apps.values()] }));
  app.post('/__emulator/apps', async (request, reply) => {
    const body = parse(appSchema, request.body, reply);
    if (!body) return reply;
    store.apps.set(body.clientId, body);
    return { ok: true };
  });

  app.get('/__emulator/accounts', async () => ({ accounts: [...store.accounts.values()] }));
  app.post('/__emulator/accounts', async (request, reply) => {
    const body = parse(accountSchema, request.body, reply);
    if (!body) return reply;
    store.accounts.set(body.id, body);
    return { ok: true };
  });

  app.get('/__emulator/faults', async () => ({ faults: ctx.faults.list() }));
  app.post('/__emulator/faults', async (request, reply) => {
    const body = parse(faultSchema, request.body, reply);
    if (!body) return reply;
    ctx.faults.add(body);
    return { ok: true };
  });
  app.delete('/__emulator/faults', async () => {
    ctx.faults.clear();
    return { ok: true };
  });

  app.post('/__emulator/clock', async (request, reply) => {
    const body = parse(clockSchema, request.body, reply);
    if (!body) return reply;
    store.advance(body.advanceSeconds);
    return { ok: true, now: new Date(store.now()).toISOString() };
  });

  app.get('/__emulator/requests', async () => ({ requests: ctx.requests }));
  app.delete('/__emulator/requests', async () => {
    ctx.requests.length = 0;
    return { ok: true };
  });

  // --- Extensions beyond the README's first draft ---

  /** Adds a new signing key (the old one stays in the JWKS). */
  app.post('/__emulator/keys/rotate', async () => ({ ok: true, kid: await ctx.keys.rotate() }));

  /** Unlink calls made to apps' unlinkCallbackUrl. */
  app.get('/__emulator/webhooks', async () => ({ webhooks: ctx.webhooks }));

  /** The user unlinks the app from outside the service (Kakao account settings): revoke + webhook. */
  app.post('/__emulator/unlink', async (request, reply) => {
    const body = parse(unlinkSchema, request.body, reply);
    if (!body) return reply;
    const kakaoApp = store.apps.get(body.clientId);
    if (!kakaoApp) return reply.code(404).send({ error: 'not_found', message: `no app ${body.clientId}` });
    store.unlink(kakaoApp.clientId, body.userId);
    await callUnlinkWebhook(ctx, kakaoApp, body.userId, body.referrerType ?? 'UNLINK_FROM_APPS');
    return { ok: true };
  });
}
