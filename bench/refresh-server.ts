/**
 * Child process for bench/refresh.ts: starts the backend (or a hello-world Fastify) like production would,
 * pre-mints N refresh tokens straight into the database, and reports {url, tokens} over IPC.
 * argv: <target: postgres|pglite|hello> <count>
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import pg from 'pg';
import { buildApp } from '../server/src/app';
import { loadConfig } from '../server/src/config';
import { openDatabase } from '../server/src/db/client';
import { refreshTokens, sessions } from '../server/src/db/schema';
import { hashRefreshToken, newRefreshToken } from '../server/src/tokens/refresh-token';
import { createUserWithIdentity } from '../server/src/users/repository';

const [target = 'hello', countText = '1000'] = process.argv.slice(2);
const count = Number(countText);
const send = (message: unknown) => process.send?.(message);
const cleanups: (() => Promise<void>)[] = [];

async function hello() {
  const app = Fastify({ logger: false });
  app.get('/hello', async () => ({ hello: 'world' }));
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  cleanups.push(() => app.close());
  send({ url, tokens: [] });
}

async function backend(kind: 'postgres' | 'pglite') {
  const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  let databaseUrl: string | undefined;
  let dataDir: string | undefined;
  if (kind === 'postgres') {
    const name = `kd_bench_${Date.now()}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(adminUrl);
    u.pathname = `/${name}`;
    databaseUrl = u.toString();
    cleanups.push(async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    });
  } else {
    dataDir = mkdtempSync(join(tmpdir(), 'kd-bench-'));
    cleanups.push(async () => rmSync(dataDir!, { recursive: true, force: true }));
  }
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
    RATE_LIMIT_MAX: '0',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_MAX: process.env.BENCH_POOL_MAX ?? '10',
    DATA_DIR: dataDir,
    REFRESH_SYNCHRONOUS_COMMIT: process.env.REFRESH_SYNCHRONOUS_COMMIT,
  });
  const database = await openDatabase(config.database);
  await database.migrate();
  const app = await buildApp(config, { database });
  cleanups.unshift(async () => {
    await app.close();
    await database.close();
  });

  // Pre-mint: one user, `count` sessions with one live refresh token each (every request really rotates).
  const user = await createUserWithIdentity(
    database.db,
    { nickname: 'bench' },
    { provider: 'local', providerUserId: 'bench' },
  );
  const tokens: string[] = [];
  const now = new Date();
  const expires = new Date(now.getTime() + 3600_000);
  for (let start = 0; start < count; start += 1000) {
    const batch = Array.from({ length: Math.min(1000, count - start) }, () => {
      const id = randomUUID();
      return { id, token: newRefreshToken(user.id, id) };
    });
    await database.db.insert(sessions).values(
      batch.map((b) => ({
        id: b.id,
        userId: user.id,
        deviceName: 'bench',
        createdAt: now,
        lastUsedAt: now,
      })),
    );
    await database.db.insert(refreshTokens).values(
      batch.map((b) => ({
        tokenHash: hashRefreshToken(b.token),
        sessionId: b.id,
        issuedAt: now,
        expiresAt: expires,
      })),
    );
    tokens.push(...batch.map((b) => b.token));
  }
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  send({ url, tokens });
}

process.on('message', async (message) => {
  if (message === 'stop') {
    for (const cleanup of cleanups) await cleanup().catch((e) => console.error(String(e)));
    process.exit(0);
  }
});

(target === 'hello' ? hello() : backend(target as 'postgres' | 'pglite')).catch((error: unknown) => {
  console.error(`bench server failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
