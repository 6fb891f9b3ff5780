/**
 * The Redis client behind the shared /auth/* rate limit (RATE_LIMIT_REDIS_URL), tuned to fail fast: the limiter
 * runs with `skipOnError`, so while Redis is down requests pass unlimited instead of waiting or failing. ioredis
 * reconnects on its own; this module logs a warning once per outage and a line when Redis is back.
 */
import type { FastifyBaseLogger } from 'fastify';
import { Redis } from 'ioredis';

/** Key prefix of every counter in Redis (`kd-rl:<client ip>`). */
export const RATE_LIMIT_NAMESPACE = 'kd-rl:';

/** The URL without credentials, for logs. */
function redisAddress(url: string): string {
  const { protocol, host } = new URL(url);
  return `${protocol}//${host}`;
}

/**
 * Connects before returning, so the shared limit holds from the first request; if Redis is unreachable it
 * returns anyway (after at most `connectTimeout`), and the limiter skips until ioredis reconnects.
 */
export async function connectRateLimitRedis(url: string, log: FastifyBaseLogger): Promise<Redis> {
  const redis = new Redis(url, {
    connectionName: 'kd-rate-limit',
    lazyConnect: true,
    // ioredis' defaults (10 s connect timeout, 20 retries per command) would hold requests on a dead Redis;
    // @fastify/rate-limit's README recommends lowering both.
    connectTimeout: 1000,
    maxRetriesPerRequest: 1,
    // While disconnected, commands fail at once instead of queueing until the reconnect.
    enableOfflineQueue: false,
    // A connected but unresponsive Redis (network partition) must not stall requests either.
    commandTimeout: 500,
  });
  const address = redisAddress(url);
  let down = false;
  const markDown = (error: Error) => {
    if (down) return;
    down = true;
    log.warn(
      { redis: address, error: error.message },
      'rate-limit Redis unavailable: /auth/* is not rate limited until it is back',
    );
  };
  // The listener also keeps ioredis from printing "Unhandled error event" on every reconnect attempt.
  redis.on('error', markDown);
  redis.on('ready', () => {
    if (!down) return;
    down = false;
    log.info({ redis: address }, 'rate-limit Redis is back');
  });
  await redis.connect().catch(markDown);
  return redis;
}

/** For the app's onClose: waits for in-flight replies when connected, stops reconnecting otherwise. */
export async function closeRateLimitRedis(redis: Redis): Promise<void> {
  if (redis.status === 'ready') await redis.quit().catch(() => redis.disconnect());
  else redis.disconnect();
}
