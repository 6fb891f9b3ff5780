/**
 * The database as a test parameter: `describe.each(DATABASES)` runs a suite on embedded PGlite (in memory) and on
 * real PostgreSQL (a random-named database created for the file and dropped after). PostgreSQL comes from
 * TEST_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres); if it is unreachable the postgres
 * suites are skipped with a loud message (scripts/test.mjs turns skips into failures under CI=true).
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type Database, openDatabase } from '../../src/db/client';

export type DatabaseKind = 'pglite' | 'postgres';
export const DATABASES: DatabaseKind[] = ['pglite', 'postgres'];

const ADMIN_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function reachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch (error) {
    console.error(
      `\n!!! PostgreSQL at ${ADMIN_URL.replace(/\/\/[^@]*@/, '//***@')} is unreachable (${(error as Error).message}).` +
        '\n!!! The postgres variants of the server suites are SKIPPED. Start PostgreSQL or set TEST_DATABASE_URL.\n',
    );
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

export const postgresReachable = await reachable();

/** True when this kind cannot run here (the reason was printed above). */
export const unavailable = (kind: DatabaseKind) => kind === 'postgres' && !postgresReachable;

export interface TestDatabase {
  database: Database;
  url: string | undefined;
  /** Empties every table except the signing keys. */
  reset(): Promise<void>;
  dispose(): Promise<void>;
}

async function withAdmin(query: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(query);
  } finally {
    await client.end();
  }
}

/** Creates an empty database of this kind with the migrations applied. */
export async function createTestDatabase(
  kind: DatabaseKind,
  options: { poolMax?: number } = {},
): Promise<TestDatabase> {
  let url: string | undefined;
  let name = '';
  if (kind === 'postgres') {
    name = `kd_test_${randomBytes(6).toString('hex')}`;
    await withAdmin(`CREATE DATABASE ${name}`);
    const u = new URL(ADMIN_URL);
    u.pathname = `/${name}`;
    url = u.toString();
  }
  const database = await openDatabase({ url, poolMax: options.poolMax ?? 10, dataDir: 'memory://' });
  await database.migrate();
  return {
    database,
    url,
    async reset() {
      await database.db.execute('TRUNCATE refresh_tokens, sessions, identities, users, dpop_proofs CASCADE');
    },
    async dispose() {
      await database.close();
      if (kind === 'postgres') await withAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
