/**
 * The /auth/* rate limit across backend instances: with RATE_LIMIT_REDIS_URL every instance counts in one Redis
 * (real Redis, see helpers/redis.ts); without it each process counts alone; with Redis down requests pass.
 */
import { randomInt } from 'node:crypto';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { loggerOptions } from '../../src/logger';
import { RATE_LIMIT_NAMESPACE } from '../../src/plugins/rate-limit-redis';
import { createTestDatabase, type TestDatabase } from '../helpers/databases';
import { TEST_ENV } from '../helpers/harness';
import { requireRedis, skipWithoutRedis, TEST_REDIS_URL, testRedisClient } from '../helpers/redis';

interface Instances {
  apps: FastifyInstance[];
  /** Every log line of every instance, parsed. */
  logs(): Record<string, unknown>[];
  rawLogs(): string;
}

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('pglite');
});
afterAll(async () => {
  await db?.dispose();
});

/** `count` backend instances on one database, as N processes behind a load balancer would be. */
function useInstances(count: number, env: Record<string, string>): Instances {
  const lines: string[] = [];
  const instances: Instances = {
    apps: [],
    logs: () =>
      lines
        .flatMap((l) => l.split('\n'))
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>),
    rawLogs: () => lines.join(''),
  };
  beforeAll(async () => {
    const config = loadConfig({ ...TEST_ENV, RATE_LIMIT_MAX: '3', RATE_LIMIT_WINDOW_SECONDS: '60', ...env });
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    for (let i = 0; i < count; i++) {
      const app = await buildApp(config, {
        database: db.database,
        logger: pino(loggerOptions('info'), sink),
      });
      await app.ready();
      instances.apps.push(app);
    }
  });
  afterAll(async () => {
    for (const app of instances.apps) await app.close();
  });
  return instances;
}

/** A random client in the IPv6 documentation range, so parallel runs on one Redis never share a counter. */
function randomClient(): { ip: string; key: string } {
  const group = () => randomInt(0x1000, 0x10000).toString(16);
  const prefix = `2001:db8:${group()}:${group()}`;
  // The limiter keys IPv6 clients by their /64.
  return { ip: `${prefix}::1`, key: `${RATE_LIMIT_NAMESPACE}${prefix}::` };
}

/** Requests alternate between the instances; a bogus refresh token is a 401 unless the limiter answers first. */
async function refreshAlternating(apps: FastifyInstance[], times: number, ip: string) {
  const responses = [];
  for (let i = 0; i < times; i++) {
    const app = apps[i % apps.length]!;
    responses.push(
      await app.inject({
        method: 'POST',
        url: '/auth/refresh',
        payload: { refresh_token: 'x' },
        remoteAddress: ip,
      }),
    );
  }
  return responses;
}

describe.skipIf(skipWithoutRedis)('shared rate limit on real Redis (RATE_LIMIT_REDIS_URL)', () => {
  beforeAll(requireRedis);
  const instances = useInstances(2, { RATE_LIMIT_REDIS_URL: TEST_REDIS_URL });
  const redis = testRedisClient();
  const client = randomClient();

  afterAll(async () => {
    if (redis.status === 'ready') await redis.del(client.key);
    redis.disconnect();
  });

  it('limits two instances jointly: the 4th request, on either instance, is 429 rate_limited', async () => {
    const responses = await refreshAlternating(instances.apps, 5, client.ip);
    expect(responses.map((r) => r.statusCode)).toEqual([401, 401, 401, 429, 429]);
    const limited = responses[3]!;
    expect(limited.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(limited.json()).toMatchObject({ code: 'rate_limited', status: 429 });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);

    await redis.connect();
    expect(await redis.get(client.key)).toBe('5');
    expect(await redis.pttl(client.key)).toBeGreaterThan(0);
  });
});

describe('rate limit without RATE_LIMIT_REDIS_URL', () => {
  const instances = useInstances(2, {});

  it('counts per process: two instances each allow the full limit (unchanged default)', async () => {
    const responses = await refreshAlternating(instances.apps, 6, randomClient().ip);
    expect(responses.map((r) => r.statusCode)).toEqual([401, 401, 401, 401, 401, 401]);
  });
});

describe('rate limit with Redis down (RATE_LIMIT_REDIS_URL on a closed port)', () => {
  const instances = useInstances(1, { RATE_LIMIT_REDIS_URL: 'redis://:hunter2@127.0.0.1:1' });

  it('fails open: requests pass unlimited, promptly, and one warning says why', async () => {
    const responses = await refreshAlternating(instances.apps, 6, randomClient().ip);
    expect(responses.map((r) => r.statusCode)).toEqual([401, 401, 401, 401, 401, 401]);

    const warnings = instances.logs().filter((l) => String(l.msg).startsWith('rate-limit Redis unavailable'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ level: 40, redis: 'redis://127.0.0.1:1' });
    expect(instances.rawLogs()).not.toContain('hunter2');
  });
});
