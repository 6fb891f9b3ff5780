import type { FastifyInstance, FastifyReply } from 'fastify';
import type { EmulatorContext } from '../context';
import { KAUTH_CONTENT_TYPE, sendKapi } from '../errors';
import { param } from '../params';
import { parseStringArray, requiredScopes, scopeInfo } from '../scopes';
import { allowedScopes } from '../store';
import { authenticateKapi } from './kapi-auth';
import { kapiParams, linkedConsent } from './kapi-guards';

/** GET /v2/user/scopes and POST /v2/user/revoke/scopes (Kakao REST API reference, "Consent details"). */
export function scopeRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  function send(reply: FastifyReply, body: unknown): FastifyReply {
    return reply.code(200).type(KAUTH_CONTENT_TYPE).send(body);
  }

  app.get('/v2/user/scopes', async (request, reply) => {
    const caller = authenticateKapi(ctx, request, reply, true);
    if (!caller) return reply;
    const ids = parseStringArray(param(kapiParams(request), 'scopes'), 'scopes');
    if (!ids.ok) return sendKapi(reply, -2, ids.msg);
    const consent = linkedConsent(ctx, caller, reply);
    if (!consent) return reply;
    const configured = allowedScopes(caller.app);
    // Emulator choice: an id the app does not use is a bad parameter (Kakao does not document the answer).
    const unknown = (ids.value ?? []).filter((id) => !configured.includes(id));
    if (unknown.length > 0) return sendKapi(reply, -2, `unknown scope ids: ${unknown.join(', ')}`);
    return send(reply, { id: caller.userId, scopes: scopeInfo(caller.app, configured, consent, ids.value) });
  });

  app.post('/v2/user/revoke/scopes', async (request, reply) => {
    const caller = authenticateKapi(ctx, request, reply, false);
    if (!caller) return reply;
    const ids = parseStringArray(param(kapiParams(request), 'scopes'), 'scopes');
    if (!ids.ok) return sendKapi(reply, -2, ids.msg);
    if (!ids.value || ids.value.length === 0) return sendKapi(reply, -2, 'scopes is required');
    const consent = linkedConsent(ctx, caller, reply);
    if (!consent) return reply;
    const configured = allowedScopes(caller.app);
    const unknown = ids.value.filter((id) => !configured.includes(id));
    if (unknown.length > 0) return sendKapi(reply, -2, `unknown scope ids: ${unknown.join(', ')}`);
    const required = requiredScopes(caller.app);
    const refused = ids.value.filter((id) => required.has(id));
    // Kakao revokes only items with revocable=true; the error code for the others is our choice.
    if (refused.length > 0)
      return sendKapi(reply, -2, `required scopes cannot be revoked: ${refused.join(', ')}`);
    for (const id of ids.value) {
      consent.scopes.delete(id);
      // Like an unticked item: not asked again on a plain login, only through `scope`.
      consent.declined.add(id);
    }
    return send(reply, { id: caller.userId, scopes: scopeInfo(caller.app, configured, consent) });
  });
}
