/**
 * Shared pieces of the emulator's property-based fuzzing (fast-check): run settings, the route list, request
 * arbitraries (malformed JSON, wrong types, huge / unicode / control-character strings, missing and repeated
 * fields, odd headers) and the check that every reply is in Kakao's documented shape.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, expect } from 'vitest';
import { buildEmulatorApp, DEFAULT_APPS } from '../src/index';
import type { EmulatorApp } from '../src/types';
import {
  type Body,
  bodyOf,
  type Fields,
  headersOf,
  hugePart,
  injectRequest,
  jsonText,
  STACK_TRACE,
  urlEncoded,
  withHugePart,
} from './fuzz-http';

export * from './fuzz-http';

export interface Target {
  /** Route path as Fastify prints it. */
  path: string;
  methods: readonly string[];
  /** Which error shape replies must have. */
  shape: 'kauth' | 'page' | 'kapi' | 'control';
  /** Known query / body fields and values that reach deeper code. */
  fields: Fields;
  /** Share of requests (0–1) with a body the handler will see: lower for expensive handlers. */
  handlerShare?: number;
}

/** Requests for one target: its methods, query, headers and body. */
export function requestsFor(
  target: Target,
  pools: { authorization?: readonly string[]; cookie?: readonly string[] },
): fc.Arbitrary<InjectOptions> {
  const rejected: fc.Arbitrary<Body> = fc.oneof(
    jsonText({}).map((payload) => ({ contentType: 'application/xml', payload })),
    fc.constantFrom<Body>(
      { contentType: 'application/json', payload: '{"a":' },
      { contentType: 'application/json', payload: '[' },
    ),
  );
  const body =
    target.handlerShare === undefined
      ? bodyOf(target.fields)
      : fc.oneof(
          { weight: Math.round(target.handlerShare * 1000), arbitrary: bodyOf(target.fields) },
          { weight: Math.round((1 - target.handlerShare) * 1000), arbitrary: rejected },
        );
  return fc
    .record({
      method: fc.constantFrom(...target.methods),
      query: fc.option(urlEncoded(target.fields), { nil: undefined, freq: 3 }),
      headers: headersOf(pools),
      body,
      huge: target.handlerShare === undefined ? hugePart : fc.constant(undefined),
    })
    .map(({ method, query, headers, body, huge }) =>
      withHugePart(
        injectRequest(method, query === undefined ? target.path : `${target.path}?${query}`, headers, body),
        huge,
      ),
    );
}

// --- Reply checks ---

/** Every reply: never 5xx, no stack trace, and errors in the shape Kakao (or the control API) documents. */
export function expectWellFormed(
  shape: Target['shape'],
  request: InjectOptions,
  response: LightMyRequestResponse,
) {
  const where = `${request.method} ${String(request.url).slice(0, 120)} → ${response.statusCode}: ${response.body.slice(0, 300)}`;
  expect(response.statusCode, where).toBeLessThan(500);
  expect(response.statusCode, where).toBeGreaterThanOrEqual(200);
  expect(response.body, where).not.toMatch(STACK_TRACE);
  if (response.statusCode >= 300 && response.statusCode < 400) {
    expect(response.headers.location, where).toEqual(expect.any(String));
    return;
  }
  if (request.method === 'HEAD') return;
  const type = String(response.headers['content-type'] ?? '');
  if (shape === 'page' && (response.statusCode === 200 || !type.startsWith('application/json'))) {
    expect(type, where).toMatch(/^text\/html/);
    expect(response.body, where).toContain('Kakao emulator');
    return;
  }
  expect(type, where).toMatch(/^application\/json/);
  const body = JSON.parse(response.body) as Record<string, unknown>;
  if (response.statusCode < 400) return;
  switch (shape) {
    case 'kauth':
    case 'page':
      expect(body, where).toEqual({
        error: expect.any(String),
        error_description: expect.any(String),
        error_code: expect.stringMatching(/^KOE\d{3}$/),
      });
      break;
    case 'kapi':
      expect(body, where).toMatchObject({ msg: expect.any(String), code: expect.any(Number) });
      expect(body.code as number, where).toBeLessThan(0);
      if (body.code === -401) expect(response.headers['www-authenticate'], where).toMatch(/^Bearer /);
      break;
    case 'control':
      expect(body, where).toEqual({ error: expect.any(String), message: expect.any(String) });
      break;
  }
}

// --- Values that open deeper paths, made by signing in through the emulator's own pages ---

export interface Pools {
  flows: string[];
  codes: string[];
  accessTokens: string[];
  refreshTokens: string[];
  idTokens: string[];
  cookies: string[];
}

/** No values yet: enough to list the targets by path before beforeAll has seeded anything. */
export function emptyPools(): Pools {
  return { flows: [], codes: [], accessTokens: [], refreshTokens: [], idTokens: [], cookies: [] };
}

const CLIENT = {
  client_id: 'kakao-desktop-dev',
  client_secret: 'dev-client-secret',
  redirect_uri: 'http://localhost:9021/callback',
};
export const VERIFIER = 'v'.repeat(43);
export const CHALLENGE = createHash('sha256').update(VERIFIER).digest('base64url');

function formPost(app: FastifyInstance, url: string, fields: [string, string][], cookie?: string) {
  return app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(cookie && { cookie }) },
    payload: new URLSearchParams(fields).toString(),
  });
}

const flowOf = (html: string) => /name="flow" value="([^"]+)"/.exec(html)?.[1];

/** Signs account 1001 in (PKCE, OIDC) and leaves open login flows behind, so fuzzed requests can reach past the checks. */
export async function seedPools(app: FastifyInstance): Promise<Pools> {
  const pools = emptyPools();
  const authorize = `/oauth/authorize?${new URLSearchParams({
    client_id: CLIENT.client_id,
    redirect_uri: CLIENT.redirect_uri,
    response_type: 'code',
    state: 's',
    nonce: 'n',
    code_challenge: CHALLENGE,
    code_challenge_method: 'S256',
  })}`;
  for (let i = 0; i < 3; i++) {
    const page = await app.inject({ method: 'GET', url: authorize });
    const flow = flowOf(page.body);
    if (!flow) throw new Error(`no login flow: ${page.statusCode} ${page.body.slice(0, 200)}`);
    const login = await formPost(app, '/oauth/authorize/login', [
      ['flow', flow],
      ['account_id', '1001'],
    ]);
    const cookie = String(login.headers['set-cookie'] ?? '').split(';')[0]!;
    pools.cookies.push(cookie);
    let redirect = login;
    const consentFlow = flowOf(login.body);
    if (login.statusCode === 200 && consentFlow) {
      const scopes = [...login.body.matchAll(/name="scope" value="([^"]+)"/g)].map((m): [string, string] => [
        'scope',
        m[1]!,
      ]);
      redirect = await formPost(
        app,
        '/oauth/authorize/consent',
        [['flow', consentFlow], ['action', 'agree'], ...scopes],
        cookie,
      );
    }
    const code = new URL(String(redirect.headers.location)).searchParams.get('code');
    if (!code) throw new Error(`no code: ${redirect.statusCode} ${redirect.body.slice(0, 200)}`);
    const token = await formPost(app, '/oauth/token', [
      ['grant_type', 'authorization_code'],
      ...Object.entries(CLIENT),
      ['code', code],
      ['code_verifier', VERIFIER],
    ]);
    const tokens = token.json() as Record<string, string>;
    if (!tokens.access_token) throw new Error(`token exchange failed: ${token.body}`);
    pools.codes.push(code);
    pools.accessTokens.push(tokens.access_token);
    pools.refreshTokens.push(tokens.refresh_token!);
    pools.idTokens.push(tokens.id_token!);
  }
  // Open flows: login pages and a consent page (account 1002 has not agreed yet).
  for (let i = 0; i < 5; i++) {
    const page = await app.inject({ method: 'GET', url: authorize });
    pools.flows.push(flowOf(page.body)!);
  }
  const page = await app.inject({ method: 'GET', url: authorize });
  const consent = await formPost(app, '/oauth/authorize/login', [
    ['flow', flowOf(page.body)!],
    ['account_id', '1002'],
  ]);
  pools.flows.push(flowOf(consent.body)!);
  pools.cookies.push(String(consent.headers['set-cookie'] ?? '').split(';')[0]!);
  return pools;
}

export { CLIENT };

/**
 * One in-process emulator for the calling fuzz file, with pools seeded from it. Its default apps get Kakao Sync
 * service terms (so `service_terms` and the terms step of the consent page are fuzzed too) and `appExtras`.
 * Both fields are set once beforeAll has run.
 */
export function useSeededEmulator(appExtras: Partial<EmulatorApp> = {}): {
  app: FastifyInstance;
  pools: Pools;
} {
  const seeded = { pools: emptyPools() } as { app: FastifyInstance; pools: Pools };
  beforeAll(async () => {
    const apps = DEFAULT_APPS.map((app) => ({
      ...app,
      serviceTerms: [
        { tag: 'terms_a', required: true },
        { tag: 'terms_b', required: false },
      ],
      ...appExtras,
    }));
    seeded.app = await buildEmulatorApp({ publicUrl: 'http://127.0.0.1:9010', apps });
    seeded.pools = await seedPools(seeded.app);
  });
  afterAll(async () => {
    await seeded.app?.close();
  });
  return seeded;
}
