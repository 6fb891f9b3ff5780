/**
 * Real Redis for the shared rate-limit suites, from TEST_REDIS_URL (default redis://127.0.0.1:6379). If it is
 * unreachable those suites are skipped with a loud message; under CI=true they run and fail instead (and
 * scripts/test.mjs would turn a skip into a failure anyway).
 */
import { Redis } from 'ioredis';

export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

const shownUrl = TEST_REDIS_URL.replace(/\/\/[^@/]*@/, '//***@');

/** A plain client for checking and cleaning up keys; one connection attempt, no retries. */
export function testRedisClient(): Redis {
  const redis = new Redis(TEST_REDIS_URL, {
    lazyConnect: true,
    connectTimeout: 3000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  redis.on('error', () => {}); // reported by whoever awaits the command
  return redis;
}

async function reachable(): Promise<string | undefined> {
  const redis = testRedisClient();
  // connect() only rejects with "Connection is closed."; the cause (ECONNREFUSED…) comes as an error event.
  let cause: Error | undefined;
  redis.on('error', (error: Error) => {
    cause ??= error;
  });
  try {
    await redis.connect();
    await redis.ping();
    return undefined;
  } catch (error) {
    return (cause ?? (error as Error)).message;
  } finally {
    redis.disconnect();
  }
}

const unreachableBecause = await reachable();
export const redisReachable = unreachableBecause === undefined;
const ci = process.env.CI === 'true';

if (!redisReachable && !ci) {
  console.error(
    `\n!!! Redis at ${shownUrl} is unreachable (${unreachableBecause}).` +
      '\n!!! The shared rate-limit suites are SKIPPED. Start Redis or set TEST_REDIS_URL.\n',
  );
}

/** For `describe.skipIf`: skip only outside CI, where a missing Redis is the developer's choice. */
export const skipWithoutRedis = !redisReachable && !ci;

/** For `beforeAll` of a Redis suite: under CI=true an unreachable Redis fails the suite with the reason. */
export function requireRedis(): void {
  if (!redisReachable) {
    throw new Error(`Redis at ${shownUrl} is unreachable (${unreachableBecause}); CI=true requires it`);
  }
}
