/**
 * Access-token authentication; the session (family) must still be live. A token bound to a DPoP key (cnf.jkt) is
 * accepted only as `Authorization: DPoP <token>` with a proof of that key for this request, carrying `ath`
 * (RFC 9449 §7); an unbound token only as `Bearer`.
 */
import { DPOP_AUTH_SCHEME } from '@kakao-desktop/contract';
import type { FastifyRequest } from 'fastify';
import type { DpopService } from '../dpop/service';
import { ApiError, dpopProofRefused } from '../problem';
import type { SessionService } from '../sessions/service';
import type { AccessTokenClaims, AccessTokenService } from '../tokens/access-token';
import { dpopRequestOf } from './dpop';

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
const AUTHORIZATION = /^(Bearer|DPoP) ([A-Za-z0-9\-_.]+)$/;

export function authenticate(deps: {
  accessTokens: AccessTokenService;
  sessions: SessionService;
  dpop: DpopService;
  clock: () => Date;
}) {
  return async (request: FastifyRequest): Promise<void> => {
    const match = AUTHORIZATION.exec(request.headers.authorization ?? '');
    if (!match) throw unauthorized('Send our access token as "Authorization: Bearer <token>" (or DPoP).');
    const [, scheme, token] = match as unknown as [string, string, string];
    const now = deps.clock();
    let claims: AccessTokenClaims;
    try {
      claims = await deps.accessTokens.verify(token, now);
    } catch {
      throw unauthorized('The access token is invalid or expired.');
    }
    const boundTo = claims.cnf?.jkt;
    if (boundTo) {
      if (scheme !== DPOP_AUTH_SCHEME)
        throw dpopProofRefused('This access token is bound to a key: send it as "Authorization: DPoP".');
      const proof = await deps.dpop.check(dpopRequestOf(request, token), now);
      if (!proof) throw dpopProofRefused('Send a DPoP proof with this access token.');
      if (proof.jkt !== boundTo) throw dpopProofRefused('The DPoP proof is not made with the bound key.');
    } else if (scheme !== 'Bearer') {
      throw unauthorized('This access token is not bound to a key: send it as "Authorization: Bearer".');
    }
    // One indexed lookup: a revoked family's access tokens stop working immediately, not at expiry.
    if (!(await deps.sessions.isLive(claims.sid, claims.sub))) throw unauthorized('This session has ended.');
    request.auth = { userId: claims.sub, sessionId: claims.sid };
  };
}
