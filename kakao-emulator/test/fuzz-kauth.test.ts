/**
 * Property-based fuzzing of the emulator's kauth side: authorize / login / consent pages, token, tokeninfo,
 * logout and discovery. FUZZ_RUNS inputs per route (default 10,000). Replies: never 5xx, pages as HTML,
 * errors as Kakao's `{error, error_description, error_code}`.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  emptyPools,
  expectWellFormed,
  FUZZ_TIMEOUT_MS,
  fuzzParameters,
  requestsFor,
  useSeededEmulator,
} from './fuzz-arbitraries';
import { kauthTargets } from './fuzz-targets';

const emulator = useSeededEmulator();

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
      const { app, pools } = emulator;
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
      kauthTargets(emptyPools())
        .map((t) => t.path)
        .sort(),
    );
  });
});
