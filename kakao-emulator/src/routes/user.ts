import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { EmulatorContext } from '../context';
import { KAUTH_CONTENT_TYPE, sendKapi } from '../errors';
import { param } from '../params';
import { oidcUserInfo, parsePropertyKeys, rfc3339, userMe } from '../profile';
import { allowedScopes } from '../store';
import type { EmulatorApp } from '../types';
import { authenticateKapi } from './kapi-auth';
import { hasConsent, kapiParams, linkedConsent, partnerUuid } from './kapi-guards';

const UNLINK_WEBHOOK_TIMEOUT_MS = 3000;

export function userRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  const { store } = ctx;

  function send(reply: FastifyReply, body: unknown): FastifyReply {
    return reply.code(200).type(KAUTH_CONTENT_TYPE).send(body);
  }

  async function me(request: FastifyRequest, reply: FastifyReply) {
    const caller = authenticateKapi(ctx, request, reply, true);
    if (!caller) return reply;
    const source = kapiParams(request);
    const keys = parsePropertyKeys(param(source, 'property_keys'), caller.app.userProperties);
    if (!keys.ok) return sendKapi(reply, keys.code, keys.msg);
    const secureParam = param(source, 'secure_resource');
    if (secureParam !== undefined && secureParam !== 'true' && secureParam !== 'false') {
      return sendKapi(reply, -2, 'secure_resource must be true or false');
    }
    const consent = linkedConsent(ctx, caller, reply, { allowUnsignedUp: true });
    if (!consent) return reply;
    const kakaoApp = caller.app;
    return send(
      reply,
      userMe({
        account: store.accounts.get(caller.userId)!,
        configured: allowedScopes(kakaoApp),
        agreed: consent.scopes,
        connectedAt: consent.connectedAt,
        secure: secureParam === 'true',
        propertyKeys: keys.keys,
        hasSignedUp: kakaoApp.autoLink === false ? consent.signedUp : undefined,
        synchedAt: consent.synchedAt,
        partnerUuid: kakaoApp.partnerUuid ? partnerUuid(kakaoApp.appId, caller.userId) : undefined,
        customProperties: consent.properties,
      }),
    );
  }

  app.get('/v2/user/me', me);
  app.post('/v2/user/me', me);

  app.get('/v1/user/access_token_info', async (request, reply) => {
    const caller = authenticateKapi(ctx, request, reply, false);
    if (caller?.kind !== 'user') return reply;
    return send(reply, {
      id: caller.userId,
      expires_in: Math.max(0, Math.floor((caller.accessExpiresAt - store.now()) / 1000)),
      app_id: caller.app.appId,
    });
  });

  app.post('/v1/user/logout', async (request, reply) => {
    const caller = authenticateKapi(ctx, request, reply, true);
    if (!caller) return reply;
    if (caller.kind === 'user') store.revokeGrant(caller.grantId);
    else store.revokeUser(caller.app.clientId, caller.userId);
    return send(reply, { id: caller.userId });
  });

  app.post('/v1/user/unlink', async (request, reply) => {
    const caller = authenticateKapi(ctx, request, reply, true);
    if (!caller) return reply;
    store.unlink(caller.app.clientId, caller.userId);
    // Emulator choice: the API unlink also calls the webhook (Kakao documents it for unlinks from outside the service).
    void callUnlinkWebhook(
      ctx,
      caller.app,
      caller.userId,
      caller.kind === 'admin' ? 'UNLINK_FROM_ADMIN' : 'UNLINK_FROM_API',
    );
    return send(reply, { id: caller.userId });
  });

  app.get('/v1/oidc/userinfo', async (request, reply) => {
    const caller = authenticateKapi(ctx, request, reply, false);
    if (!caller) return reply;
    const consent = linkedConsent(ctx, caller, reply);
    if (!consent || !hasConsent(consent, ['openid'], reply)) return reply;
    return send(reply, oidcUserInfo(store.accounts.get(caller.userId)!, consent.scopes));
  });
}

/** Best-effort POST to the app's unlink callback, 3 s timeout; the outcome lands in the webhook log. */
export async function callUnlinkWebhook(
  ctx: EmulatorContext,
  app: EmulatorApp,
  userId: number,
  referrerType: string,
): Promise<void> {
  if (!app.unlinkCallbackUrl) return;
  const body = { app_id: String(app.appId), user_id: String(userId), referrer_type: referrerType };
  const entry: { url: string; body: Record<string, string>; at: string; status?: number; error?: string } = {
    url: app.unlinkCallbackUrl,
    body,
    at: rfc3339(ctx.store.now()),
  };
  ctx.webhooks.push(entry);
  try {
    const response = await fetch(app.unlinkCallbackUrl, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-www-form-urlencoded;charset=utf-8',
        ...(app.adminKey ? { Authorization: `KakaoAK ${app.adminKey}` } : {}),
      },
      body: new URLSearchParams(body).toString(),
      signal: AbortSignal.timeout(UNLINK_WEBHOOK_TIMEOUT_MS),
    });
    entry.status = response.status;
    await response.body?.cancel();
  } catch (error) {
    entry.error = error instanceof Error ? error.name : 'error';
  }
}
