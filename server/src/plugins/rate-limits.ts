/**
 * Per-client-IP rate limits, one group of routes at a time: each group counts in its own store (its own Redis
 * namespace when RATE_LIMIT_REDIS_URL is set), so a busy /healthz prober never eats a client's /auth budget.
 * The limit runs at onRequest, before the body is read, authentication or any database work.
 */
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import { ApiError } from '../problem';

export interface RateLimitGroup {
  /** Requests per client IP per window; 0 = no limit for this group. */
  max: number;
  windowSeconds: number;
  /** Redis key prefix of this group's counters (`<prefix><client ip>`). */
  nameSpace: string;
  /** Requests this returns true for are neither counted nor limited. */
  exempt?: (request: FastifyRequest) => boolean;
}

/** Adds the group's limit to every route registered in `scope` (an encapsulated plugin context) after this call. */
export async function limitRoutes(
  scope: FastifyInstance,
  group: RateLimitGroup,
  redis: Redis | undefined,
): Promise<void> {
  if (group.max <= 0) return;
  await scope.register(rateLimit, {
    max: group.max,
    timeWindow: group.windowSeconds * 1000,
    ...(group.exempt && { allowList: group.exempt }),
    // Fail open: a Redis outage must not lock every user out of sign-in and refresh (logged by the client).
    ...(redis && { redis, nameSpace: group.nameSpace, skipOnError: true }),
    errorResponseBuilder: (_req, ctx) =>
      new ApiError(429, 'rate_limited', {
        detail: 'Too many requests. Slow down and retry later.',
        retryAfter: Math.max(1, Math.ceil(ctx.ttl / 1000)),
      }),
  });
}
