import { describe, expect, it } from 'vitest';
import { APP, useEmulator } from './helpers';

const emulator = useEmulator({}, { reset: false });

interface RequestParts {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

interface Case extends RequestParts {
  name: string;
  status: number;
  /** kauth: {error, error_code}; kapi: {msg, code}; html: a page. */
  shape: 'kauth' | 'kapi' | 'html';
}

const JSON_TYPE = 'application/json';
const FORM_TYPE = 'application/x-www-form-urlencoded';

function get(path: string): RequestParts {
  return { method: 'GET', path };
}

/** A POST, with a body of `contentType` when one is given. */
function post(path: string, contentType?: string, body?: string): RequestParts {
  return contentType === undefined
    ? { method: 'POST', path }
    : { method: 'POST', path, headers: { 'content-type': contentType }, body };
}

function row(name: string, request: RequestParts, status: number, shape: Case['shape']): Case {
  return { name, ...request, status, shape };
}

const big = `grant_type=authorization_code&code=${'x'.repeat(70 * 1024)}`;
const repeated =
  'grant_type=refresh_token&grant_type=x&client_id=kakao-desktop-dev&client_secret=dev-client-secret';

const cases: Case[] = [
  row('token: malformed JSON', post('/oauth/token', JSON_TYPE, '{"grant_type":'), 400, 'kauth'),
  row('token: JSON array', post('/oauth/token', JSON_TYPE, '[1,2]'), 400, 'kauth'),
  row('token: JSON null', post('/oauth/token', JSON_TYPE, 'null'), 400, 'kauth'),
  row('token: empty JSON body', post('/oauth/token', JSON_TYPE, ''), 400, 'kauth'),
  row('token: text/plain', post('/oauth/token', 'text/plain', 'grant_type=x'), 400, 'kauth'),
  row('token: XML', post('/oauth/token', 'application/xml', '<a/>'), 415, 'kauth'),
  row('token: no body', post('/oauth/token'), 400, 'kauth'),
  row('token: oversized body', post('/oauth/token', FORM_TYPE, big), 413, 'kauth'),
  row('token: repeated params', post('/oauth/token', FORM_TYPE, repeated), 400, 'kauth'),
  row(
    'token: numbers in JSON',
    post('/oauth/token', JSON_TYPE, '{"grant_type":1,"client_id":{"a":1}}'),
    400,
    'kauth',
  ),
  row('token: GET', get('/oauth/token'), 404, 'kauth'),
  row('tokeninfo: malformed JSON', post('/oauth/tokeninfo', JSON_TYPE, '{'), 400, 'kauth'),
  row('unknown kauth path', get('/oauth/nope'), 404, 'kauth'),
  row('me: malformed JSON', post('/v2/user/me', JSON_TYPE, '{{'), 400, 'kapi'),
  row('me: oversized form', post('/v2/user/me', FORM_TYPE, big), 413, 'kapi'),
  row('me: bad secure_resource', get('/v2/user/me?secure_resource=maybe'), 401, 'kapi'),
  row('logout: text/plain', post('/v1/user/logout', 'text/plain', 'x'), 401, 'kapi'),
  row('unknown kapi path', get('/v9/nothing'), 404, 'kapi'),
  row(
    'authorize: repeated client_id',
    get(`/oauth/authorize?client_id=a&client_id=b&redirect_uri=x`),
    400,
    'html',
  ),
  row(
    'authorize: broken percent-encoding',
    get(`/oauth/authorize?client_id=${APP.clientId}&redirect_uri=%E0%A4%A`),
    400,
    'html',
  ),
  row('login form: no flow', post('/oauth/authorize/login', FORM_TYPE, ''), 400, 'html'),
  row('consent form: JSON garbage', post('/oauth/authorize/consent', JSON_TYPE, '"x"'), 400, 'html'),
];

describe('malformed input never crashes the emulator', () => {
  it.each(cases)('$name → $status ($shape)', async ({ method, path, headers, body, status, shape }) => {
    const response = await fetch(`${emulator().url}${path}`, { method, headers, body });
    expect(response.status).toBe(status);
    const text = await response.text();
    expect(text).not.toMatch(/\bat .+:\d+:\d+\)/); // no stack trace
    if (shape === 'html') {
      expect(text).toContain('Kakao emulator');
      return;
    }
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    const json = JSON.parse(text);
    if (shape === 'kauth')
      expect(json).toMatchObject({ error: expect.any(String), error_code: expect.stringMatching(/^KOE/) });
    else expect(json).toMatchObject({ msg: expect.any(String), code: expect.any(Number) });
  });

  it('is still healthy afterwards', async () => {
    expect((await fetch(`${emulator().url}/.well-known/openid-configuration`)).status).toBe(200);
  });
});
