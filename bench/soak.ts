/**
 * `npm run bench:soak`: a steady mix of sign-ins, refreshes and logouts against the real programs on PostgreSQL,
 * for a bounded time. The Kakao emulator and the backend (`server/src/server.ts`, as deployed) run as child
 * processes; this process plays SOAK_APPS desktop apps, each holding only its latest refresh token:
 * - signed out → sign in the whole way (authorize → login → consent → code → POST /auth/kakao/exchange);
 * - signed in → mostly refresh (rotate), sometimes log out, sometimes refresh the same token twice at once (two
 *   requests racing: both must get the same pair through the grace window).
 * At the end every app still signed in refreshes once more (its latest token must still work).
 *
 * Prints the 5xx count, the rotation count (database, backend audit lines, 200s seen), actions and errors by kind,
 * latency per action, and each program's memory (RSS, and V8 heap after a full GC) at start and end. Exits 1 on any
 * 5xx or any unexpected answer: a correctness check under load, not a speed test (nothing is asserted on speed).
 *
 * Env: SOAK_SECONDS (120), SOAK_RATE (app actions per second, all apps together; 40), SOAK_APPS (20),
 * SOAK_DATABASE_URL (an admin URL; a fresh database is created on it and dropped after; default TEST_DATABASE_URL,
 * else postgres://postgres@127.0.0.1:5432/postgres).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { kakaoLogin } from '../server/test/helpers/kakao-login';
import { MEMORY_REQUEST } from './memory-probe';

const seconds = Number(process.env.SOAK_SECONDS ?? 120);
const rate = Number(process.env.SOAK_RATE ?? 40);
const appCount = Number(process.env.SOAK_APPS ?? 20);
const adminUrl =
  process.env.SOAK_DATABASE_URL ??
  process.env.TEST_DATABASE_URL ??
  'postgres://postgres@127.0.0.1:5432/postgres';
/** Per action of a signed-in app: log out, or present one token twice at once; else an ordinary refresh. */
const LOGOUT_SHARE = 0.05;
const DOUBLE_SHARE = 0.03;
const ACCOUNTS = [1001, 1002, 1003];

const root = fileURLToPath(new URL('..', import.meta.url));
const probe = new URL('./memory-probe.ts', import.meta.url).href;
const logDir = mkdtempSync(join(tmpdir(), 'kd-soak-'));
/** The programs' logs are deleted at the end unless the soak failed or SOAK_KEEP_LOGS=1. */
let keepLogs = process.env.SOAK_KEEP_LOGS === '1';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// --- programs ---

interface Program {
  name: string;
  child: ChildProcess;
  logFile: string;
  exited: boolean;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function startProgram(name: string, file: string, env: Record<string, string>): Program {
  const logFile = join(logDir, `${name}.log`);
  const log = openSync(logFile, 'a');
  const child = fork(join(root, file), [], {
    cwd: root,
    execArgv: ['--expose-gc', '--import', 'tsx', '--import', probe],
    env: { ...process.env, ...env },
    stdio: ['ignore', log, log, 'ipc'],
  });
  closeSync(log);
  const program: Program = { name, child, logFile, exited: false };
  child.once('exit', () => {
    program.exited = true;
  });
  return program;
}

async function waitReady(program: Program, url: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (program.exited) throw new Error(`${program.name} exited at start:\n${tail(program.logFile)}`);
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline)
      throw new Error(`${program.name} not ready after 60 s:\n${tail(program.logFile)}`);
    await sleep(200);
  }
}

function tail(file: string): string {
  return readFileSync(file, 'utf8').split('\n').slice(-20).join('\n');
}

async function stopProgram(program: Program): Promise<void> {
  if (program.exited) return;
  const exited = new Promise((r) => program.child.once('exit', r));
  program.child.kill('SIGTERM');
  await Promise.race([exited, sleep(15_000)]);
  if (!program.exited) program.child.kill('SIGKILL');
}

// --- memory ---

interface Memory {
  rss: number;
  /** Peak RSS so far (Linux VmHWM). */
  peakRss: number | undefined;
  heapUsed: number;
}

function procStatusKb(pid: number, field: string): number | undefined {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(
      readFileSync(`/proc/${pid}/status`, 'utf8'),
    );
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

function memoryOf(program: Program): Promise<Memory> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${program.name} did not report its memory`)), 10_000);
    const onMessage = (message: unknown) => {
      const usage = (message as { memory?: NodeJS.MemoryUsage }).memory;
      if (!usage) return;
      clearTimeout(timer);
      program.child.off('message', onMessage);
      const pid = program.child.pid!;
      resolve({ rss: usage.rss, peakRss: procStatusKb(pid, 'VmHWM'), heapUsed: usage.heapUsed });
    };
    program.child.on('message', onMessage);
    program.child.send(MEMORY_REQUEST);
  });
}

declare const gc: (() => void) | undefined;
function ownMemory(): Memory {
  if (typeof gc === 'function') gc();
  const usage = process.memoryUsage();
  return { rss: usage.rss, peakRss: procStatusKb(process.pid, 'VmHWM'), heapUsed: usage.heapUsed };
}

// --- the load: desktop apps ---

type Action = 'sign-in' | 'refresh' | 'double refresh' | 'logout' | 'final refresh';
const ACTIONS: Action[] = ['sign-in', 'refresh', 'double refresh', 'logout', 'final refresh'];

const stats = {
  count: Object.fromEntries(ACTIONS.map((a) => [a, 0])) as Record<Action, number>,
  ok: Object.fromEntries(ACTIONS.map((a) => [a, 0])) as Record<Action, number>,
  latencies: Object.fromEntries(ACTIONS.map((a) => [a, [] as number[]])) as Record<Action, number[]>,
  errors: new Map<string, number>(),
  fiveXx: 0,
  refreshed: 0,
};

function error(kind: string): void {
  stats.errors.set(kind, (stats.errors.get(kind) ?? 0) + 1);
}

interface Answer {
  status: number;
  body: { refresh_token?: string; session_id?: string; code?: string; reason?: string };
}

async function post(base: string, path: string, body: unknown): Promise<Answer> {
  const res = await fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Answer['body']) : {} };
}

/** Counts the answer; true when it is the expected one. Any other answer is an error of its own kind. */
function expectAnswer(action: Action, answer: Answer, expected: number): boolean {
  if (answer.status === expected) return true;
  if (answer.status >= 500) stats.fiveXx++;
  const { code, reason } = answer.body;
  error(`${action}: ${answer.status}${code ? ` ${code}` : ''}${reason ? `/${reason}` : ''}`);
  return false;
}

class DesktopApp {
  token: string | undefined;
  sessionId: string | undefined;
  constructor(
    readonly base: string,
    readonly emulatorUrl: string,
    readonly accountId: number,
  ) {}

  async act(action: Action): Promise<void> {
    stats.count[action]++;
    const started = performance.now();
    try {
      if (await this.run(action)) stats.ok[action]++;
    } catch (e) {
      const cause = (e as { cause?: { code?: string } }).cause;
      error(`${action}: ${cause?.code ?? (e as Error).message}`);
    }
    stats.latencies[action].push(performance.now() - started);
  }

  private async run(action: Action): Promise<boolean> {
    switch (action) {
      case 'sign-in': {
        const { code, codeVerifier, redirectUri } = await kakaoLogin(this.emulatorUrl, {
          accountId: this.accountId,
        });
        const answer = await post(this.base, '/auth/kakao/exchange', {
          code,
          redirect_uri: redirectUri,
          code_verifier: codeVerifier,
          device_name: 'soak',
        });
        if (!expectAnswer(action, answer, 200)) return false;
        this.hold(answer);
        return true;
      }
      case 'refresh':
      case 'final refresh': {
        const answer = await post(this.base, '/auth/refresh', { refresh_token: this.token });
        if (!expectAnswer(action, answer, 200)) return this.forget();
        stats.refreshed++;
        return this.hold(answer);
      }
      case 'double refresh': {
        const body = { refresh_token: this.token };
        const [a, b] = await Promise.all([
          post(this.base, '/auth/refresh', body),
          post(this.base, '/auth/refresh', body),
        ]);
        const okA = expectAnswer(action, a, 200);
        const okB = expectAnswer(action, b, 200);
        if (!okA || !okB) return this.forget();
        stats.refreshed += 2;
        if (a.body.refresh_token !== b.body.refresh_token) {
          error(`${action}: the two answers carry different refresh tokens`);
          return this.forget();
        }
        return this.hold(a);
      }
      case 'logout': {
        const answer = await post(this.base, '/auth/logout', { refresh_token: this.token });
        this.forget();
        return expectAnswer(action, answer, 204);
      }
    }
  }

  private hold(answer: Answer): true {
    this.token = answer.body.refresh_token;
    if (this.sessionId && answer.body.session_id !== this.sessionId)
      error('refresh: answer for another session');
    this.sessionId = answer.body.session_id;
    return true;
  }

  /** A refused token is gone: sign in again next time (the error is already counted). */
  private forget(): false {
    this.token = undefined;
    this.sessionId = undefined;
    return false;
  }

  next(): Action {
    if (!this.token) return 'sign-in';
    const r = Math.random();
    if (r < LOGOUT_SHARE) return 'logout';
    if (r < LOGOUT_SHARE + DOUBLE_SHARE) return 'double refresh';
    return 'refresh';
  }
}

/** Each app acts every `interval` ms on its own fixed schedule (started at a random offset): a steady rate. */
async function drive(app: DesktopApp, until: number, intervalMs: number): Promise<void> {
  let next = performance.now() + Math.random() * intervalMs;
  while (next < until) {
    await sleep(Math.max(0, next - performance.now()));
    await app.act(app.next());
    // Behind schedule (a slow answer)? Skip ahead instead of bursting to catch up.
    next = Math.max(next + intervalMs, performance.now());
  }
}

// --- report ---

const mb = (bytes: number | undefined) =>
  bytes === undefined ? '–' : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const percentile = (values: number[], p: number) => {
  if (values.length === 0) return '–';
  const sorted = [...values].sort((a, b) => a - b);
  return `${Math.round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!)} ms`;
};

function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    `| ${r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  return [
    line(header),
    `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`,
    ...cells.slice(1).map(line),
  ].join('\n');
}

// --- main ---

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
  try {
    const [emulatorPort, backendPort] = [await freePort(), await freePort()];
    const emulatorUrl = `http://127.0.0.1:${emulatorPort}`;
    const base = `http://127.0.0.1:${backendPort}`;
    const emulator = startProgram('emulator', 'kakao-emulator/src/server.ts', {
      KAKAO_EMULATOR_PORT: String(emulatorPort),
      KAKAO_EMULATOR_HOST: '127.0.0.1',
      KAKAO_EMULATOR_QUIET: '1',
    });
    programs.push(emulator);
    await waitReady(emulator, `${emulatorUrl}/.well-known/openid-configuration`);
    const backend = startProgram('backend', 'server/src/server.ts', {
      NODE_ENV: 'development',
      HOST: '127.0.0.1',
      PORT: String(backendPort),
      DATABASE_URL: dbUrl.toString(),
      KAKAO_AUTH_BASE_URL: emulatorUrl,
      KAKAO_API_BASE_URL: emulatorUrl,
      // Every app comes from 127.0.0.1: the per-IP limit would answer 429s that say nothing about correctness.
      RATE_LIMIT_MAX: '0',
      LOG_LEVEL: 'info',
    });
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
      (_, i) => new DesktopApp(base, emulatorUrl, ACCOUNTS[i % ACCOUNTS.length]!),
    );
    const until = performance.now() + seconds * 1000;
    const intervalMs = (appCount / rate) * 1000;
    const watchdog = setInterval(() => {
      for (const p of programs) if (p.exited) error(`${p.name} exited during the soak`);
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
      error(
        `rotation count: ${expectedRotations} expected from the answers, ${rotations} in the database, ` +
          `${auditRotations} audit lines`,
      );

    console.log(
      `\n${table(
        ['action', 'count', 'ok', 'errors', 'p50', 'p99'],
        ACTIONS.map((a) => [
          a,
          stats.count[a],
          stats.ok[a],
          stats.count[a] - stats.ok[a],
          percentile(stats.latencies[a], 50),
          percentile(stats.latencies[a], 99),
        ]),
      )}`,
    );
    const acted = ACTIONS.reduce((n, a) => n + (a === 'final refresh' ? 0 : stats.count[a]), 0);
    console.log(
      `\n${(acted / loadSeconds).toFixed(1)} actions/s achieved (target ${rate}; each app waits for its answers, ` +
        'so a slow machine lowers the rate instead of piling up requests)',
    );
    console.log(
      `5xx: ${stats.fiveXx}   rotations: ${rotations} in the database, ${auditRotations} audit lines, ` +
        `${stats.refreshed} refreshes answered 200 (a double refresh = 2 answers, 1 rotation)`,
    );
    const errorRows = [...stats.errors.entries()].sort((a, b) => b[1] - a[1]);
    console.log(
      errorRows.length === 0 ? 'errors by kind: none' : `\n${table(['error', 'count'], errorRows)}`,
    );
    console.log(
      `\n${table(
        ['program', 'RSS start', 'RSS end', 'RSS peak', 'heap start', 'heap end'],
        (['emulator', 'backend', 'load'] as const).map((name) => [
          name === 'load' ? 'load generator' : name,
          mb(start[name].rss),
          mb(end[name].rss),
          mb(end[name].peakRss),
          mb(start[name].heapUsed),
          mb(end[name].heapUsed),
        ]),
      )}\n(heap = V8 heap used after a full GC)`,
    );
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
