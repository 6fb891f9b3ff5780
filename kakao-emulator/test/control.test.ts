import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import { isJsonContentType, isLoopbackHost } from '../src/control-guard';
import {
  APP,
  authorizeUrl,
  bearer,
  control,
  getJson,
  postForm,
  start,
  TestBrowser,
  tokensFor,
  useEmulator,
} from './helpers';

const emulator = useEmulator();

describe('faults', () => {
  it.each([
    { code: -1, status: 400 },
    { code: -2, status: 400 },
    { code: -7, status: 400 },
    { code: -10, status: 400 },
    { code: -401, status: 401 },
    { code: -9798, status: 503 },
    { code: '-402', status: 403 },
  ])('kakao_error $code on kapi → {msg, code} with HTTP $status', async ({ code, status }) => {
    const tokens = await tokensFor(emulator().url);
    await control(emulator().url, 'POST', 'faults', {
      endpoint: '/v2/user/me',
      kind: 'kakao_error',
      code,
      requiredScopes: ['account_email'],
    });
    const response = await getJson(emulator().url, '/v2/user/me', bearer(tokens.access_token));
    expect(response.status).toBe(status);
    expect(response.body).toMatchObject({ code: Number(code), msg: expect.any(String) });
    if (Number(code) === -402) expect(response.body.required_scopes).toEqual(['account_email']);
    if (Number(code) === -401)
      expect(response.headers.get('www-authenticate')).toBe('Bearer error=invalid_token');
  });

  it.each([
    { code: 'KOE320', status: 400, error: 'invalid_grant' },
    { code: 'KOE237', status: 400, error: 'invalid_request' },
    { code: 'KOE010', status: 401, error: 'invalid_client' },
  ])(
    'kakao_error $code on kauth → {error, error_description, error_code}',
    async ({ code, status, error }) => {
      await control(emulator().url, 'POST', 'faults', {
        endpoint: '/oauth/token',
        kind: 'kakao_error',
        code,
      });
      const response = await postForm(emulator().url, '/oauth/token', { grant_type: 'refresh_token' });
      expect(response.status).toBe(status);
      expect(response.body).toMatchObject({ error, error_code: code, error_description: expect.any(String) });
    },
  );

  it('http_status answers with that status and a generic body', async () => {
    await control(emulator().url, 'POST', 'faults', {
      endpoint: '/.well-known/jwks.json',
      kind: 'http_status',
      status: 502,
    });
    const response = await fetch(`${emulator().url}/.well-known/jwks.json`);
    expect(response.status).toBe(502);
    expect(response.headers.get('content-type')).toMatch(/text\/html/);
  });

  it('times limits a fault to the next N matching requests', async () => {
    await control(emulator().url, 'POST', 'faults', {
      endpoint: '/v1/user/access_token_info',
      kind: 'kakao_error',
      code: -1,
      times: 2,
    });
    const tokens = await tokensFor(emulator().url);
    const statuses = [];
    for (let i = 0; i < 3; i++) {
      statuses.push(
        (await getJson(emulator().url, '/v1/user/access_token_info', bearer(tokens.access_token))).body
          .code ?? 'ok',
      );
    }
    expect(statuses).toEqual([-1, -1, 'ok']);
    expect((await control(emulator().url, 'GET', 'faults')).body.faults).toEqual([]);
  });

  it('a fault on one endpoint leaves the others alone; * matches every endpoint', async () => {
    await control(emulator().url, 'POST', 'faults', {
      endpoint: '/v1/user/logout',
      kind: 'http_status',
      status: 500,
    });
    expect((await fetch(`${emulator().url}/.well-known/jwks.json`)).status).toBe(200);
    await control(emulator().url, 'POST', 'faults', {
      endpoint: '*',
      kind: 'http_status',
      status: 503,
      times: 1,
    });
    expect((await fetch(`${emulator().url}/.well-known/jwks.json`)).status).toBe(503);
    expect((await fetch(`${emulator().url}/.well-known/jwks.json`)).status).toBe(200);
  });

  it('faults never touch the control API', async () => {
    await control(emulator().url, 'POST', 'faults', { endpoint: '*', kind: 'http_status', status: 500 });
    expect((await control(emulator().url, 'GET', 'faults')).status).toBe(200);
  });

  it('latency delays the answer, which is otherwise normal', async () => {
    await control(emulator().url, 'POST', 'faults', {
      endpoint: '/.well-known/jwks.json',
      kind: 'latency',
      delayMs: 300,
    });
    const started = process.hrtime.bigint();
    const response = await fetch(`${emulator().url}/.well-known/jwks.json`);
    const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
    expect(response.status).toBe(200);
    // A lower bound only: proves the delay happened without timing the machine.
    expect(elapsedMs).toBeGreaterThanOrEqual(290);
  });

  it('hang never answers (client times out); close() still ends it', async () => {
    const own = await start();
    await control(own.url, 'POST', 'faults', { endpoint: '/oauth/token', kind: 'hang' });
    const pending = fetch(`${own.url}/oauth/token`, { method: 'POST', signal: AbortSignal.timeout(300) });
    await expect(pending).rejects.toThrow(/abort|timeout/i);
    const second = fetch(`${own.url}/oauth/token`, { method: 'POST' }).catch((error: Error) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await own.close();
    expect(await second).toBeInstanceOf(Error);
  });

  it('DELETE /__emulator/faults clears them', async () => {
    await control(emulator().url, 'POST', 'faults', { endpoint: '*', kind: 'http_status', status: 500 });
    await control(emulator().url, 'DELETE', 'faults');
    expect((await fetch(`${emulator().url}/.well-known/jwks.json`)).status).toBe(200);
  });
});

describe('control API validation', () => {
  it.each([
    ['faults', { endpoint: '/x', kind: 'boom' }],
    ['faults', { endpoint: '/x', kind: 'kakao_error' }],
    ['faults', { endpoint: '/x', kind: 'http_status' }],
    ['faults', { endpoint: '/x', kind: 'latency' }],
    ['faults', { endpoint: 'no-slash', kind: 'hang' }],
    ['faults', { endpoint: '/x', kind: 'hang', times: 0 }],
    ['faults', { endpoint: '/x', kind: 'kakao_error', code: 'nope' }],
    ['apps', { clientId: 'x' }],
    ['apps', { clientId: 'x', appId: 1, redirectUris: ['not a url'] }],
    ['apps', { clientId: 'x', appId: 1, redirectUris: ['http://a/'], extra: true }],
    ['accounts', { id: -1, nickname: 'x' }],
    ['accounts', { id: 5, nickname: 'x', ageRange: '20-29' }],
    ['clock', { advanceSeconds: -5 }],
    ['clock', {}],
    ['unlink', { clientId: APP.clientId }],
  ])('POST /__emulator/%s %j → 400 with a message', async (path, body) => {
    const response = await control(emulator().url, 'POST', path, body);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: 'invalid_request', message: expect.any(String) });
  });

  it('malformed JSON → 400, not 500', async () => {
    const response = await fetch(`${emulator().url}/__emulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"endpoint":',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_request' });
  });

  it('POST /__emulator/reset accepts an empty JSON body', async () => {
    const response = await fetch(`${emulator().url}/__emulator/reset`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(200);
  });

  it('unknown control route → 404 JSON', async () => {
    expect((await control(emulator().url, 'GET', 'nope')).status).toBe(404);
  });
});

describe('apps, accounts, clock, reset', () => {
  it('POST /__emulator/accounts adds an account that can log in', async () => {
    await control(emulator().url, 'POST', 'accounts', {
      id: 2001,
      nickname: '새 사용자',
      email: 'new@x.test',
      password: 'pw',
    });
    const tokens = await tokensFor(emulator().url, {}, { accountId: 2001 });
    expect((await getJson(emulator().url, '/v2/user/me', bearer(tokens.access_token))).body.id).toBe(2001);
    expect(((await control(emulator().url, 'GET', 'accounts')).body.accounts as unknown[]).length).toBe(5);
  });

  it('POST /__emulator/apps replaces an app by clientId', async () => {
    await control(emulator().url, 'POST', 'apps', {
      clientId: APP.clientId,
      appId: 1,
      redirectUris: ['http://localhost:7/cb'],
    });
    const response = await new TestBrowser(emulator().url).get(authorizeUrl());
    expect(await response.text()).toContain('KOE006');
  });

  it('reset restores apps/accounts and drops tokens, faults, clock offset and the log', async () => {
    const tokens = await tokensFor(emulator().url);
    await control(emulator().url, 'POST', 'accounts', { id: 2001, nickname: 'x' });
    await control(emulator().url, 'POST', 'faults', { endpoint: '/nope', kind: 'hang' });
    await control(emulator().url, 'POST', 'clock', { advanceSeconds: 1000 });
    await control(emulator().url, 'POST', 'reset');
    expect((await control(emulator().url, 'GET', 'requests')).body.requests).toEqual([]);
    expect((await getJson(emulator().url, '/v2/user/me', bearer(tokens.access_token))).status).toBe(401);
    expect(((await control(emulator().url, 'GET', 'accounts')).body.accounts as unknown[]).length).toBe(4);
    expect((await control(emulator().url, 'GET', 'faults')).body.faults).toEqual([]);
    const clock = await control(emulator().url, 'POST', 'clock', { advanceSeconds: 0 });
    expect(Math.abs(Date.parse(String(clock.body.now)) - Date.now())).toBeLessThan(60_000);
  });
});

describe('request log', () => {
  it('records method, path, query, headers and parsed body; excludes control calls', async () => {
    await fetch(`${emulator().url}/.well-known/jwks.json?x=1`, { headers: { 'x-test': 'yes' } });
    await postForm(emulator().url, '/oauth/token', {
      grant_type: 'refresh_token',
      client_id: APP.clientId,
      refresh_token: 'r',
    });
    const { body } = await control(emulator().url, 'GET', 'requests');
    const requests = body.requests as Record<string, unknown>[];
    expect(requests.map((entry) => `${entry.method} ${entry.path}`)).toEqual([
      'GET /.well-known/jwks.json',
      'POST /oauth/token',
    ]);
    expect(requests[0]).toMatchObject({
      query: { x: '1' },
      headers: { 'x-test': 'yes' },
      at: expect.any(String),
    });
    expect(requests[1]!.body).toEqual({
      grant_type: 'refresh_token',
      client_id: APP.clientId,
      refresh_token: 'r',
    });
  });

  it('DELETE /__emulator/requests clears it', async () => {
    await fetch(`${emulator().url}/.well-known/jwks.json`);
    await control(emulator().url, 'DELETE', 'requests');
    expect((await control(emulator().url, 'GET', 'requests')).body.requests).toEqual([]);
  });

  it('requests answered by a fault are logged too', async () => {
    await control(emulator().url, 'POST', 'faults', {
      endpoint: '/v2/user/me',
      kind: 'kakao_error',
      code: -7,
    });
    await fetch(`${emulator().url}/v2/user/me`);
    const { body } = await control(emulator().url, 'GET', 'requests');
    expect((body.requests as { path: string }[]).map((entry) => entry.path)).toEqual(['/v2/user/me']);
  });
});

/** One HTTP request over a real socket with exactly these headers (fetch will not let us choose `Host`). */
function raw(
  base: string,
  options: { method: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; text: string }> {
  const url = new URL(options.path, base);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method: options.method,
        path: options.path,
        headers: {
          ...(options.body === undefined
            ? {}
            : { 'content-length': String(Buffer.byteLength(options.body)) }),
          ...options.headers,
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('control API: only local JSON callers (cross-site and DNS-rebinding attacks)', () => {
  const cookieFromEvil = { origin: 'http://evil.example', referer: 'http://evil.example/' };

  it.each([
    ['a cross-site HTML form', 'application/x-www-form-urlencoded', 'endpoint=*&kind=hang'],
    ['a text/plain POST carrying JSON', 'text/plain', '{"endpoint":"*","kind":"hang"}'],
    ['a text/plain POST with charset', 'text/plain;charset=UTF-8', '{"endpoint":"*","kind":"hang"}'],
    ['a multipart form', 'multipart/form-data; boundary=x', '--x\r\n\r\n--x--'],
    ['no content type', undefined, '{"endpoint":"*","kind":"hang"}'],
    ['a look-alike type', 'application/jsonx', '{"endpoint":"*","kind":"hang"}'],
  ])('%s cannot inject a fault → 415, nothing changed', async (_, contentType, body) => {
    const response = await raw(emulator().url, {
      method: 'POST',
      path: '/__emulator/faults',
      headers: { ...cookieFromEvil, ...(contentType ? { 'content-type': contentType } : {}) },
      body,
    });
    expect(response.status).toBe(415);
    expect(JSON.parse(response.text)).toMatchObject({ error: 'unsupported_media_type' });
    expect((await control(emulator().url, 'GET', 'faults')).body.faults).toEqual([]);
    expect((await fetch(`${emulator().url}/.well-known/jwks.json`)).status).toBe(200);
  });

  it.each([
    ['application/x-www-form-urlencoded', 'x=1'],
    ['text/plain', 'x'],
  ])('a cross-site %s POST cannot reset it, nor clear the log → 415', async (contentType, body) => {
    await control(emulator().url, 'POST', 'accounts', { id: 2001, nickname: 'kept' });
    await fetch(`${emulator().url}/.well-known/jwks.json`);
    for (const [method, path] of [
      ['POST', '/__emulator/reset'],
      ['DELETE', '/__emulator/requests'],
      ['POST', '/__emulator/keys/rotate'],
    ] as const) {
      const response = await raw(emulator().url, {
        method,
        path,
        headers: { ...cookieFromEvil, 'content-type': contentType },
        body,
      });
      expect(response.status, `${method} ${path} ${response.text}`).toBe(415);
    }
    const accounts = (await control(emulator().url, 'GET', 'accounts')).body.accounts as { id: number }[];
    expect(accounts.map((account) => account.id)).toContain(2001);
    expect((await control(emulator().url, 'GET', 'requests')).body.requests).toHaveLength(1);
    const jwks = (await getJson(emulator().url, '/.well-known/jwks.json')).body.keys as unknown[];
    expect(jwks).toHaveLength(1);
  });

  it('a rebinding page (Host attacker.example) cannot read the request log and its tokens → 403', async () => {
    await getJson(emulator().url, '/v2/user/me', bearer('secret-access-token'));
    for (const path of ['/__emulator/requests', '/%5F_emulator/requests', '/__emulator/requests?x=1']) {
      const stolen = await raw(emulator().url, {
        method: 'GET',
        path,
        headers: { host: `attacker.example:${new URL(emulator().url).port}` },
      });
      expect(stolen.status).toBe(403);
      expect(stolen.text).not.toContain('secret-access-token');
      expect(JSON.parse(stolen.text)).toMatchObject({ error: 'forbidden' });
    }
    // The same request addressed to a loopback name is the emulator's own client: it gets the log.
    const own = await raw(emulator().url, {
      method: 'GET',
      path: '/__emulator/requests',
      headers: { host: `localhost:${new URL(emulator().url).port}` },
    });
    expect(own.status).toBe(200);
    expect(own.text).toContain('secret-access-token');
  });

  it('a rebinding page cannot change state with a same-origin JSON POST either → 403', async () => {
    const response = await raw(emulator().url, {
      method: 'POST',
      path: '/__emulator/faults',
      headers: { host: 'attacker.example', 'content-type': 'application/json' },
      body: JSON.stringify({ endpoint: '*', kind: 'hang' }),
    });
    expect(response.status).toBe(403);
    expect((await control(emulator().url, 'GET', 'faults')).body.faults).toEqual([]);
  });

  it('Kakao routes themselves answer any Host (only the control API is guarded)', async () => {
    const response = await raw(emulator().url, {
      method: 'GET',
      path: '/.well-known/jwks.json',
      headers: { host: 'kauth.kakao.example' },
    });
    expect(response.status).toBe(200);
  });

  it('JSON with a charset parameter is accepted', async () => {
    const response = await raw(emulator().url, {
      method: 'POST',
      path: '/__emulator/clock',
      headers: { 'content-type': 'Application/JSON; charset=utf-8' },
      body: JSON.stringify({ advanceSeconds: 1 }),
    });
    expect(response.status).toBe(200);
  });

  it.each([
    'localhost',
    'localhost:9010',
    'LOCALHOST:9010',
    '127.0.0.1',
    '127.0.0.1:9010',
    '127.1.2.3:80',
    '[::1]',
    '[::1]:9010',
  ])('Host %s is a loopback name', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
  });

  it.each([
    undefined,
    '',
    'attacker.example',
    'attacker.example:9010',
    'localhost.attacker.example',
    'evil-localhost:9010',
    '127.0.0.1.nip.io',
    '127.0.0.256',
    '128.0.0.1',
    '0.0.0.0:9010',
    '[::ffff:7f00:1]:9010',
    'localhost@attacker.example',
    'localhost:9010 attacker.example',
    'localhost:abc',
    'localhost:',
  ])('Host %s is not', (host) => {
    expect(isLoopbackHost(host)).toBe(false);
  });

  it.each([
    ['application/json', true],
    ['application/json; charset=utf-8', true],
    [' APPLICATION/JSON ', true],
    ['application/jsonx', false],
    ['text/plain', false],
    ['application/x-www-form-urlencoded', false],
    [undefined, false],
  ])('Content-Type %s is JSON: %s', (contentType, json) => {
    expect(isJsonContentType(contentType)).toBe(json);
  });
});
