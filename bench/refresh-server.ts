/**
 * Child process for bench/refresh.ts: starts the backend (or a hello-world Fastify) like production would,
 * pre-mints N refresh tokens straight into the database, and reports {url, tokens, pids} over IPC.
 * argv: <target: postgres|pglite|hello> <count> [bound]
 * `bound`: every family is DPoP-bound to the key whose thumbprint is BENCH_DPOP_JKT (the parent signs the proofs),
 * and the proof age window is at its maximum so proofs signed before the load phase stay valid through it.
 *
 * BENCH_WORKERS=N (PostgreSQL and hello only): N backend processes behind one port with node:cluster, the same
 * "N stateless instances on one PostgreSQL" a deployment runs behind its load balancer. This process then only
 * creates the database, pre-mints and hands out connections; the workers serve.
 * BENCH_CPU_PROFILE=<dir>: a V8 CPU profile of the load phase (between 'profile-start' and 'stop') per server process.
 */
import cluster, { type Worker } from 'node:cluster';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import pg from 'pg';
import { buildApp } from '../server/src/app';
import { loadConfig } from '../server/src/config';
import { type Database, openDatabase } from '../server/src/db/client';
import { refreshTokens, sessions } from '../server/src/db/schema';
import { hashRefreshToken, newRefreshToken } from '../server/src/tokens/refresh-token';
import { createUserWithIdentity } from '../server/src/users/repository';

type Target = 'postgres' | 'pglite' | 'hello';

/**
 * The local PostgreSQL through its Unix socket when there is one (what a backend next to its database uses; no TCP
 * stack per query), else TCP. BENCH_DATABASE_URL overrides (e.g. a TCP URL to compare).
 */
const SOCKET_DIR = '/var/run/postgresql';
const DEFAULT_DATABASE_URL = existsSync(`${SOCKET_DIR}/.s.PGSQL.5432`)
  ? `postgres://postgres@localhost/postgres?host=${SOCKET_DIR}`
  : 'postgres://postgres@127.0.0.1:5432/postgres';
const [target = 'hello', countText = '1000', boundArg] = process.argv.slice(2) as [Target?, string?, string?];
const dpopJkt = boundArg === 'bound' ? process.env.BENCH_DPOP_JKT : undefined;
const count = Number(countText);
const workers = target === 'pglite' ? 1 : Number(process.env.BENCH_WORKERS ?? 1);
const cleanups: (() => Promise<void>)[] = [];

function configFor(location: { databaseUrl?: string; dataDir?: string }) {
  return loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
    RATE_LIMIT_MAX: '0',
    DATABASE_URL: location.databaseUrl,
    DATABASE_POOL_MAX: process.env.BENCH_POOL_MAX ?? '10',
    DATA_DIR: location.dataDir,
    REFRESH_SYNCHRONOUS_COMMIT: process.env.REFRESH_SYNCHRONOUS_COMMIT,
    ...(dpopJkt && { DPOP_PROOF_MAX_AGE_SECONDS: '600' }),
  });
}

/** Starts one server (hello-world or the backend) in this process; returns its URL. */
async function serve(
  location: { databaseUrl?: string; dataDir?: string },
  database?: Database,
): Promise<string> {
  if (target === 'hello') {
    const app = Fastify({ logger: false });
    app.get('/hello', async () => ({ hello: 'world' }));
    cleanups.unshift(() => app.close());
    return app.listen({ port: 0, host: '127.0.0.1' });
  }
  const config = configFor(location);
  const db = database ?? (await openDatabase(config.database));
  const app = await buildApp(config, { database: db });
  cleanups.unshift(async () => {
    await app.close();
    if (!database) await db.close();
  });
  return app.listen({ port: 0, host: '127.0.0.1' });
}

async function createLocation(): Promise<{ databaseUrl?: string; dataDir?: string }> {
  if (target === 'pglite') {
    const dataDir = mkdtempSync(join(tmpdir(), 'kd-bench-'));
    cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
    return { dataDir };
  }
  const adminUrl = process.env.BENCH_DATABASE_URL ?? DEFAULT_DATABASE_URL;
  const name = `kd_bench_${Date.now()}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  cleanups.push(async () => {
    const c = new pg.Client({ connectionString: adminUrl });
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  });
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return { databaseUrl: u.toString() };
}

/** How the backend reaches PostgreSQL, for the report. */
function describeDatabase(databaseUrl: string | undefined): string | undefined {
  if (!databaseUrl) return undefined;
  const u = new URL(databaseUrl);
  const socket = u.searchParams.get('host');
  return socket ? `Unix socket ${socket}` : `TCP ${u.host}`;
}

/** One user, `count` sessions with one live refresh token each (every request really rotates). */
async function premint(database: Database): Promise<string[]> {
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
        dpopJkt,
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
  return tokens;
}

let profiler: Session | undefined;
async function startProfile(): Promise<void> {
  profiler = new Session();
  profiler.connect();
  await profiler.post('Profiler.enable');
  await profiler.post('Profiler.start');
}
async function writeProfile(dir: string): Promise<void> {
  if (!profiler) return;
  const { profile } = (await profiler.post('Profiler.stop')) as { profile: unknown };
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${target}-${process.pid}-${Date.now()}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  console.error(`cpu profile: ${file}`);
}

/** 'profile-start' / 'stop' from the parent (or, in a worker, from the primary). */
function onControl(serving: boolean, before?: () => Promise<void>): void {
  const profileDir = serving ? process.env.BENCH_CPU_PROFILE : undefined;
  process.on('message', async (message) => {
    if (message === 'profile-start' && profileDir) await startProfile();
    if (message === 'stop') {
      if (before) await before();
      if (profileDir) await writeProfile(profileDir);
      for (const cleanup of cleanups) await cleanup().catch((e) => console.error(String(e)));
      process.exit(0);
    }
  });
}

async function primary(): Promise<void> {
  const location = target === 'hello' ? {} : await createLocation();
  let database: Database | undefined;
  let tokens: string[] = [];
  if (target !== 'hello') {
    database = await openDatabase(configFor(location).database);
    cleanups.unshift(() => database!.close());
    await database.migrate();
    tokens = await premint(database);
  }
  if (workers <= 1) {
    const url = await serve(location, database);
    onControl(true);
    process.send?.({ url, tokens, pids: [process.pid], database: describeDatabase(location.databaseUrl) });
    return;
  }
  const started: Worker[] = [];
  let url = '';
  for (let i = 0; i < workers; i++) {
    const worker = cluster.fork({ BENCH_LOCATION: JSON.stringify(location) });
    started.push(worker);
    url = await new Promise<string>((resolve, reject) => {
      worker.once('message', (m: { url: string }) => resolve(m.url));
      worker.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
    });
  }
  onControl(false, async () => {
    await Promise.all(
      started.map((w) => {
        const exited = new Promise((r) => w.once('exit', r));
        w.send('stop');
        return exited;
      }),
    );
  });
  process.on('message', (message) => {
    if (message === 'profile-start') for (const w of started) w.send(message);
  });
  process.send?.({
    url,
    tokens,
    pids: started.map((w) => w.process.pid),
    database: describeDatabase(location.databaseUrl),
  });
}

async function worker(): Promise<void> {
  const url = await serve(JSON.parse(process.env.BENCH_LOCATION ?? '{}'));
  onControl(true);
  process.send?.({ url });
}

(cluster.isPrimary ? primary() : worker()).catch((error: unknown) => {
  console.error(`bench server failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
