import type { FastifyReply, FastifyRequest } from 'fastify';
import type { EmulatorContext } from '../context';
import { sendKapi } from '../errors';
import { param } from '../params';
import type { EmulatorApp } from '../types';

/** Who is calling a kapi endpoint: a user's access token, or an app's admin key for a target user. */
export type KapiCaller =
  | { kind: 'user'; app: EmulatorApp; userId: number; grantId: string; accessExpiresAt: number }
  | { kind: 'admin'; app: EmulatorApp; userId: number };

/**
 * Authenticates `Authorization: Bearer …` (or the `?access_token=` quirk python-social-auth relies on)
 * and, where `allowAdmin`, `KakaoAK <admin key>` + `target_id_type=user_id&target_id=…`.
 * On failure it answers the request and returns undefined.
 */
export function authenticateKapi(
  ctx: EmulatorContext,
  request: FastifyRequest,
  reply: FastifyReply,
  allowAdmin: boolean,
): KapiCaller | undefined {
  const header = request.headers.authorization;
  const match = typeof header === 'string' ? /^(\S+)\s+(\S+)\s*$/.exec(header) : null;
  const scheme = match?.[1]?.toLowerCase();

  if (allowAdmin && scheme === 'kakaoak') {
    const app = ctx.store.appByAdminKey(match![2]!);
    if (!app) {
      sendKapi(reply, -401, 'wrong appKey(admin key) type or invalid key');
      return undefined;
    }
    const idType = param(request.body, 'target_id_type') ?? param(request.query, 'target_id_type');
    const idText = param(request.body, 'target_id') ?? param(request.query, 'target_id');
    if (idType !== 'user_id' || !idText || !/^\d+$/.test(idText)) {
      sendKapi(reply, -2, 'target_id_type=user_id and a numeric target_id are required with an admin key');
      return undefined;
    }
    const userId = Number(idText);
    if (!ctx.store.getConsent(app.clientId, userId)) {
      sendKapi(reply, -101, 'not registered user');
      return undefined;
    }
    return { kind: 'admin', app, userId };
  }

  let token: string | undefined;
  if (scheme === 'bearer') token = match![2];
  else if (header === undefined) token = param(request.query, 'access_token');
  if (header !== undefined && scheme !== 'bearer') {
    sendKapi(reply, -401, 'invalid authorization header');
    return undefined;
  }
  if (!token) {
    sendKapi(reply, -401, 'no authentication key!');
    return undefined;
  }
  const found = ctx.store.findAccessToken(token);
  if (found.kind !== 'ok') {
    sendKapi(
      reply,
      -401,
      found.kind === 'expired' ? 'this access token is already expired' : 'this access token does not exist',
    );
    return undefined;
  }
  const app = ctx.store.apps.get(found.grant.clientId);
  if (!app) {
    sendKapi(reply, -401, 'this access token does not exist');
    return undefined;
  }
  return {
    kind: 'user',
    app,
    userId: found.grant.userId,
    grantId: found.grant.id,
    accessExpiresAt: found.access.expiresAt,
  };
}
