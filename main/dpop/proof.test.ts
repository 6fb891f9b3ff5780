/** The proof signer, checked with jose as a server would: header, claims, the public key only, ath, nonce. */
import { createHash } from 'node:crypto';
import { calculateJwkThumbprint, decodeProtectedHeader, importJWK, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { MemoryVault } from '../../test/helpers/fakes/memory-vault';
import { createInstallKeyStore } from './install-key';
import { accessTokenHash, proofTarget, signDpopProof } from './proof';
import { createDpopProver } from './prover';

const NOW = Date.UTC(2026, 11, 2, 7, 0, 0, 500);
const key = () => createInstallKeyStore({ vault: new MemoryVault() }).get();

async function verify(proof: string) {
  const header = decodeProtectedHeader(proof);
  const publicKey = await importJWK(header.jwk!, 'ES256');
  return { header, ...(await jwtVerify(proof, publicKey, { typ: 'dpop+jwt', algorithms: ['ES256'] })) };
}

describe('signDpopProof', () => {
  it('signs an ES256 dpop+jwt whose header carries the public JWK only, verifiable with that key', async () => {
    const installKey = await key();
    const proof = await signDpopProof(
      installKey,
      { method: 'post', url: 'http://127.0.0.1:9020/auth/refresh' },
      { nowMs: NOW, jti: 'id-1' },
    );
    const { header, payload } = await verify(proof);
    expect(header).toEqual({ typ: 'dpop+jwt', alg: 'ES256', jwk: installKey.publicJwk });
    expect(Object.keys(header.jwk!).sort()).toEqual(['crv', 'kty', 'x', 'y']); // no `d`
    expect(payload).toEqual({
      jti: 'id-1',
      htm: 'POST',
      htu: 'http://127.0.0.1:9020/auth/refresh',
      iat: Math.floor(NOW / 1000),
    });
    // The thumbprint the server binds is the install key's, stable across proofs.
    const again = await signDpopProof(
      installKey,
      { method: 'GET', url: 'http://x/me' },
      { nowMs: NOW, jti: 'j' },
    );
    expect(await calculateJwkThumbprint(decodeProtectedHeader(again).jwk!)).toBe(
      await calculateJwkThumbprint(installKey.publicJwk),
    );
  });

  it('adds ath = base64url(sha256(access token)) and the nonce when given; htu drops query and fragment', async () => {
    const proof = await signDpopProof(
      await key(),
      {
        method: 'GET',
        url: 'http://127.0.0.1:9020/auth/sessions?x=1#frag',
        accessToken: 'at-123',
        nonce: 'n-9',
      },
      { nowMs: NOW, jti: 'id-2' },
    );
    const { payload } = await verify(proof);
    expect(payload).toMatchObject({
      htm: 'GET',
      htu: 'http://127.0.0.1:9020/auth/sessions',
      ath: createHash('sha256').update('at-123').digest('base64url'),
      nonce: 'n-9',
    });
  });

  it('proofTarget and accessTokenHash', () => {
    expect(proofTarget('https://api.example.test/a/b?c=d#e')).toBe('https://api.example.test/a/b');
    // RFC 9449 §7.1's example token hash.
    expect(accessTokenHash('Kz~8mXK1EalYznwH-LC-1fBAo.4Ljp~zsPE_NeO.gxU')).toBe(
      'fUHyO2r2Z3DZ53EsNrWBb0xWXoaNy59IiKCAqksmQEo',
    );
  });
});

describe('createDpopProver', () => {
  it('uses the clock and a new id per proof', async () => {
    const ids = ['a', 'b'];
    const prover = createDpopProver({
      key: createInstallKeyStore({ vault: new MemoryVault() }),
      clock: { now: () => NOW },
      randomId: () => ids.shift()!,
    });
    const request = { method: 'POST', url: 'http://127.0.0.1:9020/auth/logout' };
    const first = await verify(await prover.proof(request));
    const second = await verify(await prover.proof(request));
    expect([first.payload.jti, second.payload.jti]).toEqual(['a', 'b']);
    expect(first.payload.iat).toBe(Math.floor(NOW / 1000));
  });

  it('uses random UUIDs by default', async () => {
    const prover = createDpopProver({ key: createInstallKeyStore({ vault: new MemoryVault() }) });
    const { payload } = await verify(await prover.proof({ method: 'GET', url: 'http://x/me' }));
    expect(payload.jti).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(Math.abs(payload.iat! - Date.now() / 1000)).toBeLessThan(5);
  });
});
