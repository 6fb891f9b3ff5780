/**
 * The DPoP port the backend client uses: the install key, the clock and a fresh random `jti` per proof,
 * around the pure signer.
 */
import { randomUUID } from 'node:crypto';
import { type Clock, systemClock } from '../clock';
import type { InstallKeyStore } from './install-key';
import { type ProofRequest, signDpopProof } from './proof';

export interface DpopProver {
  /** A new proof for this request (never reused: the server refuses a replayed `jti`). */
  proof(request: ProofRequest): Promise<string>;
}

export interface DpopProverOptions {
  key: InstallKeyStore;
  clock?: Pick<Clock, 'now'>;
  /** Test seam: the proof id. */
  randomId?: () => string;
}

export function createDpopProver(options: DpopProverOptions): DpopProver {
  const clock = options.clock ?? systemClock;
  const randomId = options.randomId ?? randomUUID;
  return {
    async proof(request) {
      return signDpopProof(await options.key.get(), request, { nowMs: clock.now(), jti: randomId() });
    },
  };
}
