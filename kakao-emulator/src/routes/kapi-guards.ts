import { createHash } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { EmulatorContext } from '../context';
import { sendKapi } from '../errors';
import type { Consent } from '../store-types';
import type { KapiCaller } from './kapi-auth';

/** A kapi request's parameters: the query, and for POST the form/JSON body over it. */
export function kapiParams(request: FastifyRequest): Record<string, unknown> {
  const query = (request.query ?? {}) as Record<string, unknown>;
  if (request.method !== 'POST' || !request.body || typeof request.body !== 'object') return query;
  return { ...query, ...(request.body as Record<string, unknown>) };
}

/** The caller's link to the app, or -101 when there is none (answered here). */
export function linkedConsent(
  ctx: EmulatorContext,
  caller: KapiCaller,
  reply: FastifyReply,
  { allowUnsignedUp = false } = {},
): Consent | undefined {
  const consent = ctx.store.getConsent(caller.app.clientId, caller.userId);
  // Auto-link off: until POST /v1/user/signup only user/me, signup, token info, logout and unlink answer.
  if (!consent || !ctx.store.accounts.has(caller.userId) || (!consent.signedUp && !allowUnsignedUp)) {
    sendKapi(reply, -101, 'not registered user');
    return undefined;
  }
  return consent;
}

/** -402 with the missing consent items in `required_scopes`, or true when every one is agreed. */
export function hasConsent(consent: Consent, scopes: string[], reply: FastifyReply): boolean {
  const missing = scopes.filter((scope) => !consent.scopes.has(scope));
  if (missing.length === 0) return true;
  sendKapi(reply, -402, 'insufficient scopes.', { required_scopes: missing });
  return false;
}

/** `for_partner.uuid`: stable per app and user, like Kakao's. */
export function partnerUuid(appId: number, userId: number): string {
  return createHash('sha256').update(`${appId}:${userId}`).digest('base64url').slice(0, 16);
}
