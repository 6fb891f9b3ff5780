/** Every route, every kind of bad input: always a 4xx problem-details body, never a 5xx, never a stack. */
import { problemSchema } from '@kakao-desktop/contract';
import { describe, expect, it } from 'vitest';
import { useHarness } from '../helpers/harness';
import { DEV_REDIRECT_URI, kakaoLogin } from '../helpers/kakao-login';

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

/** Control characters (C0 with NUL and CR/LF, DEL, C1) and a lone surrogate: refused in every client string. */
const CONTROL = [
  ['NUL', '\u0000'],
  ['LF', '\n'],
  ['CR', '\r'],
  ['ESC', '\u001b'],
  ['DEL', '\u007f'],
  ['C1 NEL', '\u0085'],
  ['lone surrogate', '\ud800'],
] as const;
const EXCHANGE = { code: 'c', redirect_uri: DEV_REDIRECT_URI, code_verifier: VERIFIER };
const CLIENT_STRINGS: [route: string, field: string, body: (bad: string) => Record<string, string>][] = [
  ['/auth/kakao/exchange', 'device_name', (bad) => ({ ...EXCHANGE, device_name: `My${bad}Mac` })],
  ['/auth/kakao/exchange', 'code', (bad) => ({ ...EXCHANGE, code: `c${bad}` })],
  [
    '/auth/kakao/exchange',
    'redirect_uri',
    (bad) => ({ ...EXCHANGE, redirect_uri: `${DEV_REDIRECT_URI}${bad}x` }),
  ],
  ['/auth/kakao/exchange', 'nonce', (bad) => ({ ...EXCHANGE, nonce: `n${bad}` })],
  ['/auth/kakao/token', 'kakao_access_token', (bad) => ({ kakao_access_token: `t${bad}` })],
  ['/auth/kakao/token', 'device_name', (bad) => ({ kakao_access_token: 't', device_name: `x${bad}x` })],
  ['/auth/refresh', 'refresh_token', (bad) => ({ refresh_token: `r${bad}` })],
  ['/auth/logout', 'refresh_token', (bad) => ({ refresh_token: `r${bad}` })],
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

  describe.each(CLIENT_STRINGS)('POST %s: %s', (url, field, body) => {
    it.each(CONTROL)('with %s → 400 naming the field', async (_name, bad) => {
      const res = await h.post(url, body(bad));
      expectProblem(res, 400, 'invalid_request');
      expect(res.json().errors).toContainEqual({
        path: field,
        message: 'must not contain control characters or invalid Unicode',
      });
    });
  });

  it.each([
    ['referrer_type', 'UNLINK%00FROM_APPS'],
    ['referrer_type', 'UNLINK%0AFROM_APPS'],
    ['group_user_token', 'g%C2%85'],
  ])('POST /kakao/unlink-callback with a control character in %s → 400', async (field, value) => {
    const res = await h.app.inject({
      method: 'POST',
      url: `/kakao/unlink-callback?app_id=100001&user_id=1001&${field}=${value}`,
      headers: { authorization: 'KakaoAK dev-admin-key' },
    });
    expectProblem(res, 400, 'invalid_request');
    expect(res.body).toContain(field);
  });

  it('refuses a NUL in device_name before spending the Kakao code, which still signs in afterwards', async () => {
    const login = await kakaoLogin(h.emulator.url, { accountId: 1001 });
    const exchange = { code: login.code, redirect_uri: login.redirectUri, code_verifier: login.codeVerifier };
    const refused = await h.post('/auth/kakao/exchange', { ...exchange, device_name: 'Laptop\u0000' });
    expectProblem(refused, 400, 'invalid_request');
    expect(refused.json().errors.map((e: { path: string }) => e.path)).toEqual(['device_name']);
    // The code was never sent to Kakao, so it is still good.
    const signedIn = await h.post('/auth/kakao/exchange', { ...exchange, device_name: '김의 MacBook 💻' });
    expect(signedIn.statusCode).toBe(200);
    const sessions = await h.app.inject({
      url: '/auth/sessions',
      headers: { authorization: `Bearer ${signedIn.json().access_token}` },
    });
    expect(sessions.json().sessions.map((s: { device_name: string }) => s.device_name)).toEqual([
      '김의 MacBook 💻',
    ]);
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

describe('rate limits on every route', () => {
  const h = useHarness('pglite', {
    RATE_LIMIT_MAX: '3',
    RATE_LIMIT_ME_MAX: '3',
    RATE_LIMIT_UNLINK_CALLBACK_MAX: '3',
    RATE_LIMIT_META_MAX: '3',
    RATE_LIMIT_WINDOW_SECONDS: '60',
  });

  /** Each test is its own client, so counters of one test never spill into the next. */
  let client = 0;
  const nextClient = () => `198.51.100.${++client}`;

  function expectLimited(res: { statusCode: number; headers: Record<string, unknown>; json(): unknown }) {
    expect(res.statusCode).toBe(429);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'rate_limited', status: 429 });
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  }

  it('throttles GET /me before authentication (bearer guessing), with Retry-After', async () => {
    const remoteAddress = nextClient();
    const guess = (i: number) =>
      h.app.inject({ url: '/me', remoteAddress, headers: { authorization: `Bearer guess.${i}.x` } });
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) codes.push((await guess(i)).statusCode);
    expect(codes).toEqual([401, 401, 401, 429, 429]);
    expectLimited(await guess(5));
    // DELETE /me shares the budget.
    expectLimited(await h.app.inject({ method: 'DELETE', url: '/me', remoteAddress }));
    // Its own group: the client's /auth budget is untouched.
    const refresh = await h.app.inject({
      method: 'POST',
      url: '/auth/refresh',
      payload: { refresh_token: 'x' },
      remoteAddress,
    });
    expect(refresh.statusCode).toBe(401);
  });

  it('throttles admin-key guessing on /kakao/unlink-callback, never Kakao itself', async () => {
    const remoteAddress = nextClient();
    const call = (authorization: string) =>
      h.app.inject({
        method: 'POST',
        url: '/kakao/unlink-callback?app_id=100001&user_id=424242',
        remoteAddress,
        headers: { authorization },
      });
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) codes.push((await call(`KakaoAK guess-${i}`)).statusCode);
    expect(codes).toEqual([401, 401, 401, 429, 429]);
    expectLimited(await call('KakaoAK dev-admin-key-but-wrong'));
    // The right key is Kakao: not counted and not refused, even from a throttled address.
    for (let i = 0; i < 5; i++) expect((await call('KakaoAK dev-admin-key')).statusCode).toBe(200);
  });

  it.each(['/healthz', '/readyz', '/.well-known/jwks.json', '/docs/json'])(
    'throttles GET %s',
    async (url) => {
      const remoteAddress = nextClient();
      const codes: number[] = [];
      for (let i = 0; i < 5; i++) codes.push((await h.app.inject({ url, remoteAddress })).statusCode);
      expect(codes).toEqual([200, 200, 200, 429, 429]);
      expectLimited(await h.app.inject({ url, remoteAddress }));
    },
  );

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

  it('throttles /auth/sessions with the rest of /auth', async () => {
    const remoteAddress = nextClient();
    const codes: number[] = [];
    for (let i = 0; i < 5; i++)
      codes.push((await h.app.inject({ url: '/auth/sessions', remoteAddress })).statusCode);
    expect(codes).toEqual([401, 401, 401, 429, 429]);
  });
});
