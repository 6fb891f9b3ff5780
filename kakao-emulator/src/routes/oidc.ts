import type { FastifyInstance } from 'fastify';
import type { EmulatorContext } from '../context';
import { KAUTH_CONTENT_TYPE, sendKoe } from '../errors';
import { param } from '../params';

export function oidcRoutes(app: FastifyInstance, ctx: EmulatorContext): void {
  // Exactly the field set of Kakao's discovery document (no scopes_supported, no end_session_endpoint).
  app.get('/.well-known/openid-configuration', async (_request, reply) => {
    const base = ctx.publicUrl();
    return reply.type(KAUTH_CONTENT_TYPE).send({
      issuer: base,
      authorization_endpoint: `${base}/oauth/authorize`,
      token_endpoint: `${base}/oauth/token`,
      userinfo_endpoint: `${base}/v1/oidc/userinfo`,
      jwks_uri: `${base}/.well-known/jwks.json`,
      token_endpoint_auth_methods_supported: ['client_secret_post'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      request_uri_parameter_supported: false,
      response_types_supported: ['code'],
      response_modes_supported: ['query'],
      grant_types_supported: ['authorization_code', 'refresh_token'],
      code_challenge_methods_supported: ['S256'],
      claims_supported: [
        'iss',
        'aud',
        'sub',
        'auth_time',
        'exp',
        'iat',
        'nonce',
        'nickname',
        'picture',
        'email',
      ],
    });
  });

  app.get('/.well-known/jwks.json', async (_request, reply) =>
    reply.type(KAUTH_CONTENT_TYPE).send(ctx.keys.jwks()),
  );

  /** Debug endpoint: the decoded payload of a valid id_token, else KOE400. */
  app.post('/oauth/tokeninfo', async (request, reply) => {
    const idToken = param(request.body, 'id_token');
    if (!idToken) return sendKoe(reply, 'KOE400', 'id_token is required');
    try {
      const payload = await ctx.keys.verify(idToken, ctx.publicUrl(), ctx.store.now());
      return reply.type(KAUTH_CONTENT_TYPE).send(payload);
    } catch {
      return sendKoe(reply, 'KOE400', 'invalid id_token');
    }
  });
}
