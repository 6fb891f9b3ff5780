/**
 * `npm run bench:soak`: a steady mix of sign-ins, refreshes and logouts against the real programs on PostgreSQL,
 * for a bounded time. The Kakao emulator and the backend (`server/src/server.ts`, as deployed) run as child
 * processes (bench/soak/programs.ts); this process plays SOAK_APPS desktop apps (bench/soak/load.ts). At the end
 * every app still signed in refreshes once more (its latest token must still work).
 *
 * Prints the 5xx count, the rotation count (database, backend audit lines, 200s seen), actions and errors by kind,
 * latency per action, and each program's memory (RSS, and V8 heap after a full GC) at start and end. Exits 1 on any
 * 5xx or any unexpected answer: a correctness check under load, not a speed test (nothing is asserted on speed).
 *
 * Env: see bench/soak/settings.ts. A fresh database is created on SOAK_DATABASE_URL and dropped after.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freeLoopbackPort } from '../test/helpers/free-port';
import { countError, createStats, DesktopApp, drive } from './soak/load';
import { memoryOf, ownMemory } from './soak/memory';
import { type Program, startProgram, stopProgram, waitReady } from './soak/programs';
import { printReport } from './soak/report';
import { ACCOUNTS, adminUrl, appCount, keepLogsAlways, rate, seconds } from './soak/settings';

const logDir = mkdtempSync(join(tmpdir(), 'kd-soak-'));
/** The programs' logs are deleted at the end unless the soak failed or SOAK_KEEP_LOGS=1. */
let keepLogs = keepLogsAlways;

async function withAdmin<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function main(): Promise<number> {
  const dbName = `kd_soak_${randomBytes(5).toString('hex')}`;
  await withAdmin(adminUrl, (c) => c.query(`CREATE DATABASE ${dbName}`));
  const dbUrl = new URL(adminUrl);
  dbUrl.pathname = `/${dbName}`;
  const programs: Program[] = [];
  const stats = createStats();
  try {
    const [emulatorPort, backendPort] = [await freeLoopbackPort(), await freeLoopbackPort()];
    const emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
    const base = `http://127.0.0.1:${backendPort}`;
    const emulator = startProgram(
      'emulator',
      'kakao-emulator/src/server.ts',
      {
        KAKAO_EMULATOR_PORT: String(emulatorPort),
        KAKAO_EMULATOR_HOST: '127.0.0.1',
        KAKAO_EMULATOR_QUIET: '1',
      },
      logDir,
    );
    programs.push(emulator);
    await waitReady(emulator, `${emulatorUrl}/.well-known/openid-configuration`);
    const backend = startProgram(
      'backend',
      'server/src/server.ts',
      {
        NODE_ENV: 'development',
        HOST: '127.0.0.1',
        PORT: String(backendPort),
        DATABASE_URL: dbUrl.toString(),
        KAKAO_AUTH_BASE_URL: emulatorUrl,
        KAKAO_API_BASE_URL: emulatorUrl,
        // Every app comes from 127.0.0.1: the per-IP limit would answer 429s that say nothing about correctness.
        RATE_LIMIT_MAX: '0',
        LOG_LEVEL: 'info',
      },
      logDir,
    );
    programs.push(backend);
    await waitReady(backend, `${base}/readyz`);

    const start = {
      emulator: await memoryOf(emulator),
      backend: await memoryOf(backend),
      load: ownMemory(),
    };
    console.log(`soak: ${seconds} s, ${appCount} apps, ${rate} actions/s on PostgreSQL (database ${dbName})`);
    const apps = Array.from(
      { length: appCount },
      (_, i) => new DesktopApp(stats, base, emulatorUrl, ACCOUNTS[i % ACCOUNTS.length]!),
    );
    const until = performance.now() + seconds * 1000;
    const intervalMs = (appCount / rate) * 1000;
    const watchdog = setInterval(() => {
      for (const p of programs) if (p.exited) countError(stats, `${p.name} exited during the soak`);
    }, 1000);
    const loadStarted = performance.now();
    await Promise.all(apps.map((app) => drive(app, until, intervalMs)));
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    clearInterval(watchdog);
    // Every app still signed in: its latest token must still work.
    await Promise.all(apps.filter((a) => a.token).map((a) => a.act('final refresh')));

    const end = {
      emulator: await memoryOf(emulator),
      backend: await memoryOf(backend),
      load: ownMemory(),
    };
    const rotations = await withAdmin(dbUrl.toString(), async (c) =>
      Number(
        (await c.query('select count(*) as n from refresh_tokens where spent_at is not null')).rows[0].n,
      ),
    );
    // Stopped first, so every audit line is in the log.
    for (const p of [...programs].reverse()) await stopProgram(p);
    const auditRotations = readFileSync(backend.logFile, 'utf8').split('"msg":"audit refresh"').length - 1;
    // Each 200 is one rotation, except the second answer of a double refresh (the same pair, replayed).
    const expectedRotations = stats.refreshed - stats.ok['double refresh'];
    if (rotations !== expectedRotations || auditRotations !== expectedRotations)
      countError(
        stats,
        `rotation count: ${expectedRotations} expected from the answers, ${rotations} in the database, ` +
          `${auditRotations} audit lines`,
      );

    printReport({ stats, rate, loadSeconds, rotations, auditRotations, start, end });
    const failed = stats.fiveXx > 0 || stats.errors.size > 0;
    if (failed) keepLogs = true;
    console.log(
      failed
        ? `\nsoak FAILED: 5xx or unexpected answers (see above; program logs in ${logDir})`
        : '\nsoak passed',
    );
    return failed ? 1 : 0;
  } catch (e) {
    keepLogs = true;
    throw e;
  } finally {
    for (const p of [...programs].reverse()) await stopProgram(p);
    await withAdmin(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`)).catch(
      (e: unknown) => console.error(`could not drop ${dbName}: ${(e as Error).message}`),
    );
    if (!keepLogs) rmSync(logDir, { recursive: true, force: true });
  }
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`soak failed to run: ${e instanceof Error ? e.message : String(e)} (logs in ${logDir})`);
    process.exit(1);
  },
);
