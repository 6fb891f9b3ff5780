import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../src/index';
import { APP, start } from './helpers';

let emulator: RunningEmulator;
beforeAll(async () => {
  emulator = await start();
});
afterAll(async () => {
  await emulator.close();
});

interface Case {
  name: string;
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  status: number;
  /** kauth: {error, error_code}; kapi: {msg, code}; html: a page. */
  shape: 'kauth' | 'kapi' | 'html';
}

const big = `grant_type=authorization_code&code=${'x'.repeat(70 * 1024)}`;

const cases: Case[] = [
  {
    name: 'token: malformed JSON',
    method: 'POST',
    path: '/oauth/token',
    headers: { 'content-type': 'application/json' },
    body: '{"grant_type":',
    status: 400,
    shape: 'kauth',
  },
  {
    name: 'token: JSON array',
    method: 'POST',
    path: '/oauth/token',
    headers: { 'content-type': 'application/json' },
    body: '[1,2]',
    status: 400,
    shape: 'kauth',
  },
  {
    name: 'token: JSON null',
    method: 'POST',
    path: '/oauth/token',
    headers: { 'content-type': 'application/json' },
    body: 'null',
    status: 400,
    shape: 'kauth',
  },
  {
    name: 'token: empty JSON body',
    method: 'POST',
    path: '/oauth/token',
    headers: { 'content-type': 'application/json' },
    body: '',
    status: 400,
    shape: 'kauth',
  },
  {
    name: 'token: text/plain',
    method: 'POST',
    path: '/oauth/token',
    headers: { 'content-type': 'text/plain' },
    body: 'grant_type=x',
    status: 400,
    shape: 'kauth',
  },
  {
    name: 'token: XML',
    method: 'POST',
    path: '/oauth/token',
    headers: { 'content-type': 'application/xml' },
    body: '<a/>',
    status: 415,
    shape: 'kauth',
  },
  { name: 'token: no body', method: 'POST', path: '/oauth/token', status: 400, shape: 'kauth' },
  {
    name: 'token: oversized body',
    method: 'POST',
    path: '/oauth/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: big,
    status: 413,
    shape: 'kauth',
  },
  {
    name: 'token: repeated params',
    method: 'POST',
    path: '/oauth/token',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=refresh_token&grant_type=x&client_id=kakao-desktop-dev&client_secret=dev-client-secret',
    status: 400,
    shape: 'kauth',
  },
  {
    name: 'token: numbers in JSON',
    method: 'POST',
    path: '/oauth/token',
    headers: { 'content-type': 'application/json' },
    body: '{"grant_type":1,"client_id":{"a":1}}',
    status: 400,
    shape: 'kauth',
  },
  { name: 'token: GET', method: 'GET', path: '/oauth/token', status: 404, shape: 'kauth' },
  {
    name: 'tokeninfo: malformed JSON',
    method: 'POST',
    path: '/oauth/tokeninfo',
    headers: { 'content-type': 'application/json' },
    body: '{',
    status: 400,
    shape: 'kauth',
  },
  { name: 'unknown kauth path', method: 'GET', path: '/oauth/nope', status: 404, shape: 'kauth' },
  {
    name: 'me: malformed JSON',
    method: 'POST',
    path: '/v2/user/me',
    headers: { 'content-type': 'application/json' },
    body: '{{',
    status: 400,
    shape: 'kapi',
  },
  {
    name: 'me: oversized form',
    method: 'POST',
    path: '/v2/user/me',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: big,
    status: 413,
    shape: 'kapi',
  },
  {
    name: 'me: bad secure_resource',
    method: 'GET',
    path: '/v2/user/me?secure_resource=maybe',
    status: 401,
    shape: 'kapi',
  },
  {
    name: 'logout: text/plain',
    method: 'POST',
    path: '/v1/user/logout',
    headers: { 'content-type': 'text/plain' },
    body: 'x',
    status: 401,
    shape: 'kapi',
  },
  { name: 'unknown kapi path', method: 'GET', path: '/v9/nothing', status: 404, shape: 'kapi' },
  {
    name: 'authorize: repeated client_id',
    method: 'GET',
    path: `/oauth/authorize?client_id=a&client_id=b&redirect_uri=x`,
    status: 400,
    shape: 'html',
  },
  {
    name: 'authorize: broken percent-encoding',
    method: 'GET',
    path: `/oauth/authorize?client_id=${APP.clientId}&redirect_uri=%E0%A4%A`,
    status: 400,
    shape: 'html',
  },
  {
    name: 'login form: no flow',
    method: 'POST',
    path: '/oauth/authorize/login',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: '',
    status: 400,
    shape: 'html',
  },
  {
    name: 'consent form: JSON garbage',
    method: 'POST',
    path: '/oauth/authorize/consent',
    headers: { 'content-type': 'application/json' },
    body: '"x"',
    status: 400,
    shape: 'html',
  },
];

describe('malformed input never crashes the emulator', () => {
  it.each(cases)('$name → $status ($shape)', async ({ method, path, headers, body, status, shape }) => {
    const response = await fetch(`${emulator.url}${path}`, { method, headers, body });
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
    expect((await fetch(`${emulator.url}/.well-known/openid-configuration`)).status).toBe(200);
  });
});
