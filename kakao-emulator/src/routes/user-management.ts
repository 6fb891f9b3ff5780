import type { FastifyInstance, FastifyReply } from 'fastify';
import type { EmulatorContext } from '../context';
import { KAUTH_CONTENT_TYPE, sendKapi } from '../errors';
import { param } from '../params';
import { parseProperties } from '../scopes';
import type { Consent } from '../store-types';
import type { EmulatorApp } from '../types';
import { authenticateKapi } from './kapi-auth';
import { kapiParams, linkedConsent } from './kapi-guards';

/** Kakao caps a custom property value; longer values are a bad parameter (our reading of the limit). */
const MAX_PROPERTY_LENGTH = 255;

/** POST /v1/user/signup (manual link, auto-link off) and POST /v1/user/update_profile (custom properties). */
export function userManagementRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  const { store } = ctx;

  function send(reply: FastifyReply, body: unknown): FastifyReply {
    return reply.code(200).type(KAUTH_CONTENT_TYPE).send(body);
  }

  /** Validates `properties` against the app's registered keys; answers the error itself. */
  function readProperties(
    kakaoApp: EmulatorApp,
    raw: string | undefined,
    reply: FastifyReply,
  ): { ok: true; value: Record<string, string> | undefined } | { ok: false } {
    const parsed = parseProperties(raw);
    if (!parsed.ok) {
      sendKapi(reply, -2, parsed.msg);
      return { ok: false };
    }
    const entries = Object.entries(parsed.value ?? {});
    const unknown = entries.filter(([key]) => !(kakaoApp.userProperties ?? []).includes(key));
    if (unknown.length > 0) {
      sendKapi(reply, -201, `invalid property keys: ${unknown.map(([key]) => key).join(', ')}`);
      return { ok: false };
    }
    if (entries.some(([, value]) => value.length > MAX_PROPERTY_LENGTH)) {
      sendKapi(reply, -2, `property values are at most ${MAX_PROPERTY_LENGTH} characters`);
      return { ok: false };
    }
    return parsed;
  }

  function saveProperties(consent: Consent, values: Record<string, string> | undefined): void {
    for (const [key, value] of Object.entries(values ?? {})) consent.properties[key] = value;
  }

  app.post('/v1/user/signup', async (request, reply) => {
    const caller = authenticateKapi(ctx, request, reply, false);
    if (!caller) return reply;
    const properties = readProperties(caller.app, param(kapiParams(request), 'properties'), reply);
    if (!properties.ok) return reply;
    const consent = linkedConsent(ctx, caller, reply, { allowUnsignedUp: true });
    if (!consent) return reply;
    if (consent.signedUp) return sendKapi(reply, -102, 'already registered user');
    consent.signedUp = true;
    consent.connectedAt = store.now();
    saveProperties(consent, properties.value);
    return send(reply, { id: caller.userId });
  });

  app.post('/v1/user/update_profile', async (request, reply) => {
    const caller = authenticateKapi(ctx, request, reply, false);
    if (!caller) return reply;
    const raw = param(kapiParams(request), 'properties');
    if (raw === undefined || raw === '') return sendKapi(reply, -2, 'properties is required');
    const properties = readProperties(caller.app, raw, reply);
    if (!properties.ok) return reply;
    const consent = linkedConsent(ctx, caller, reply);
    if (!consent) return reply;
    saveProperties(consent, properties.value);
    return send(reply, { id: caller.userId });
  });
}
