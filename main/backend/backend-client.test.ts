/** The backend client against a tiny real HTTP server on a random port, with canned answers. */
import type { ServerResponse } from 'node:http';
import { describe, expect, it } from 'vitest';
import {
  type CannedHandler,
  cannedBackend,
  failure as failed,
  json,
  tokenResponse,
} from '../../test/helpers/canned-backend';
import { fakeProfile } from '../../test/helpers/fakes/profile';
import { freeLoopbackPort } from '../../test/helpers/free-port';
import { createBackendClient } from './backend-client';
import type { BackendError } from './backend-error';

const backend = cannedBackend();
const received = backend.received;
let handler: CannedHandler = (_req, res) => res.end();
backend.answer((req, res, body) => handler(req, res, body));
const tokens = tokenResponse();

function problem(res: ServerResponse, status: number, code: string, extra: Record<string, unknown> = {}) {
  json(
    res,
    status,
    { type: 'about:blank', title: code, status, code, ...extra },
    { 'content-type': 'application/problem+json' },
  );
}

const failure = (promise: Promise<unknown>) => failed<BackendError>(promise);

describe('backend client', () => {
  it('exchanges a code: POST /auth/kakao/exchange with the body as given, validated answer', async () => {
    handler = (_req, res, _body) => json(res, 200, tokens);
    const client = createBackendClient({ baseUrl: backend.baseUrl });
    const request = {
      code: 'kakao-code',
      redirect_uri: 'http://localhost:9021/callback',
      code_verifier: 'v'.repeat(43),
      nonce: 'n',
    };
    const result = await client.exchange(request);
    expect(result.refresh_token).toBe('rt-2');
    expect(received[0]).toMatchObject({ method: 'POST', url: '/auth/kakao/exchange' });
    expect(JSON.parse(received[0]!.body)).toEqual(request);
  });

  it('refreshes and logs out with the token in the body, never in the URL', async () => {
    handler = (req, res, _body) =>
      req.url === '/auth/logout' ? res.writeHead(204).end() : json(res, 200, tokens);
    const client = createBackendClient({ baseUrl: `${backend.baseUrl}/` });
    await client.refresh('rt-1');
    await client.logout('rt-2');
    expect(received.map((r) => [r.method, r.url, JSON.parse(r.body)])).toEqual([
      ['POST', '/auth/refresh', { refresh_token: 'rt-1' }],
      ['POST', '/auth/logout', { refresh_token: 'rt-2' }],
    ]);
  });

  it('sends the access token as a Bearer header for /me and /auth/sessions', async () => {
    handler = (req, res, _body) =>
      req.url === '/me'
        ? json(res, 200, fakeProfile())
        : json(res, 200, {
            sessions: [{ id: 's', device_name: null, created_at: 'x', last_used_at: 'y', current: true }],
          });
    const client = createBackendClient({ baseUrl: backend.baseUrl });
    expect((await client.me('at-1')).kakao_id).toBe('1001');
    expect((await client.sessions('at-1')).sessions).toHaveLength(1);
    expect(received.map((r) => r.headers.authorization)).toEqual(['Bearer at-1', 'Bearer at-1']);
  });

  it('ends a session and deletes the account with DELETE and the Bearer header; the id is escaped', async () => {
    handler = (req, res, _body) => {
      res.writeHead(req.url === '/me' ? 204 : 404, { 'content-type': 'application/problem+json' });
      res.end(
        req.url === '/me' ? '' : JSON.stringify({ type: 'x', title: 'x', status: 404, code: 'not_found' }),
      );
    };
    const client = createBackendClient({ baseUrl: backend.baseUrl });
    await client.deleteMe('at-1');
    const missing = await failure(client.deleteSession('at-1', '../me?x=1'));
    expect(missing).toMatchObject({ kind: 'rejected', code: 'not_found', status: 404 });
    expect(received.map((r) => [r.method, r.url, r.headers.authorization])).toEqual([
      ['DELETE', '/me', 'Bearer at-1'],
      ['DELETE', '/auth/sessions/..%2Fme%3Fx%3D1', 'Bearer at-1'],
    ]);
  });

  it('classifies 401 invalid_grant as session-invalid, with the reason', async () => {
    handler = (_req, res, _body) => problem(res, 401, 'invalid_grant', { reason: 'reused' });
    const error = await failure(createBackendClient({ baseUrl: backend.baseUrl }).refresh('rt-old'));
    expect(error).toMatchObject({
      kind: 'session-invalid',
      code: 'invalid_grant',
      reason: 'reused',
      status: 401,
    });
  });

  it('classifies 503 kakao_unavailable as transient, with Retry-After', async () => {
    handler = (_req, res, _body) => {
      res.setHeader('retry-after', '5');
      problem(res, 503, 'kakao_unavailable');
    };
    const error = await failure(createBackendClient({ baseUrl: backend.baseUrl }).refresh('rt'));
    expect(error).toMatchObject({
      kind: 'transient',
      code: 'kakao_unavailable',
      status: 503,
      retryAfterMs: 5000,
    });
  });

  it('classifies a 500 as transient and another 4xx as rejected', async () => {
    handler = (_req, res, _body) => problem(res, 500, 'internal_error');
    expect(await failure(createBackendClient({ baseUrl: backend.baseUrl }).refresh('rt'))).toMatchObject({
      kind: 'transient',
    });
    handler = (_req, res, _body) => problem(res, 400, 'redirect_uri_not_allowed');
    expect(
      await failure(
        createBackendClient({ baseUrl: backend.baseUrl }).exchange({
          code: 'c',
          redirect_uri: 'http://x/cb',
          code_verifier: 'v'.repeat(43),
        }),
      ),
    ).toMatchObject({ kind: 'rejected', code: 'redirect_uri_not_allowed', status: 400 });
  });

  it('rejects a 200 whose body does not match the contract (as transient: never a sign-out)', async () => {
    handler = (_req, res, _body) => json(res, 200, { ...tokens, token_type: 'MAC' });
    expect(await failure(createBackendClient({ baseUrl: backend.baseUrl }).refresh('rt'))).toMatchObject({
      kind: 'transient',
      code: 'bad_response',
    });
  });

  it('does not follow redirects', async () => {
    handler = (_req, res, _body) => res.writeHead(302, { location: 'http://127.0.0.1:1/elsewhere' }).end();
    expect(await failure(createBackendClient({ baseUrl: backend.baseUrl }).refresh('rt'))).toMatchObject({
      kind: 'rejected',
      status: 302,
    });
  });

  it('times out a backend that never answers (transient)', async () => {
    handler = (_req, res, _body) => {
      backend.hang(res);
    };
    const error = await failure(
      createBackendClient({ baseUrl: backend.baseUrl, timeoutMs: 200 }).refresh('rt'),
    );
    expect(error).toMatchObject({ kind: 'transient', code: 'timeout' });
  });

  it('reports ECONNREFUSED as transient network', async () => {
    const port = await freeLoopbackPort(); // nothing listens there any more
    const error = await failure(createBackendClient({ baseUrl: `http://127.0.0.1:${port}` }).refresh('rt'));
    expect(error).toMatchObject({ kind: 'transient', code: 'network' });
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.message).not.toContain('rt');
  });
});
