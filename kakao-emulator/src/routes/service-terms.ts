import type { FastifyInstance, FastifyReply } from 'fastify';
import type { EmulatorContext } from '../context';
import { KAUTH_CONTENT_TYPE, sendKapi } from '../errors';
import { param } from '../params';
import { rfc3339 } from '../profile';
import { splitTags } from '../scopes';
import { authenticateKapi } from './kapi-auth';
import { kapiParams, linkedConsent } from './kapi-guards';

const RESULTS = ['agreed_terms', 'app_service_terms'];

/** GET /v2/user/service_terms and POST /v2/user/revoke/service_terms (Kakao Sync service terms). */
export function serviceTermsRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  function send(reply: FastifyReply, body: unknown): FastifyReply {
    return reply.code(200).type(KAUTH_CONTENT_TYPE).send(body);
  }

  app.get('/v2/user/service_terms', async (request, reply) => {
    const caller = authenticateKapi(ctx, request, reply, true);
    if (!caller) return reply;
    const source = kapiParams(request);
    const result = param(source, 'result') ?? 'agreed_terms';
    if (!RESULTS.includes(result)) return sendKapi(reply, -2, `result must be one of ${RESULTS.join(', ')}`);
    const terms = caller.app.serviceTerms ?? [];
    const tags = splitTags(param(source, 'tags'));
    const unknown = tags.filter((tag) => !terms.some((term) => term.tag === tag));
    // Emulator choice: Kakao does not document the answer to a tag the app has not configured.
    if (unknown.length > 0) return sendKapi(reply, -2, `unknown service terms: ${unknown.join(', ')}`);
    const consent = linkedConsent(ctx, caller, reply);
    if (!consent) return reply;
    const listed = terms
      .filter((term) => tags.length === 0 || tags.includes(term.tag))
      .filter((term) => result === 'app_service_terms' || consent.terms.has(term.tag))
      .map((term) => {
        const agreedAt = consent.terms.get(term.tag);
        return {
          tag: term.tag,
          required: term.required,
          agreed: agreedAt !== undefined,
          revocable: !term.required,
          ...(agreedAt !== undefined ? { agreed_at: rfc3339(agreedAt) } : {}),
        };
      });
    return send(reply, { id: caller.userId, service_terms: listed });
  });

  app.post('/v2/user/revoke/service_terms', async (request, reply) => {
    const caller = authenticateKapi(ctx, request, reply, false);
    if (!caller) return reply;
    const tags = splitTags(param(kapiParams(request), 'tags'));
    if (tags.length === 0) return sendKapi(reply, -2, 'tags is required');
    const terms = caller.app.serviceTerms ?? [];
    const unknown = tags.filter((tag) => !terms.some((term) => term.tag === tag));
    if (unknown.length > 0) return sendKapi(reply, -2, `unknown service terms: ${unknown.join(', ')}`);
    const required = tags.filter((tag) => terms.some((term) => term.tag === tag && term.required));
    // Only revocable (optional) terms can be revoked; the code for the others is our choice.
    if (required.length > 0)
      return sendKapi(reply, -2, `required service terms cannot be revoked: ${required.join(', ')}`);
    const consent = linkedConsent(ctx, caller, reply);
    if (!consent) return reply;
    for (const tag of tags) consent.terms.delete(tag);
    return send(reply, {
      id: caller.userId,
      revoked_service_terms: tags.map((tag) => ({ tag, agreed: false })),
    });
  });
}
