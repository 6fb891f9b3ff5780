/**
 * Verifies one DPoP proof JWT (RFC 9449 §4.3) against the request it came with. Pure but for the crypto: the
 * replay cache and the nonce are the caller's (service.ts). Only ES256 with a public P-256 JWK is accepted.
 */
import { createHash } from 'node:crypto';
import { DPOP_ALGORITHM, DPOP_PROOF_TYP } from '@kakao-desktop/contract';
import {
  type CryptoKey,
  calculateJwkThumbprint,
  decodeProtectedHeader,
  importJWK,
  type JWK,
  jwtVerify,
} from 'jose';

export type DpopErrorCode = 'invalid_dpop_proof' | 'use_dpop_nonce';

/** A refused proof; `detail` says why in words safe to return (never the proof itself). */
export class DpopProofError extends Error {
  override name = 'DpopProofError';
  constructor(
    readonly code: DpopErrorCode,
    readonly detail: string,
  ) {
    super(detail);
  }
}

export interface ProofExpectations {
  method: string;
  /** The request's URL; query and fragment are ignored. */
  url: string;
  now: Date;
  maxAgeSeconds: number;
  /** The access token presented with the proof: `ath` must be its hash. */
  accessToken?: string | undefined;
}

export interface VerifiedProof {
  /** RFC 7638 thumbprint of the proof's key. */
  jkt: string;
  jti: string;
  iat: number;
  nonce: string | undefined;
}

const MAX_JTI_LENGTH = 256;
const refuse = (detail: string): never => {
  throw new DpopProofError('invalid_dpop_proof', detail);
};

/** scheme://host[:port]/path, normalized by WHATWG URL (lower-case host, default port dropped). */
export function htuOf(url: string): string | undefined {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return undefined;
  }
}

export const accessTokenHash = (accessToken: string) =>
  createHash('sha256').update(accessToken).digest('base64url');

function publicKeyOf(jwk: unknown): JWK {
  if (typeof jwk !== 'object' || jwk === null || Array.isArray(jwk)) return refuse('The proof has no jwk.');
  const key = jwk as Record<string, unknown>;
  if ('d' in key) return refuse('The proof carries a private key.');
  if (key.kty !== 'EC' || key.crv !== 'P-256' || typeof key.x !== 'string' || typeof key.y !== 'string')
    return refuse('The proof key must be a public EC P-256 key.');
  return { kty: 'EC', crv: 'P-256', x: key.x, y: key.y };
}

// The same install presents the same key on every request: its imported form and thumbprint are kept (bounded).
const keyCache = new Map<string, { key: CryptoKey; jkt: string }>();
const KEY_CACHE_MAX = 1000;

async function importProofKey(jwk: JWK): Promise<{ key: CryptoKey; jkt: string }> {
  const id = `${jwk.x}.${jwk.y}`;
  const cached = keyCache.get(id);
  if (cached) return cached;
  let imported: { key: CryptoKey; jkt: string };
  try {
    const key = (await importJWK(jwk, DPOP_ALGORITHM)) as CryptoKey;
    imported = { key, jkt: await calculateJwkThumbprint(jwk, 'sha256') };
  } catch {
    return refuse('The proof key is not a valid P-256 point.');
  }
  if (keyCache.size >= KEY_CACHE_MAX) keyCache.delete(keyCache.keys().next().value!);
  keyCache.set(id, imported);
  return imported;
}

export async function verifyProof(proof: string, expect: ProofExpectations): Promise<VerifiedProof> {
  let header: ReturnType<typeof decodeProtectedHeader>;
  try {
    header = decodeProtectedHeader(proof);
  } catch {
    return refuse('The DPoP proof is not a JWT.');
  }
  if (header.typ !== DPOP_PROOF_TYP) refuse(`The proof's typ must be ${DPOP_PROOF_TYP}.`);
  if (header.alg !== DPOP_ALGORITHM) refuse(`The proof must be signed with ${DPOP_ALGORITHM}.`);
  const { key, jkt } = await importProofKey(publicKeyOf(header.jwk));
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(proof, key, {
      algorithms: [DPOP_ALGORITHM],
      typ: DPOP_PROOF_TYP,
      currentDate: expect.now,
    }));
  } catch {
    return refuse('The proof signature does not verify.');
  }
  const { jti, htm, htu, iat, ath, nonce } = payload;
  if (typeof jti !== 'string' || jti.length === 0 || jti.length > MAX_JTI_LENGTH)
    refuse('The proof needs a jti of at most 256 characters.');
  if (htm !== expect.method) refuse('The proof is for another HTTP method (htm).');
  if (typeof htu !== 'string' || htuOf(htu) === undefined || htuOf(htu) !== htuOf(expect.url))
    refuse('The proof is for another URL (htu).');
  if (typeof iat !== 'number' || !Number.isFinite(iat)) return refuse('The proof has no iat.');
  if (Math.abs(expect.now.getTime() / 1000 - iat) > expect.maxAgeSeconds)
    refuse('The proof is too old or from the future (iat).');
  if (expect.accessToken !== undefined && ath !== accessTokenHash(expect.accessToken))
    refuse('The proof does not match the access token (ath).');
  if (nonce !== undefined && typeof nonce !== 'string') refuse('The proof nonce must be a string.');
  return { jkt, jti: jti as string, iat, nonce: nonce as string | undefined };
}
