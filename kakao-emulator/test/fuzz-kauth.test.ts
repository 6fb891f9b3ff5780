/**
 * Property-based fuzzing of the emulator's kauth side: authorize / login / consent pages, token, tokeninfo,
 * logout and discovery. FUZZ_RUNS inputs per route (default 10,000). Replies: never 5xx, pages as HTML,
 * errors as Kakao's `{error, error_description, error_code}`.
 */
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { buildEmulatorApp } from '../src/index';
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

beforeAll(async () => {
  app = await buildEmulatorApp({ publicUrl: 'http://127.0.0.1:9010' });
  pools = await seedPools(app);
});
afterAll(async () => {
  await app?.close();
});

describe('fuzzing kauth: every reply well-formed, never 5xx', () => {
  // Targets need the pools, which exist only after beforeAll: list them by path here.
  const paths = kauthTargets({
    flows: [],
    codes: [],
    accessTokens: [],
    refreshTokens: [],
    idTokens: [],
    cookies: [],
  }).map((t) => t.path);
  it.each(paths)(
    '%s',
    async (path) => {
      const target = kauthTargets(pools).find((t) => t.path === path)!;
      await fc.assert(
        fc.asyncProperty(requestsFor(target, { cookie: pools.cookies }), async (request) => {
          expectWellFormed(target.shape, request, await app.inject(request));
        }),
        fuzzParameters(),
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});
