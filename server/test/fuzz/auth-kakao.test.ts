/**
 * Property-based fuzzing of POST /auth/kakao/exchange and POST /auth/kakao/token: FUZZ_RUNS requests per route
 * (default 10,000) on PGlite with the real emulator as Kakao. Never a 5xx; every error RFC 9457 problem details with our code.
 */
import { describe, it } from 'vitest';
import { useHarness } from '../helpers/harness';
import { FUZZ_TIMEOUT_MS, fuzzTarget } from './arbitraries';
import { authorizations, EMPTY_POOLS, kakaoTargets, seedPools } from './targets';

// Rate limiting on, but high enough that the fuzzer reaches the routes (429s: rate-limit.test.ts).
const h = useHarness('pglite', { RATE_LIMIT_MAX: '1000000', LOG_LEVEL: 'warn' });

describe('fuzzing: never a 5xx, every error a well-formed problem', () => {
  it.each(kakaoTargets(EMPTY_POOLS).map((t) => t.path))(
    '%s',
    async (path) => {
      const pools = await seedPools(h);
      const target = kakaoTargets(pools).find((t) => t.path === path)!;
      await fuzzTarget(h.app, target, { authorization: authorizations(pools) });
    },
    FUZZ_TIMEOUT_MS,
  );
});
