/**
 * Personal data never reaches the error log: a failing query carries its parameters in the driver's message
 * (Drizzle's "Failed query: … params: …"), PostgreSQL's `detail` ("Key (lower(email))=(…) already exists") and even
 * its message ("invalid input syntax for type integer: \"…\""). The app must answer 500 and log only the error's
 * class, SQLSTATE and our own context. Runs on PGlite and PostgreSQL (their drivers word errors differently).
 */
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { users } from '../../src/db/schema';
import { loggerOptions } from '../../src/logger';
import { createTestDatabase, DATABASES, type TestDatabase, unavailable } from '../helpers/databases';
import { TEST_ENV, useHarness } from '../helpers/harness';

const EMAIL = 'leaky.person@example.com';
const NICKNAME = 'Secret Nickname 김비밀';

/** Everything a log line must not contain after the attacks below. */
function expectNoPersonalData(logs: string) {
  expect(logs).not.toContain('leaky.person');
  expect(logs).not.toContain('Secret Nickname');
  expect(logs).not.toContain('김비밀');
  expect(logs).not.toMatch(/Failed query|params:|already exists|invalid input syntax/);
}

describe.each(DATABASES)('error logs on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let db: TestDatabase;
    let app: FastifyInstance;
    let lines: string[] = [];
    const logs = () => lines.join('');
    const parsed = () =>
      logs()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>);

    beforeAll(async () => {
      db = await createTestDatabase(kind);
      const sink = new Writable({
        write(chunk, _enc, done) {
          lines.push(chunk.toString());
          done();
        },
      });
      app = await buildApp(loadConfig(TEST_ENV), {
        database: db.database,
        logger: pino(loggerOptions('info'), sink),
      });
      // Routes that run failing queries with personal data as parameters, as a bug in a real route would.
      const database = db.database;
      app.post('/test/duplicate-email', async () => {
        // Only a verified email holds its address (users_verified_email_key).
        await database.db.insert(users).values({ email: EMAIL, emailVerified: true, nickname: NICKNAME });
        await database.db
          .insert(users)
          .values({ email: EMAIL.toUpperCase(), emailVerified: true, nickname: NICKNAME });
        return { ok: true };
      });
      app.post('/test/bad-cast', async () => {
        await database.db.execute(sql`select ${EMAIL}::int, ${NICKNAME}::int`);
        return { ok: true };
      });
      app.post('/test/raw-query', async () => {
        await database.query('test_raw', 'select $1::int as n, $2::text as nick', [EMAIL, NICKNAME]);
        return { ok: true };
      });
      await app.ready();
    });

    afterAll(async () => {
      await app?.close();
      await db?.dispose();
    });

    beforeEach(async () => {
      await db.reset();
      lines = [];
    });

    it.each([
      ['/test/duplicate-email', '23505'],
      ['/test/bad-cast', '22P02'],
      ['/test/raw-query', '22P02'],
    ])(
      '%s: 500 internal_error, logged as class + SQLSTATE + route, without the parameters',
      async (url, sqlState) => {
        const res = await app.inject({ method: 'POST', url });
        expect(res.statusCode).toBe(500);
        expect(res.json()).toMatchObject({ code: 'internal_error' });
        expect(res.body).not.toContain('leaky.person');

        const line = parsed().find((l) => l.msg === 'unhandled error');
        expect(line).toMatchObject({ level: 50, method: 'POST', route: url, reqId: expect.any(String) });
        // The SQLSTATE is on the error or its cause (Drizzle wraps the driver's error).
        expect(JSON.stringify(line?.error)).toContain(`"sqlState":"${sqlState}"`);
        expectNoPersonalData(logs());
      },
    );
  });
});

describe('a real sign-in whose Kakao nickname PostgreSQL could not store as text (NUL)', () => {
  const h = useHarness('pglite');

  it('signs in with the control characters removed, and logs no email or nickname', async () => {
    await h.control('/__emulator/accounts', { id: 4242, email: EMAIL, nickname: `${NICKNAME}\u0000` });
    const res = await h.signIn({ accountId: 4242 });
    expect(res.statusCode).toBe(200);
    expect(res.json().user.nickname).toBe(NICKNAME);
    expectNoPersonalData(h.rawLogs());
  });
});
