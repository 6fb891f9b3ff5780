/**
 * A test client's DPoP key and its proofs (RFC 9449 §4), built with jose like the desktop's, plus the hostile
 * variants the tests need (alg none, HS256, a jwk with its private part, wrong claims).
 */
import { createHash, randomUUID } from 'node:crypto';
import { DPOP_PROOF_TYP } from '@kakao-desktop/contract';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';

/** inject()'s default Host is localhost:80, so this is the URL the backend sees. */
export const TEST_ORIGIN = 'http://localhost:80';

export interface ProofOptions {
  method?: string;
  /** Path or full URL; a path is resolved against TEST_ORIGIN. */
  url: string;
  accessToken?: string;
  nonce?: string;
  /** Seconds since the epoch (default: now by `clock`). */
  iat?: number;
  jti?: string;
  /** Extra or overriding claims / header fields. */
  claims?: Record<string, unknown>;
  header?: Record<string, unknown>;
}

export interface DpopKey {
  jkt: string;
  publicJwk: JWK;
  /** A proof JWT for one request. */
  proof(options: ProofOptions): Promise<string>;
  /** `{ dpop: proof }` for inject headers. */
  headers(options: ProofOptions): Promise<Record<string, string>>;
}

export async function newDpopKey(clock: () => Date = () => new Date()): Promise<DpopKey> {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const publicJwk = await exportJWK(publicKey);
  const jkt = await calculateJwkThumbprint(publicJwk);
  const proof = async (o: ProofOptions) => {
    const htu = o.url.startsWith('http') ? o.url : `${TEST_ORIGIN}${o.url}`;
    return new SignJWT({
      jti: o.jti ?? randomUUID(),
      htm: o.method ?? 'POST',
      htu,
      iat: o.iat ?? Math.floor(clock().getTime() / 1000),
      ...(o.accessToken && { ath: createHash('sha256').update(o.accessToken).digest('base64url') }),
      ...(o.nonce && { nonce: o.nonce }),
      ...o.claims,
    })
      .setProtectedHeader({ alg: 'ES256', typ: DPOP_PROOF_TYP, jwk: publicJwk, ...o.header })
      .sign(privateKey);
  };
  return { jkt, publicJwk, proof, headers: async (o) => ({ dpop: await proof(o) }) };
}

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

/** An unsigned proof (alg none) carrying `jwk`. */
export function unsignedProof(jwk: JWK, claims: Record<string, unknown>): string {
  return `${b64({ alg: 'none', typ: DPOP_PROOF_TYP, jwk })}.${b64(claims)}.`;
}

/** An HS256 proof: the "key" is a shared secret, which DPoP never accepts. */
export async function hs256Proof(jwk: JWK, claims: Record<string, unknown>): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256', typ: DPOP_PROOF_TYP, jwk })
    .sign(new TextEncoder().encode('a-shared-secret-of-32-bytes-long!'));
}

/** A proof signed by a key whose header jwk includes the private `d`. */
export async function proofWithPrivateJwk(claims: Record<string, unknown>): Promise<string> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  return new SignJWT(claims).setProtectedHeader({ alg: 'ES256', typ: DPOP_PROOF_TYP, jwk }).sign(privateKey);
}
