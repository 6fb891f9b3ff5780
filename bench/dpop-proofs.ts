/**
 * The bench client's DPoP key and proofs (RFC 9449): one proof per request, signed up front with node:crypto
 * (ES256, P1363 signatures: the compact JWS jose produces) so the load generator never waits on signing.
 */
import { createHash, generateKeyPairSync, randomUUID, sign } from 'node:crypto';

export interface BenchDpopKey {
  /** RFC 7638 thumbprint: the families are minted bound to it. */
  jkt: string;
  /** `count` proofs for POST `url`, each with its own jti. */
  proofs(url: string, count: number): string[];
}

export function newBenchDpopKey(): BenchDpopKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const { x, y } = publicKey.export({ format: 'jwk' });
  // RFC 7638: the required members in lexicographic order, no whitespace.
  const jkt = createHash('sha256')
    .update(JSON.stringify({ crv: 'P-256', kty: 'EC', x, y }))
    .digest('base64url');
  const header = Buffer.from(
    JSON.stringify({ alg: 'ES256', typ: 'dpop+jwt', jwk: { kty: 'EC', crv: 'P-256', x, y } }),
  ).toString('base64url');
  return {
    jkt,
    proofs(url, count) {
      const iat = Math.floor(Date.now() / 1000);
      return Array.from({ length: count }, () => {
        const claims = { jti: randomUUID(), htm: 'POST', htu: url, iat };
        const input = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
        const signature = sign('sha256', Buffer.from(input), { key: privateKey, dsaEncoding: 'ieee-p1363' });
        return `${input}.${signature.toString('base64url')}`;
      });
    },
  };
}
