/** Bearer authentication with our access token; the session (family) must still be live. */
import type { FastifyRequest } from 'fastify';
import { ApiError } from '../problem';
import type { SessionService } from '../sessions/service';
import type { AccessTokenService } from '../tokens/access-token';

export interface AuthContext {
  userId: string;
  sessionId: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    auth?: AuthContext;
  }
}

const unauthorized = (detail: string) => new ApiError(401, 'unauthorized', { detail });

export function authenticate(deps: {
  accessTokens: AccessTokenService;
  sessions: SessionService;
  clock: () => Date;
}) {
  return async (request: FastifyRequest): Promise<void> => {
    const header = request.headers.authorization;
    const match = header && /^Bearer ([A-Za-z0-9\-_.]+)$/.exec(header);
    if (!match) throw unauthorized('Send our access token as "Authorization: Bearer <token>".');
    let claims: { sub: string; sid: string };
    try {
      claims = await deps.accessTokens.verify(match[1]!, deps.clock());
    } catch {
      throw unauthorized('The access token is invalid or expired.');
    }
    // One indexed lookup: a revoked family's access tokens stop working immediately, not at expiry.
    if (!(await deps.sessions.isLive(claims.sid, claims.sub))) throw unauthorized('This session has ended.');
    request.auth = { userId: claims.sub, sessionId: claims.sid };
  };
}
