/**
 * Property-based fuzzing of the emulator's kauth side: authorize / login / consent pages, token, tokeninfo,
 * logout and discovery. FUZZ_RUNS inputs per route (default 10,000). Replies: never 5xx, pages as HTML,
 * errors as Kakao's `{error, error_description, error_code}`.
 */
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEmulatorApp, DEFAULT_APPS } from '../src/index';
import {
  expectWellFormed,
  FUZZ_TIMEOUT_MS,
  fuzzParameters,
  type Pools,
  requestsFor,
  seedPools,
} from './fuzz-arbitraries';
import { kauthTargets } from './fuzz-targets';

let app: FastifyInstance;
let pools: Pools;
const EMPTY: Pools = { flows: [], codes: [], accessTokens: [], refreshTokens: [], idTokens: [], cookies: [] };

beforeAll(async () => {
  // Service terms configured, so `service_terms` and the terms step of the consent page are fuzzed too.
  const apps = DEFAULT_APPS.map((app) => ({
    ...app,
    serviceTerms: [
      { tag: 'terms_a', required: true },
      { tag: 'terms_b', required: false },
    ],
  }));
  app = await buildEmulatorApp({ publicUrl: 'http://127.0.0.1:9010', apps });
  pools = await seedPools(app);
});
afterAll(async () => {
  await app?.close();
});

describe('fuzzing kauth: every reply well-formed, never 5xx', () => {
  // Targets need the pools, which exist only after beforeAll: list them by path here. Discovery and JWKS take no
  // input and share their runs.
  const groups = [
    ['/oauth/authorize'],
    ['/oauth/authorize/login'],
    ['/oauth/authorize/select'],
    ['/oauth/authorize/signup'],
    ['/oauth/authorize/consent'],
    ['/oauth/logout'],
    ['/oauth/token'],
    ['/oauth/tokeninfo'],
    ['/.well-known/openid-configuration', '/.well-known/jwks.json'],
  ];
  it.each(groups.map((paths) => [paths.join(' '), paths] as const))(
    '%s',
    async (_name, paths) => {
      const targets = kauthTargets(pools).filter((t) => paths.includes(t.path));
      const requests = fc.oneof(...targets.map((t) => requestsFor(t, { cookie: pools.cookies })));
      await fc.assert(
        fc.asyncProperty(requests, async (request) => {
          expectWellFormed(targets[0]!.shape, request, await app.inject(request));
        }),
        fuzzParameters(),
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it('every kauth route is fuzzed', () => {
    expect(groups.flat().sort()).toEqual(
      kauthTargets(EMPTY)
        .map((t) => t.path)
        .sort(),
    );
  });
});
