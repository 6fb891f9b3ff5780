/** DPoP's HTTP side: a Fastify request as the DPoP service's input, and the nonce on every answer when required. */
import { DPOP_HEADER, DPOP_NONCE_HEADER } from '@kakao-desktop/contract';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { DpopRequest, DpopService } from '../dpop/service';

const HEADER = DPOP_HEADER.toLowerCase();

export function dpopRequestOf(request: FastifyRequest, accessToken?: string): DpopRequest {
  // Node joins repeated headers with ", ": the raw list tells one proof from two.
  const raw = request.raw.rawHeaders;
  const proofs: string[] = [];
  for (let i = 0; i < raw.length; i += 2) if (raw[i]!.toLowerCase() === HEADER) proofs.push(raw[i + 1]!);
  return {
    proofs,
    method: request.method,
    // protocol and host honour X-Forwarded-* only from TRUST_PROXY's proxies.
    url: `${request.protocol}://${request.host}${request.url}`,
    accessToken,
  };
}

/** With nonces required, every answer carries the current one (§8.2), so a client rarely needs the retry. */
export function sendDpopNonces(app: FastifyInstance, dpop: DpopService, clock: () => Date): void {
  if (!dpop.config.nonceRequired) return;
  const name = DPOP_NONCE_HEADER.toLowerCase();
  app.addHook('onSend', async (_request, reply, payload) => {
    if (!reply.hasHeader(name)) reply.header(name, dpop.nonce(clock()));
    return payload;
  });
}
