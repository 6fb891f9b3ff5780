import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DpopProofError, htuOf, verifyProof } from '../../src/dpop/proof';
import { newDpopKey } from '../helpers/dpop';

const now = new Date('2026-12-02T07:00:00Z');
const iat = Math.floor(now.getTime() / 1000);
const expect200 = { method: 'POST', url: 'http://127.0.0.1:9020/auth/refresh', now, maxAgeSeconds: 60 };

describe('verifyProof', () => {
  it('accepts a good proof and returns its key thumbprint', async () => {
    const key = await newDpopKey(() => now);
    const proof = await key.proof({ url: 'http://127.0.0.1:9020/auth/refresh' });
    await expect(verifyProof(proof, expect200)).resolves.toMatchObject({ jkt: key.jkt, iat });
  });

  it('compares htu as a normalized URL without query or fragment', async () => {
    expect(htuOf('HTTP://LocalHost:80/a?b=1#c')).toBe('http://localhost/a');
    expect(htuOf('https://h:443/a')).toBe('https://h/a');
    expect(htuOf('not a url')).toBeUndefined();
    const key = await newDpopKey(() => now);
    const proof = await key.proof({ url: 'http://127.0.0.1:9020/auth/refresh' });
    await expect(verifyProof(proof, { ...expect200, url: `${expect200.url}?x=1` })).resolves.toBeDefined();
    const other = await key.proof({ url: 'http://127.0.0.1:9021/auth/refresh' });
    await expect(verifyProof(other, expect200)).rejects.toThrow(/htu/);
  });

  it('accepts iat at the edge of the window, refuses one second past it either way', async () => {
    const key = await newDpopKey(() => now);
    const at = (s: number) => key.proof({ url: expect200.url, iat: iat + s });
    await expect(verifyProof(await at(60), expect200)).resolves.toBeDefined();
    await expect(verifyProof(await at(-60), expect200)).resolves.toBeDefined();
    await expect(verifyProof(await at(61), expect200)).rejects.toThrow(/iat/);
    await expect(verifyProof(await at(-61), expect200)).rejects.toThrow(/iat/);
  });

  it('needs ath only when an access token is presented, and then the right one', async () => {
    const key = await newDpopKey(() => now);
    const withAth = await key.proof({ url: expect200.url, accessToken: 'at-1' });
    await expect(verifyProof(withAth, { ...expect200, accessToken: 'at-1' })).resolves.toBeDefined();
    await expect(verifyProof(withAth, { ...expect200, accessToken: 'at-2' })).rejects.toThrow(/ath/);
    const without = await key.proof({ url: expect200.url });
    await expect(verifyProof(without, { ...expect200, accessToken: 'at-1' })).rejects.toThrow(/ath/);
  });

  it('refuses a proof whose signature does not match its jwk (a key swapped into the header)', async () => {
    const a = await newDpopKey(() => now);
    const b = await newDpopKey(() => now);
    const proof = await a.proof({ url: expect200.url, header: { jwk: b.publicJwk } });
    await expect(verifyProof(proof, expect200)).rejects.toThrow(/signature/);
  });

  it('any junk header is a DpopProofError, never another error', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.tuple(fc.string(), fc.string(), fc.string()).map((p) => p.join('.')),
          fc
            .tuple(fc.json(), fc.json())
            .map(
              ([h, p]) => `${Buffer.from(h).toString('base64url')}.${Buffer.from(p).toString('base64url')}.`,
            ),
        ),
        async (junk) => {
          const error = await verifyProof(junk, expect200).catch((e: unknown) => e);
          expect(error).toBeInstanceOf(DpopProofError);
        },
      ),
      { numRuns: 300 },
    );
  });
});
