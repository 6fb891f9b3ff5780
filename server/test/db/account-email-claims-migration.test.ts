/**
 * The account-email-claims migration on a database the old email linking had already damaged: one user with two
 * Kakao identities (the pre-hijack). Migrated up to just before it, seeded, then migrated to the end.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS_FOLDER } from '../../src/db/client';
import { DATABASES, unavailable } from '../helpers/databases';

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A migrations folder holding every migration before this one (found by name, so renumbering keeps working). */
function foldersBeforeAndAll(): string {
  const journal = JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, 'meta/_journal.json'), 'utf8')) as {
    entries: { tag: string }[];
  };
  const mine = journal.entries.findIndex((e) => e.tag.endsWith('_account_email_claims'));
  if (mine < 1) throw new Error('the account_email_claims migration is not in the journal');
  const dir = mkdtempSync(join(tmpdir(), 'kd-migrations-'));
  mkdirSync(join(dir, 'meta'));
  const before = journal.entries.slice(0, mine);
  writeFileSync(join(dir, 'meta/_journal.json'), JSON.stringify({ ...journal, entries: before }));
  for (const e of before) copyFileSync(join(MIGRATIONS_FOLDER, `${e.tag}.sql`), join(dir, `${e.tag}.sql`));
  return dir;
}

type AnyDb = PgDatabase<PgQueryResultHKT>;
const rows = async <T>(db: AnyDb, query: ReturnType<typeof sql>) =>
  ((await db.execute(query)) as unknown as { rows: T[] }).rows;

describe.each(DATABASES)('account email claims migration on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    let db: AnyDb;
    let migrateTo: (folder: string) => Promise<void>;
    let close: () => Promise<void>;
    let beforeFolder: string;

    beforeAll(async () => {
      beforeFolder = foldersBeforeAndAll();
      if (kind === 'pglite') {
        const client = new PGlite();
        await client.waitReady;
        const d = drizzlePglite(client);
        db = d as unknown as AnyDb;
        migrateTo = (folder) => migratePglite(d, { migrationsFolder: folder });
        close = () => client.close();
      } else {
        const name = `kd_test_mig_${Math.random().toString(16).slice(2, 10)}`;
        const admin = new pg.Client({ connectionString: ADMIN_URL });
        await admin.connect();
        await admin.query(`CREATE DATABASE ${name}`);
        const url = new URL(ADMIN_URL);
        url.pathname = `/${name}`;
        const pool = new pg.Pool({ connectionString: url.toString(), max: 2 });
        // DROP … WITH (FORCE) at teardown may still terminate a client the pool is closing (57P01): expected then.
        pool.on('error', () => {});
        const d = drizzlePg(pool);
        db = d as unknown as AnyDb;
        migrateTo = (folder) => migratePg(d, { migrationsFolder: folder });
        close = async () => {
          await pool.end();
          await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
          await admin.end();
        };
      }
      // Slow on a loaded machine (PGlite's first statements compile its WASM paths): here, not in the test.
      await migrateTo(beforeFolder);
    });
    afterAll(async () => {
      await close?.();
      rmSync(beforeFolder, { recursive: true, force: true });
    });

    it('splits a user with two Kakao identities, ends its sessions, and frees the address', async () => {
      // The hijacked user: A (Kakao 2001, first) and B (Kakao 2002, linked later, set the email verified).
      const [hijacked] = await rows<{ id: string }>(
        db,
        sql`insert into users (email, email_verified, nickname) values ('x@example.test', true, 'A') returning id`,
      );
      const [clean] = await rows<{ id: string }>(
        db,
        sql`insert into users (email, email_verified, nickname) values ('c@example.test', true, 'C') returning id`,
      );
      await db.execute(sql`insert into identities (user_id, provider, provider_user_id, created_at) values
        (${hijacked!.id}, 'kakao', '2001', now() - interval '2 days'),
        (${hijacked!.id}, 'kakao', '2002', now() - interval '1 day'),
        (${clean!.id}, 'kakao', '2003', now())`);
      await db.execute(
        sql`insert into sessions (user_id) values (${hijacked!.id}), (${hijacked!.id}), (${clean!.id})`,
      );

      await migrateTo(MIGRATIONS_FOLDER);

      const identities = await rows<{ provider_user_id: string; user_id: string }>(
        db,
        sql`select provider_user_id, user_id from identities order by provider_user_id`,
      );
      const owner = Object.fromEntries(identities.map((i) => [i.provider_user_id, i.user_id]));
      expect(owner['2001']).toBe(hijacked!.id);
      expect(owner['2002']).not.toBe(hijacked!.id);
      expect(owner['2003']).toBe(clean!.id);
      const users = await rows<{ id: string; email: string; email_verified: boolean; nickname: string }>(
        db,
        sql`select id, email, email_verified, nickname from users`,
      );
      expect(users).toHaveLength(3);
      expect(users.find((u) => u.id === owner['2002'])).toMatchObject({
        email: 'x@example.test',
        email_verified: false,
      });
      expect(users.find((u) => u.id === hijacked!.id)).toMatchObject({ email_verified: false });
      expect(users.find((u) => u.id === clean!.id)).toMatchObject({ email_verified: true });
      const sessions = await rows<{ user_id: string; revoked_reason: string | null }>(
        db,
        sql`select user_id, revoked_reason from sessions`,
      );
      expect(sessions.filter((s) => s.user_id === hijacked!.id).map((s) => s.revoked_reason)).toEqual([
        'revoked',
        'revoked',
      ]);
      expect(sessions.find((s) => s.user_id === clean!.id)?.revoked_reason).toBeNull();
    });
  });
});
