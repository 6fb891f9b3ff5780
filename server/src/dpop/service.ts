/**
 * DPoP for the routes: checks the `DPoP` header of a request (exactly one proof), the proof itself (proof.ts), the
 * server nonce when required (nonce.ts) and that the proof was never seen before (replay-store.ts). Refusals are
 * ApiErrors carrying `WWW-Authenticate: DPoP error="…"` and, for a missing or stale nonce, a fresh `DPoP-Nonce`.
 */
import { DPOP_AUTH_SCHEME, DPOP_NONCE_HEADER } from '@kakao-desktop/contract';
import type { Database } from '../db/client';
import { ApiError, dpopProofRefused } from '../problem';
import type { DpopConfig } from './config';
import { createNonceSource, nonceKeyFrom } from './nonce';
import { DpopProofError, verifyProof } from './proof';
import { createReplayStore } from './replay-store';

/** What a route hands over: the request as far as DPoP cares. */
export interface DpopRequest {
  /** Every value of the DPoP header, as received. */
  proofs: string[];
  method: string;
  url: string;
  /** The access token the request presents, if any (then `ath` is required). */
  accessToken?: string | undefined;
}

export interface DpopService {
  readonly config: DpopConfig;
  /** The proof's key thumbprint, undefined when the request carries no proof; throws ApiError when it is bad. */
  check(request: DpopRequest, now: Date): Promise<{ jkt: string } | undefined>;
  /** The nonce to send now (when nonces are required). */
  nonce(now: Date): string;
  purgeExpired(now: Date, limit: number): Promise<number>;
}

export function createDpopService(
  database: Database,
  config: DpopConfig,
  encryptionKey: Buffer,
): DpopService {
  const nonces = createNonceSource(nonceKeyFrom(encryptionKey), config.nonceWindowSeconds);
  const replays = createReplayStore(database);
  const nonceHeaders = (now: Date): Record<string, string> =>
    config.nonceRequired ? { [DPOP_NONCE_HEADER.toLowerCase()]: nonces.current(now) } : {};

  return {
    config,
    async check(request, now) {
      if (request.proofs.length === 0) return undefined;
      if (request.proofs.length > 1)
        throw dpopProofRefused('Send exactly one DPoP header.', nonceHeaders(now));
      try {
        const proof = await verifyProof(request.proofs[0]!, {
          method: request.method,
          url: request.url,
          now,
          maxAgeSeconds: config.proofMaxAgeSeconds,
          accessToken: request.accessToken,
        });
        if (config.nonceRequired && (proof.nonce === undefined || !nonces.isValid(proof.nonce, now)))
          throw new DpopProofError('use_dpop_nonce', 'Retry with the nonce in the DPoP-Nonce header.');
        // Last, so a refused proof never fills the cache; kept until its iat leaves the acceptance window.
        const expiresAt = new Date((proof.iat + config.proofMaxAgeSeconds + 1) * 1000);
        if (!(await replays.remember({ jkt: proof.jkt, jti: proof.jti, expiresAt })))
          throw new DpopProofError('invalid_dpop_proof', 'This DPoP proof was already used (jti).');
        return { jkt: proof.jkt };
      } catch (error) {
        if (!(error instanceof DpopProofError)) throw error;
        if (error.code === 'use_dpop_nonce')
          throw new ApiError(401, 'use_dpop_nonce', {
            detail: error.detail,
            headers: {
              'www-authenticate': `${DPOP_AUTH_SCHEME} error="use_dpop_nonce"`,
              ...nonceHeaders(now),
            },
          });
        throw dpopProofRefused(error.detail, nonceHeaders(now));
      }
    },
    nonce: (now) => nonces.current(now),
    purgeExpired: replays.purgeExpired,
  };
}
