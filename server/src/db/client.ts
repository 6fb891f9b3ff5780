/**
 * Opens the database: PostgreSQL when a URL is given (node-postgres pool), else embedded PGlite in `dataDir`
 * (or in memory with dataDir 'memory://'). Both get the same Drizzle schema and the same SQL migrations.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import * as schema from './schema';

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../drizzle', import.meta.url));

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Database {
  db: Db;
  kind: 'postgres' | 'pglite';
  /** Applies pending migrations (idempotent; serialized across processes on PostgreSQL). */
  migrate(): Promise<void>;
  /**
   * Raw SQL for the hot path (refresh rotation, session checks): a named prepared statement on PostgreSQL
   * (parsed and planned once per connection), a plain parameterized query on PGlite.
   * `durable: false` runs it on connections with synchronous_commit=off (see server/docs/sessions.md "Refresh durability").
   */
  query<R>(name: string, text: string, values: unknown[], options?: { durable?: boolean }): Promise<R[]>;
  /** Throws when the database cannot answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  url?: string | undefined;
  poolMax?: number;
  /** Folder for PGlite; its data lives in `<dataDir>/pglite`. 'memory://' keeps it in memory. */
  dataDir?: string;
  /** false = rotation commits don't wait for the WAL flush (PostgreSQL only). Default true. */
  durableRotation?: boolean;
}

// Arbitrary constant: the advisory lock that makes concurrent starts migrate one at a time.
const MIGRATION_LOCK_KEY = 4_212_021;

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.url) return openPostgres(options.url, options.poolMax ?? 10, options.durableRotation ?? true);
  return openPglite(options.dataDir ?? 'memory://');
}

function openPostgres(url: string, poolMax: number, durableRotation: boolean): Database {
  const pool = new pg.Pool({ connectionString: url, max: poolMax, connectionTimeoutMillis: 5000 });
  // Connections whose commits return before the WAL is flushed; only statements marked durable: false use them.
  const fastPool = durableRotation
    ? pool
    : new pg.Pool({
        connectionString: url,
        max: poolMax,
        connectionTimeoutMillis: 5000,
        options: '-c synchronous_commit=off',
      });
  // An idle client's error (e.g. the server restarted) must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  fastPool.on('error', () => {});
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    async migrate() {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
        await migratePg(drizzlePg(client), { migrationsFolder: MIGRATIONS_FOLDER });
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
        await client.end();
      }
    },
    async query<R>(name: string, text: string, values: unknown[], options?: { durable?: boolean }) {
      const target = options?.durable === false ? fastPool : pool;
      return (await target.query({ name, text, values })).rows as R[];
    },
    async ping() {
      await db.execute(sql`select 1`);
    },
    async close() {
      await pool.end();
      if (fastPool !== pool) await fastPool.end();
    },
  };
}

async function openPglite(dataDir: string): Promise<Database> {
  let location = dataDir;
  if (!dataDir.startsWith('memory://')) {
    location = join(dataDir, 'pglite');
    mkdirSync(location, { recursive: true });
  }
  const client = await PGlite.create(location);
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    async migrate() {
      await migratePglite(drizzlePglite(client), { migrationsFolder: MIGRATIONS_FOLDER });
    },
    async query<R>(_name: string, text: string, values: unknown[]) {
      return (await client.query<R>(text, values)).rows;
    },
    async ping() {
      await db.execute(sql`select 1`);
    },
    close: () => client.close(),
  };
}
