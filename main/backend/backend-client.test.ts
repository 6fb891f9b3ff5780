/** The backend client against a tiny real HTTP server on a random port, with canned answers. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fakeProfile } from '../../test/helpers/fakes/profile';
import { createBackendClient } from './backend-client';
import type { BackendError } from './backend-error';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

let server: Server;
let baseUrl: string;
let handler: Handler = (_req, _body, res) => res.end();
const received: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[] = [];
const hanging = new Set<ServerResponse>();

const tokens = {
  access_token: 'at-1',
  token_type: 'Bearer',
  expires_in: 900,
  refresh_token: 'rt-2',
  refresh_token_expires_in: 3600,
  session_id: 'sess-1',
  user: fakeProfile(),
};

function json(res: ServerResponse, status: number, body: unknown, type = 'application/json') {
  res.writeHead(status, { 'content-type': type });
  res.end(JSON.stringify(body));
}

function problem(res: ServerResponse, status: number, code: string, extra: Record<string, unknown> = {}) {
  json(res, status, { type: 'about:blank', title: code, status, code, ...extra }, 'application/problem+json');
}

async function failure(promise: Promise<unknown>): Promise<BackendError> {
  try {
    await promise;
  } catch (error) {
    return error as BackendError;
  }
  throw new Error('expected the call to fail');
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handler(req, body, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(() => {
  received.length = 0;
  for (const res of hanging) res.destroy();
  hanging.clear();
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('backend client', () => {
  it('exchanges a code: POST /auth/kakao/exchange with the body as given, validated answer', async () => {
    handler = (_req, _body, res) => json(res, 200, tokens);
    const client = createBackendClient({ baseUrl });
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
    handler = (req, _body, res) =>
      req.url === '/auth/logout' ? res.writeHead(204).end() : json(res, 200, tokens);
    const client = createBackendClient({ baseUrl: `${baseUrl}/` });
    await client.refresh('rt-1');
    await client.logout('rt-2');
    expect(received.map((r) => [r.method, r.url, JSON.parse(r.body)])).toEqual([
      ['POST', '/auth/refresh', { refresh_token: 'rt-1' }],
      ['POST', '/auth/logout', { refresh_token: 'rt-2' }],
    ]);
  });

  it('sends the access token as a Bearer header for /me and /auth/sessions', async () => {
    handler = (req, _body, res) =>
      req.url === '/me'
        ? json(res, 200, fakeProfile())
        : json(res, 200, {
            sessions: [{ id: 's', device_name: null, created_at: 'x', last_used_at: 'y', current: true }],
          });
    const client = createBackendClient({ baseUrl });
    expect((await client.me('at-1')).kakao_id).toBe('1001');
    expect((await client.sessions('at-1')).sessions).toHaveLength(1);
    expect(received.map((r) => r.headers.authorization)).toEqual(['Bearer at-1', 'Bearer at-1']);
  });

  it('ends a session and deletes the account with DELETE and the Bearer header; the id is escaped', async () => {
    handler = (req, _body, res) => {
      res.writeHead(req.url === '/me' ? 204 : 404, { 'content-type': 'application/problem+json' });
      res.end(
        req.url === '/me' ? '' : JSON.stringify({ type: 'x', title: 'x', status: 404, code: 'not_found' }),
      );
    };
    const client = createBackendClient({ baseUrl });
    await client.deleteMe('at-1');
    const missing = await failure(client.deleteSession('at-1', '../me?x=1'));
    expect(missing).toMatchObject({ kind: 'rejected', code: 'not_found', status: 404 });
    expect(received.map((r) => [r.method, r.url, r.headers.authorization])).toEqual([
      ['DELETE', '/me', 'Bearer at-1'],
      ['DELETE', '/auth/sessions/..%2Fme%3Fx%3D1', 'Bearer at-1'],
    ]);
  });

  it('classifies 401 invalid_grant as session-invalid, with the reason', async () => {
    handler = (_req, _body, res) => problem(res, 401, 'invalid_grant', { reason: 'reused' });
    const error = await failure(createBackendClient({ baseUrl }).refresh('rt-old'));
    expect(error).toMatchObject({
      kind: 'session-invalid',
      code: 'invalid_grant',
      reason: 'reused',
      status: 401,
    });
  });

  it('classifies 503 kakao_unavailable as transient, with Retry-After', async () => {
    handler = (_req, _body, res) => {
      res.setHeader('retry-after', '5');
      problem(res, 503, 'kakao_unavailable');
    };
    const error = await failure(createBackendClient({ baseUrl }).refresh('rt'));
    expect(error).toMatchObject({
      kind: 'transient',
      code: 'kakao_unavailable',
      status: 503,
      retryAfterMs: 5000,
    });
  });

  it('classifies a 500 as transient and another 4xx as rejected', async () => {
    handler = (_req, _body, res) => problem(res, 500, 'internal_error');
    expect(await failure(createBackendClient({ baseUrl }).refresh('rt'))).toMatchObject({
      kind: 'transient',
    });
    handler = (_req, _body, res) => problem(res, 400, 'redirect_uri_not_allowed');
    expect(
      await failure(
        createBackendClient({ baseUrl }).exchange({
          code: 'c',
          redirect_uri: 'http://x/cb',
          code_verifier: 'v'.repeat(43),
        }),
      ),
    ).toMatchObject({ kind: 'rejected', code: 'redirect_uri_not_allowed', status: 400 });
  });

  it('rejects a 200 whose body does not match the contract (as transient: never a sign-out)', async () => {
    handler = (_req, _body, res) => json(res, 200, { ...tokens, token_type: 'MAC' });
    expect(await failure(createBackendClient({ baseUrl }).refresh('rt'))).toMatchObject({
      kind: 'transient',
      code: 'bad_response',
    });
  });

  it('does not follow redirects', async () => {
    handler = (_req, _body, res) => res.writeHead(302, { location: 'http://127.0.0.1:1/elsewhere' }).end();
    expect(await failure(createBackendClient({ baseUrl }).refresh('rt'))).toMatchObject({
      kind: 'rejected',
      status: 302,
    });
  });

  it('times out a backend that never answers (transient)', async () => {
    handler = (_req, _body, res) => {
      hanging.add(res);
    };
    const error = await failure(createBackendClient({ baseUrl, timeoutMs: 200 }).refresh('rt'));
    expect(error).toMatchObject({ kind: 'transient', code: 'timeout' });
  });

  it('reports ECONNREFUSED as transient network', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await failure(createBackendClient({ baseUrl: `http://127.0.0.1:${port}` }).refresh('rt'));
    expect(error).toMatchObject({ kind: 'transient', code: 'network' });
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.message).not.toContain('rt');
  });
});
