/**
 * The rate limit behind proxies (TRUST_PROXY): a client that puts addresses of its choice at the left of
 * X-Forwarded-For must still be counted as itself. Each setting gets the spoofing attack: a fresh forged address on
 * every request, which must not buy a fresh budget.
 */
import { randomInt } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createTestDatabase, type TestDatabase } from '../helpers/databases';
import { TEST_ENV } from '../helpers/harness';

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase('pglite');
});
afterAll(async () => {
  await db?.dispose();
});

/** An app whose /auth/* allows 3 requests per client IP and window. */
function useApp(trustProxy: string | undefined): { app: FastifyInstance } {
  const holder = {} as { app: FastifyInstance };
  beforeAll(async () => {
    const config = loadConfig({
      ...TEST_ENV,
      RATE_LIMIT_MAX: '3',
      RATE_LIMIT_WINDOW_SECONDS: '60',
      ...(trustProxy !== undefined && { TRUST_PROXY: trustProxy }),
    });
    holder.app = await buildApp(config, { database: db.database, logger: pino({ level: 'silent' }) });
    await holder.app.ready();
  });
  afterAll(async () => {
    await holder.app?.close();
  });
  return holder;
}

const forged = () => `${randomInt(1, 224)}.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;

/** Five refreshes (bogus token: 401 unless the limiter answers first) from `remoteAddress`, each with a new forgery. */
async function spoofedRefreshes(
  app: FastifyInstance,
  remoteAddress: string,
  forwardedFor: (spoof: string) => string,
): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < 5; i++) {
    const res = await app.inject({
      method: 'POST',
      url: '/auth/refresh',
      payload: { refresh_token: 'x' },
      remoteAddress,
      headers: { 'x-forwarded-for': forwardedFor(forged()) },
    });
    statuses.push(res.statusCode);
    if (res.statusCode === 429) expect(res.json()).toMatchObject({ code: 'rate_limited' });
  }
  return statuses;
}

const LIMITED = [401, 401, 401, 429, 429];

describe('TRUST_PROXY unset (no proxy)', () => {
  const h = useApp(undefined);

  it('ignores X-Forwarded-For: a direct client forging it is counted by its socket address', async () => {
    expect(await spoofedRefreshes(h.app, '203.0.113.5', (spoof) => spoof)).toEqual(LIMITED);
    expect(await spoofedRefreshes(h.app, '203.0.113.6', (spoof) => `${spoof}, 198.51.100.1`)).toEqual(
      LIMITED,
    );
  });
});

describe('TRUST_PROXY=false', () => {
  const h = useApp('false');

  it('ignores X-Forwarded-For', async () => {
    expect(await spoofedRefreshes(h.app, '203.0.113.5', (spoof) => spoof)).toEqual(LIMITED);
  });
});

describe('TRUST_PROXY=<one proxy address>', () => {
  const h = useApp('10.0.0.1');

  it('counts the address the proxy appended, not the forged entries before it', async () => {
    // The client sent "X-Forwarded-For: <forged>"; the proxy appended the address it saw.
    expect(await spoofedRefreshes(h.app, '10.0.0.1', (spoof) => `${spoof}, 198.51.100.7`)).toEqual(LIMITED);
  });

  it('counts each real client on its own, not the proxy as one client', async () => {
    expect(await spoofedRefreshes(h.app, '10.0.0.1', (spoof) => `${spoof}, 198.51.100.8`)).toEqual(LIMITED);
    // Another client behind the same proxy still has its whole budget.
    expect(await spoofedRefreshes(h.app, '10.0.0.1', (spoof) => `${spoof}, 198.51.100.9`)).toEqual(LIMITED);
  });

  it('ignores X-Forwarded-For from a client that reaches the backend directly', async () => {
    expect(await spoofedRefreshes(h.app, '203.0.113.20', (spoof) => `${spoof}, 10.0.0.1`)).toEqual(LIMITED);
  });
});

describe('TRUST_PROXY=<CIDR list> (two proxies in a chain)', () => {
  const h = useApp('10.0.0.0/24, 192.168.0.0/16');

  it('walks back through the trusted proxies to the first untrusted address', async () => {
    // client → 192.168.5.5 (edge proxy) → 10.0.0.2 (load balancer) → backend
    expect(
      await spoofedRefreshes(h.app, '10.0.0.2', (spoof) => `${spoof}, 198.51.100.7, 192.168.5.5`),
    ).toEqual(LIMITED);
  });

  it('does not let a client forge a trusted proxy address to step past its own', async () => {
    // The client itself writes "<forged>, 192.168.1.1": the edge proxy appends the client's real address after it.
    expect(
      await spoofedRefreshes(
        h.app,
        '10.0.0.2',
        (spoof) => `${spoof}, 192.168.1.1, 198.51.100.30, 192.168.5.5`,
      ),
    ).toEqual(LIMITED);
  });
});
