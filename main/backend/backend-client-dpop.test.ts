/** The backend client with a DPoP port, against a tiny real HTTP server: proofs, the DPoP scheme, nonces. */
import { createHash } from 'node:crypto';
import { decodeProtectedHeader, importJWK, type JWTPayload, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  type CannedHandler,
  cannedBackend,
  failure as failed,
  json,
  tokenResponse as tokens,
} from '../../test/helpers/canned-backend';
import { MemoryVault } from '../../test/helpers/fakes/memory-vault';
import { fakeProfile } from '../../test/helpers/fakes/profile';
import { createInstallKeyStore } from '../dpop/install-key';
import { createDpopProver } from '../dpop/prover';
import { createBackendClient } from './backend-client';
import type { BackendError } from './backend-error';

const backend = cannedBackend();
const received = backend.received;
let handler: CannedHandler = (_req, res) => res.end();
backend.answer((req, res, body) => handler(req, res, body));

const problem = (code: string, status = 401) => ({ type: 'about:blank', title: code, status, code });
const failure = (promise: Promise<unknown>) => failed<BackendError>(promise);

const dpopClient = () =>
  createBackendClient({
    baseUrl: backend.baseUrl,
    dpop: createDpopProver({ key: createInstallKeyStore({ vault: new MemoryVault() }) }),
  });

/** The proof a request carried, verified with the key in its own header (as the server does). */
async function proofOf(index: number): Promise<JWTPayload> {
  const proof = received[index]?.headers.dpop;
  if (typeof proof !== 'string') throw new Error(`request ${index} carried no DPoP proof`);
  const header = decodeProtectedHeader(proof);
  expect(header).toMatchObject({ typ: 'dpop+jwt', alg: 'ES256' });
  expect(header.jwk).not.toHaveProperty('d');
  return (await jwtVerify(proof, await importJWK(header.jwk!, 'ES256'))).payload;
}

describe('backend client with DPoP', () => {
  it('exchange, refresh and logout carry a proof for their method and URL, and no Authorization', async () => {
    handler = (req, res) =>
      req.url === '/auth/logout' ? res.writeHead(204).end() : json(res, 200, tokens('DPoP'));
    const client = dpopClient();
    await client.exchange({
      code: 'c',
      redirect_uri: 'http://localhost:9021/callback',
      code_verifier: 'v'.repeat(43),
    });
    await client.refresh('rt-1');
    await client.logout('rt-2');
    const proofs = await Promise.all([0, 1, 2].map(proofOf));
    expect(proofs.map((p) => [p.htm, p.htu])).toEqual([
      ['POST', `${backend.baseUrl}/auth/kakao/exchange`],
      ['POST', `${backend.baseUrl}/auth/refresh`],
      ['POST', `${backend.baseUrl}/auth/logout`],
    ]);
    expect(proofs.every((p) => p.ath === undefined && p.nonce === undefined)).toBe(true);
    expect(new Set(proofs.map((p) => p.jti)).size).toBe(3);
    expect(received.map((r) => r.headers.authorization)).toEqual([undefined, undefined, undefined]);
    // One install key for every proof.
    const keys = received.map((r) => JSON.stringify(decodeProtectedHeader(String(r.headers.dpop)).jwk));
    expect(new Set(keys).size).toBe(1);
  });

  it('a bound access token (token_type DPoP) goes as `Authorization: DPoP` with a proof carrying its ath', async () => {
    handler = (req, res) => {
      if (req.url === '/auth/refresh') return json(res, 200, tokens('DPoP', 'at-bound'));
      if (req.url === '/auth/sessions') return json(res, 200, { sessions: [] });
      if (req.method === 'GET') return json(res, 200, fakeProfile());
      res.writeHead(204).end();
    };
    const client = dpopClient();
    await client.refresh('rt-1');
    await client.me('at-bound');
    await client.sessions('at-bound');
    await client.deleteSession('at-bound', 'a b');
    await client.deleteMe('at-bound');
    const calls = received.slice(1);
    expect(calls.map((r) => [r.method, r.url, r.headers.authorization])).toEqual([
      ['GET', '/me', 'DPoP at-bound'],
      ['GET', '/auth/sessions', 'DPoP at-bound'],
      ['DELETE', '/auth/sessions/a%20b', 'DPoP at-bound'],
      ['DELETE', '/me', 'DPoP at-bound'],
    ]);
    const ath = createHash('sha256').update('at-bound').digest('base64url');
    for (const [i, call] of calls.entries()) {
      const proof = await proofOf(i + 1);
      expect(proof).toMatchObject({ htm: call.method, htu: `${backend.baseUrl}${call.url}`, ath });
    }
  });

  it('an unbound access token (token_type Bearer) stays Bearer, with no proof', async () => {
    handler = (req, res) =>
      req.url === '/auth/refresh'
        ? json(res, 200, tokens('Bearer', 'at-plain'))
        : json(res, 200, fakeProfile());
    const client = dpopClient();
    await client.refresh('rt-1');
    await client.me('at-plain');
    await client.me('at-never-issued-here');
    expect(received.slice(1).map((r) => [r.headers.authorization, r.headers.dpop])).toEqual([
      ['Bearer at-plain', undefined],
      ['Bearer at-never-issued-here', undefined],
    ]);
  });

  it.each([
    ['a 400 problem use_dpop_nonce', 400, problem('use_dpop_nonce', 400), {}],
    ['a 401 problem use_dpop_nonce', 401, problem('use_dpop_nonce'), {}],
    ['an OAuth 400 error', 400, { error: 'use_dpop_nonce' }, {}],
    ['a WWW-Authenticate challenge', 401, {}, { 'www-authenticate': 'DPoP error="use_dpop_nonce"' }],
  ])(
    '%s with a DPoP-Nonce: retried once, the new proof carries the nonce',
    async (_, status, body, extra) => {
      // The first request is refused for want of a nonce; the retry is answered.
      handler = (_req, res) =>
        received.length === 1
          ? json(res, status, body, { 'DPoP-Nonce': 'nonce-1', ...extra })
          : json(res, 200, tokens('DPoP'));
      const result = await dpopClient().refresh('rt-1');
      expect(result.refresh_token).toBe('rt-2');
      expect(received).toHaveLength(2);
      expect((await proofOf(0)).nonce).toBeUndefined();
      const retry = await proofOf(1);
      expect(retry.nonce).toBe('nonce-1');
      expect(retry.jti).not.toBe((await proofOf(0)).jti);
    },
  );

  it('retries only once: a second "use a nonce" is the call’s failure (rejected, not a sign-out)', async () => {
    let n = 0;
    handler = (_req, res) => json(res, 401, problem('use_dpop_nonce'), { 'DPoP-Nonce': `nonce-${++n}` });
    const error = await failure(dpopClient().refresh('rt-1'));
    expect(received).toHaveLength(2);
    expect(error).toMatchObject({ kind: 'rejected', code: 'use_dpop_nonce', status: 401 });
  });

  it('does not retry without a DPoP-Nonce header, nor on other refusals', async () => {
    handler = (_req, res) => json(res, 401, problem('use_dpop_nonce'));
    await failure(dpopClient().refresh('rt-1'));
    expect(received).toHaveLength(1);
    received.length = 0;
    handler = (_req, res) => json(res, 401, problem('invalid_dpop_proof'), { 'DPoP-Nonce': 'n' });
    expect(await failure(dpopClient().refresh('rt-1'))).toMatchObject({
      kind: 'rejected',
      code: 'invalid_dpop_proof',
    });
    expect(received).toHaveLength(1);
  });

  it('remembers the latest DPoP-Nonce from any response for the next proof', async () => {
    let n = 0;
    handler = (_req, res) => json(res, 200, tokens('DPoP'), { 'DPoP-Nonce': `nonce-${++n}` });
    const client = dpopClient();
    await client.refresh('rt-1');
    await client.refresh('rt-2');
    await client.refresh('rt-3');
    expect((await Promise.all([0, 1, 2].map(proofOf))).map((p) => p.nonce)).toEqual([
      undefined,
      'nonce-1',
      'nonce-2',
    ]);
  });

  it('no key to sign with: a transient proof_unavailable, and nothing is sent', async () => {
    handler = (_req, res) => json(res, 200, tokens('DPoP'));
    const client = createBackendClient({
      baseUrl: backend.baseUrl,
      dpop: { proof: () => Promise.reject(new Error('keychain busy')) },
    });
    expect(await failure(client.refresh('rt-1'))).toMatchObject({
      kind: 'transient',
      code: 'proof_unavailable',
    });
    expect(received).toHaveLength(0);
  });

  it('without a DPoP port: no proof anywhere, and a DPoP token type changes nothing', async () => {
    handler = (req, res) =>
      req.url === '/auth/refresh' ? json(res, 200, tokens('DPoP', 'at-x')) : json(res, 200, fakeProfile());
    const client = createBackendClient({ baseUrl: backend.baseUrl });
    await client.refresh('rt-1');
    await client.me('at-x');
    expect(received.map((r) => [r.headers.dpop, r.headers.authorization])).toEqual([
      [undefined, undefined],
      [undefined, 'Bearer at-x'],
    ]);
  });
});
