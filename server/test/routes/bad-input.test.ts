/** Every route, every kind of bad input: always a 4xx problem-details body, never a 5xx, never a stack. */
import { problemSchema } from '@kakao-desktop/contract';
import { describe, expect, it } from 'vitest';
import { useHarness } from '../helpers/harness';

const JSON_ROUTES = ['/auth/kakao/exchange', '/auth/kakao/token', '/auth/refresh', '/auth/logout'];
const VERIFIER = 'a'.repeat(43);

type Case = [name: string, payload: string, contentType: string | undefined, status: number, code: string];

const GENERIC: Case[] = [
  ['malformed JSON', '{"refresh_token":', 'application/json', 400, 'invalid_request'],
  ['empty JSON body', '', 'application/json', 400, 'invalid_request'],
  ['JSON array', '[]', 'application/json', 400, 'invalid_request'],
  ['JSON null', 'null', 'application/json', 400, 'invalid_request'],
  ['JSON string', '"x"', 'application/json', 400, 'invalid_request'],
  [
    'huge body',
    JSON.stringify({ refresh_token: 'x'.repeat(20_000) }),
    'application/json',
    413,
    'payload_too_large',
  ],
  ['text/plain', 'refresh_token=x', 'text/plain', 415, 'unsupported_media_type'],
  ['form-encoded', 'refresh_token=x', 'application/x-www-form-urlencoded', 415, 'unsupported_media_type'],
  ['xml', '<x/>', 'application/xml', 415, 'unsupported_media_type'],
  ['no body at all', '', undefined, 400, 'invalid_request'],
  ['unknown field', '{"zzz":1}', 'application/json', 400, 'invalid_request'],
  ['prototype pollution', '{"__proto__":{"x":1}}', 'application/json', 400, 'invalid_request'],
];

const PER_ROUTE: [route: string, body: unknown, field: string][] = [
  [
    '/auth/kakao/exchange',
    { code: 123, redirect_uri: 'http://localhost:9021/callback', code_verifier: VERIFIER },
    'code',
  ],
  ['/auth/kakao/exchange', { code: 'c', redirect_uri: 'not a url', code_verifier: VERIFIER }, 'redirect_uri'],
  [
    '/auth/kakao/exchange',
    { code: 'c', redirect_uri: 'http://localhost:9021/callback', code_verifier: 'short' },
    'code_verifier',
  ],
  [
    '/auth/kakao/exchange',
    { code: 'c', redirect_uri: 'http://localhost:9021/callback', code_verifier: VERIFIER, extra: 1 },
    '',
  ],
  [
    '/auth/kakao/exchange',
    {
      code: 'c',
      redirect_uri: 'http://localhost:9021/callback',
      code_verifier: VERIFIER,
      device_name: 'x'.repeat(101),
    },
    'device_name',
  ],
  ['/auth/kakao/token', { kakao_access_token: '' }, 'kakao_access_token'],
  ['/auth/kakao/token', { kakao_access_token: ['a'] }, 'kakao_access_token'],
  ['/auth/refresh', { refresh_token: 42 }, 'refresh_token'],
  ['/auth/refresh', { refresh_token: 'x'.repeat(513) }, 'refresh_token'],
  ['/auth/logout', { refresh_token: null }, 'refresh_token'],
];

describe('bad input on every route', () => {
  const h = useHarness('pglite');

  function expectProblem(
    res: { statusCode: number; headers: Record<string, unknown>; body: string },
    status: number,
    code: string,
  ) {
    expect(res.statusCode).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = problemSchema.parse(JSON.parse(res.body));
    expect(problem).toMatchObject({ status, code });
    expect(res.body).not.toMatch(/\n\s+at |node_modules/);
  }

  for (const url of JSON_ROUTES) {
    it.each(GENERIC)(`POST ${url}: %s`, async (_name, payload, contentType, status, code) => {
      const res = await h.app.inject({
        method: 'POST',
        url,
        payload,
        headers: contentType ? { 'content-type': contentType } : {},
      });
      expectProblem(res, status, code);
    });
  }

  it.each(PER_ROUTE)('POST %s with a wrong %s', async (url, body, field) => {
    const res = await h.post(url, body);
    expectProblem(res, 400, 'invalid_request');
    if (field)
      expect(
        res
          .json()
          .errors.map((e: { path: string }) => e.path)
          .join(),
      ).toContain(field);
  });

  it.each([
    ['GET', '/me', undefined],
    ['DELETE', '/me', undefined],
    ['GET', '/auth/sessions', undefined],
    ['DELETE', '/auth/sessions/8d3e0d5c-3a6b-4b8e-9a51-0c2f9a0e7f11', undefined],
    ['GET', '/me', 'Bearer not-a-jwt'],
    ['GET', '/me', 'Basic dXNlcjpwYXNz'],
    ['GET', '/me', 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.'],
  ])('%s %s with authorization %s → 401', async (method, url, authorization) => {
    const res = await h.app.inject({
      method: method as 'GET',
      url,
      headers: authorization ? { authorization } : {},
    });
    expectProblem(res, 401, 'unauthorized');
  });

  it('DELETE /auth/sessions/:id with a non-uuid id → 400 (after auth)', async () => {
    const s = (await h.signIn({ accountId: 1001 })).json();
    const res = await h.app.inject({
      method: 'DELETE',
      url: '/auth/sessions/not-a-uuid',
      headers: { authorization: `Bearer ${s.access_token}` },
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
  });

  it('unknown routes and methods → 404 problem', async () => {
    expectProblem(await h.app.inject({ url: '/nope' }), 404, 'not_found');
    expectProblem(await h.app.inject({ method: 'PUT', url: '/auth/refresh' }), 404, 'not_found');
  });

  it('sets security headers', async () => {
    const res = await h.app.inject({ url: '/healthz' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['strict-transport-security']).toBeDefined();
  });

  it('never logs tokens, codes, verifiers or authorization headers', async () => {
    const s = (await h.signIn({ accountId: 1001 })).json();
    await h.app.inject({ url: '/me', headers: { authorization: `Bearer ${s.access_token}` } });
    await h.post('/auth/refresh', { refresh_token: s.refresh_token });
    const logs = h.rawLogs();
    expect(logs).not.toContain(s.access_token);
    expect(logs).not.toContain(s.refresh_token);
    expect(logs).not.toContain('dev-client-secret');
  });
});

describe('rate limits on /auth', () => {
  const h = useHarness('pglite', { RATE_LIMIT_MAX: '3', RATE_LIMIT_WINDOW_SECONDS: '60' });

  it('answers 429 rate_limited with Retry-After past the limit, and leaves other routes alone', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 5; i++)
      codes.push((await h.post('/auth/refresh', { refresh_token: 'x' })).statusCode);
    expect(codes).toEqual([401, 401, 401, 429, 429]);
    const limited = await h.post('/auth/refresh', { refresh_token: 'x' });
    expect(limited.json()).toMatchObject({ code: 'rate_limited', status: 429 });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect((await h.app.inject({ url: '/healthz' })).statusCode).toBe(200);
  });
});
