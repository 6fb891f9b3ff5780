/**
 * DPoP settings (RFC 9449), validated with the rest of the environment (config.ts spreads DPOP_ENV into its
 * schema). Defaults keep every existing client working: proofs are optional and nonces are off.
 */
import { z } from 'zod';

const seconds = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

export const DPOP_ENV = {
  DPOP_REQUIRED_FOR_SIGN_IN: flag.default(false),
  DPOP_NONCE_REQUIRED: flag.default(false),
  DPOP_NONCE_WINDOW_SECONDS: seconds(10, 3600).default(300),
  DPOP_PROOF_MAX_AGE_SECONDS: seconds(5, 600).default(60),
};

export interface DpopConfig {
  /** A sign-in without a proof is refused (every new family is bound). */
  requiredForSignIn: boolean;
  /** Every proof must carry a current server nonce (§8). */
  nonceRequired: boolean;
  /** A nonce is valid in its window and the next one. */
  nonceWindowSeconds: number;
  /** A proof's iat may be this far in the past or the future. */
  proofMaxAgeSeconds: number;
}

type DpopEnv = z.output<z.ZodObject<typeof DPOP_ENV>>;

export function dpopConfigFrom(e: DpopEnv): DpopConfig {
  return {
    requiredForSignIn: e.DPOP_REQUIRED_FOR_SIGN_IN,
    nonceRequired: e.DPOP_NONCE_REQUIRED,
    nonceWindowSeconds: e.DPOP_NONCE_WINDOW_SECONDS,
    proofMaxAgeSeconds: e.DPOP_PROOF_MAX_AGE_SECONDS,
  };
}
