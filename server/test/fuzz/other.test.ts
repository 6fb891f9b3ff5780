/**
 * Property-based fuzzing of /me, the meta routes, Kakao's unlink webhook, the API docs and unknown routes:
 * FUZZ_RUNS requests per target (default 10,000). Also checks that the three groups of fuzz targets cover every
 * route the app registers, so a new route without a fuzz target fails here.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { useHarness } from '../helpers/harness';
import {
  anyText,
  bodyOf,
  expectProblemOnError,
  FUZZ_TIMEOUT_MS,
  fuzzParameters,
  fuzzTarget,
  headersOf,
  injectRequest,
  registeredRoutes,
  wellFormed,
} from './arbitraries';
import {
  authorizations,
  EMPTY_POOLS,
  kakaoTargets,
  otherTargets,
  seedPools,
  sessionTargets,
} from './targets';

const h = useHarness('pglite', { RATE_LIMIT_MAX: '1000000', LOG_LEVEL: 'warn' });

describe('fuzz targets', () => {
  it('cover every registered route and method (a new route must get a fuzz target)', () => {
    const targets = [...kakaoTargets(EMPTY_POOLS), ...sessionTargets(EMPTY_POOLS), ...otherTargets()];
    const targeted = new Set(targets.flatMap((t) => t.methods.map((m) => `${m} ${t.path}`)));
    const registered = registeredRoutes(h.app);
    expect(registered.size).toBeGreaterThan(20);
    expect([...registered].filter((route) => !targeted.has(route))).toEqual([]);
    expect([...targeted].filter((route) => !registered.has(route))).toEqual([]);
  });
});

describe('fuzzing: never a 5xx, every error a well-formed problem', () => {
  // Cheap, input-light routes share their runs: the API docs pages, and the meta routes.
  const groups = [
    ['/me'],
    ['/kakao/unlink-callback'],
    ['/.well-known/jwks.json', '/healthz', '/readyz'],
    otherTargets()
      .map((t) => t.path)
      .filter((path) => path.startsWith('/docs')),
  ];
  it.each(groups.map((paths) => [paths.join(' '), paths] as const))(
    '%s',
    async (_name, paths) => {
      const pools = await seedPools(h);
      const targets = otherTargets().filter((t) => paths.includes(t.path));
      await fuzzTarget(h.app, targets, { authorization: authorizations(pools) });
    },
    FUZZ_TIMEOUT_MS,
  );

  it('every route of this group is fuzzed', () => {
    expect(groups.flat().sort()).toEqual(
      otherTargets()
        .map((t) => t.path)
        .sort(),
    );
  });

  it(
    'unknown paths and wrong methods: 404 not_found problems',
    async () => {
      const segment = fc.oneof(
        fc.constantFrom(
          'auth',
          'kakao',
          'me',
          'docs',
          'sessions',
          '.well-known',
          '..',
          '.',
          '%2e%2e',
          '%00',
          '',
        ),
        anyText.map((s) => encodeURIComponent(wellFormed(s))),
      );
      const requests = fc
        .record({
          method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'),
          segments: fc.array(segment, { minLength: 1, maxLength: 5 }),
          headers: headersOf({ authorization: ['KakaoAK dev-admin-key'] }),
          body: bodyOf({}),
        })
        .map(({ method, segments, headers, body }) =>
          injectRequest(method, `/${segments.join('/')}`, headers, body),
        );
      await fc.assert(
        fc.asyncProperty(requests, async (request) => {
          expectProblemOnError(request, await h.app.inject(request));
        }),
        fuzzParameters(),
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});
