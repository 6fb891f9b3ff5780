/**
 * Property-based fuzzing of /auth/* with a tiny rate limit: the 429s must be well-formed problems too
 * (`rate_limited`, Retry-After), and never a 5xx. FUZZ_RUNS requests (default 10,000).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { useHarness } from '../helpers/harness';
import { expectProblemOnError, FUZZ_TIMEOUT_MS, fuzzParameters, requestsFor } from './arbitraries';
import { EMPTY_POOLS, kakaoTargets, sessionTargets } from './targets';

const h = useHarness('pglite', { RATE_LIMIT_MAX: '3', RATE_LIMIT_WINDOW_SECONDS: '3600', LOG_LEVEL: 'warn' });

describe('fuzzing under the rate limit', () => {
  it(
    'every /auth/* reply is a well-formed problem; over the limit, 429 rate_limited with Retry-After',
    async () => {
      const targets = [...kakaoTargets(EMPTY_POOLS), ...sessionTargets(EMPTY_POOLS)];
      const requests = fc.constantFrom(...targets).chain((target) => requestsFor(target, {}));
      let limited = 0;
      await fc.assert(
        fc.asyncProperty(requests, async (request) => {
          const response = await h.app.inject(request);
          expectProblemOnError(request, response);
          if (response.statusCode === 429) {
            limited++;
            if (request.method !== 'HEAD') expect(response.json()).toMatchObject({ code: 'rate_limited' });
          }
        }),
        fuzzParameters(),
      );
      // Every run after the first three (per client address) is over the limit.
      if ((fuzzParameters().numRuns ?? 0) > 3) expect(limited).toBeGreaterThan(0);
    },
    FUZZ_TIMEOUT_MS,
  );
});
