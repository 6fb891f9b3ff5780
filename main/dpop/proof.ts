/**
 * DPoP proofs (RFC 9449 §4.2): one short-lived JWT per HTTP request, signed with the install key. Pure given
 * the key, the time and the proof id, so every claim is checked in tests with a fixed clock.
 * @see https://www.rfc-editor.org/rfc/rfc9449#section-4.2
 */
import { createHash } from 'node:crypto';
import { DPOP_ALGORITHM, DPOP_PROOF_TYP } from '@kakao-desktop/contract';
import { SignJWT } from 'jose';
import type { InstallKey } from './install-key';

/** The request a proof is for. */
export interface ProofRequest {
  /** HTTP method, any case (`htm` is upper case). */
  method: string;
  /** The full request URL; its query and fragment are left out of `htu`. */
  url: string;
  /** The access token sent with the request: adds `ath` (§4.2). */
  accessToken?: string;
  /** The server's latest DPoP-Nonce (§8). */
  nonce?: string;
}

/** `htu`: the request URL without query and fragment (§4.2). */
export function proofTarget(url: string): string {
  const target = new URL(url);
  target.search = '';
  target.hash = '';
  return target.href;
}

/** `ath`: base64url of the SHA-256 of the access token's ASCII bytes (§4.2). */
export function accessTokenHash(accessToken: string): string {
  return createHash('sha256').update(accessToken, 'ascii').digest('base64url');
}

export async function signDpopProof(
  key: InstallKey,
  request: ProofRequest,
  at: { nowMs: number; jti: string },
): Promise<string> {
  const claims = {
    jti: at.jti,
    htm: request.method.toUpperCase(),
    htu: proofTarget(request.url),
    iat: Math.floor(at.nowMs / 1000),
    ...(request.accessToken !== undefined ? { ath: accessTokenHash(request.accessToken) } : {}),
    ...(request.nonce !== undefined ? { nonce: request.nonce } : {}),
  };
  // The public JWK, field by field: a private `d` can never slip into the header.
  const { kty, crv, x, y } = key.publicJwk;
  return new SignJWT(claims)
    .setProtectedHeader({ typ: DPOP_PROOF_TYP, alg: DPOP_ALGORITHM, jwk: { kty, crv, x, y } })
    .sign(key.privateKey);
}
