/**
 * Property-based fuzzing of the emulator's kapi side (user APIs with a user token or the admin key) and of
 * requests no route matches. FUZZ_RUNS inputs per target (default 10,000). Replies: never 5xx, errors as Kakao's
 * `{msg, code}` (401 with `WWW-Authenticate: Bearer …` for -401).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  anyText,
  bodyOf,
  emptyPools,
  expectWellFormed,
  FUZZ_TIMEOUT_MS,
  fuzzParameters,
  headersOf,
  injectRequest,
  requestsFor,
  useSeededEmulator,
  wellFormed,
} from './fuzz-arbitraries';
import { authorizations, kapiTargets } from './fuzz-targets';

// The default app plus what the user-management endpoints act on, so the fuzz reaches past their checks.
const emulator = useSeededEmulator({ userProperties: ['grade'] });

describe('fuzzing kapi: every reply well-formed, never 5xx', () => {
  it.each(kapiTargets(emptyPools()).map((t) => t.path))(
    '%s',
    async (path) => {
      const { app, pools } = emulator;
      const target = kapiTargets(pools).find((t) => t.path === path)!;
      const requests = requestsFor(target, { authorization: authorizations(pools), cookie: pools.cookies });
      await fc.assert(
        fc.asyncProperty(requests, async (request) => {
          expectWellFormed(target.shape, request, await app.inject(request));
        }),
        fuzzParameters(),
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'unknown paths and wrong methods: 404 in the shape of the side they look like',
    async () => {
      const segment = fc.oneof(
        fc.constantFrom(
          'oauth',
          'v2',
          'v1',
          'user',
          'me',
          '.well-known',
          '..',
          '.',
          '%2e%2e',
          '%00',
          '%',
          '%zz',
          '%E0%A4%A',
          '',
          '__emulator',
        ),
        anyText.map((s) => encodeURIComponent(wellFormed(s))),
      );
      const requests = fc
        .record({
          method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'),
          segments: fc.array(segment, { minLength: 1, maxLength: 5 }),
          headers: headersOf({}),
          body: bodyOf({}),
        })
        .map(({ method, segments, headers, body }) =>
          injectRequest(method, `/${segments.join('/')}`, headers, body),
        );
      await fc.assert(
        fc.asyncProperty(requests, async (request) => {
          const response = await emulator.app.inject(request);
          // Routing sees the normalised path (`/../oauth/` is `/oauth/`).
          const path = new URL(`http://emulator${String(request.url)}`).pathname;
          const shape = path.startsWith('/__emulator/')
            ? 'control'
            : path.startsWith('/oauth/') || path.startsWith('/.well-known/')
              ? 'kauth'
              : 'kapi';
          expectWellFormed(shape, request, response);
          if (response.statusCode === 404 && request.method !== 'HEAD' && shape === 'kapi')
            expect(response.json()).toMatchObject({ code: -2 });
        }),
        fuzzParameters(),
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});
