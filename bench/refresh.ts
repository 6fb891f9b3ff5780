/**
 * `npm run bench:refresh`: POST /auth/refresh with real rotation (each request presents a fresh, pre-minted token)
 * on PostgreSQL and on embedded PGlite, plus a Fastify hello-world as this machine's ceiling. Servers run in child
 * processes (as in production); autocannon runs here. Prints req/s, p50, p99, errors, the ratio to the ceiling with
 * the same number of processes, and where the CPU went (µs of CPU per request: backend processes, all PostgreSQL
 * processes, autocannon; "machine" = every process on the machine, so other load shows up there; "host steal" = time
 * the hypervisor gave to other guests while ours wanted the CPU: a slow host shows up there).
 *
 * Env: BENCH_WORKERS (backend processes behind one port, node:cluster; default 2 = this machine's cores),
 * BENCH_CONNECTIONS (50), BENCH_TOKENS_POSTGRES (40000), BENCH_TOKENS_PGLITE (10000), BENCH_DURATION (hello-world
 * seconds, 10), BENCH_LOG_LEVEL (info, as in production; the logs go to a temp file and the audit lines are
 * counted), BENCH_POOL_MAX (10), BENCH_DATABASE_URL (default: the local Unix socket, else TCP), BENCH_TARGETS
 * (postgres,postgres-bound,postgres-single,pglite; every target has a -bound variant), BENCH_WARMUP (rotations
 * before the measured ones; 0 or ≥ BENCH_CONNECTIONS; 5000), REFRESH_SYNCHRONOUS_COMMIT (passed to the backend), BENCH_CPU_PROFILE (see refresh-server.ts).
 *
 * The `-bound` targets rotate DPoP-bound families (RFC 9449): every request carries a proof of the bench's key,
 * signed here before the load phase (node:crypto, timed and printed separately) so signing never limits the load.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { type BenchDpopKey, newBenchDpopKey } from './dpop-proofs';

const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const workers = Number(process.env.BENCH_WORKERS ?? 2);
const serverFile = fileURLToPath(new URL('./refresh-server.ts', import.meta.url));
const logDir = mkdtempSync(join(tmpdir(), 'kd-bench-logs-'));

interface Started {
  child: ChildProcess;
  url: string;
  tokens: string[];
  /** The processes that serve (the workers, or the child itself). */
  pids: number[];
  logFile: string;
  /** How the backend reaches PostgreSQL (postgres targets). */
  database?: string;
}

function start(target: string, count: number, processes: number, dpop?: BenchDpopKey): Promise<Started> {
  const logFile = join(logDir, `${target}-${processes}${dpop ? '-bound' : ''}.log`);
  const log = openSync(logFile, 'a');
  const child = fork(serverFile, [target, String(count), ...(dpop ? ['bound'] : [])], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_WORKERS: String(processes), ...(dpop && { BENCH_DPOP_JKT: dpop.jkt }) },
    stdio: ['ignore', log, 'inherit', 'ipc'],
  });
  closeSync(log);
  return new Promise((resolve, reject) => {
    child.once('message', (m) =>
      resolve({
        child,
        logFile,
        ...(m as { url: string; tokens: string[]; pids: number[]; database?: string }),
      }),
    );
    child.once('exit', (code) => reject(new Error(`${target} server exited with ${code}`)));
  });
}

async function stop(s: Started): Promise<void> {
  const exited = new Promise((r) => s.child.once('exit', r));
  s.child.send('stop');
  await exited;
}

// --- CPU accounting from /proc (Linux); zeros elsewhere ---
const TICKS_PER_SECOND = 100;
function cpuSecondsOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return 0;
  }
}
function postgresCpuSeconds(): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').startsWith('postgres'))
        total += cpuSecondsOf(Number(entry));
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}
/** Busy seconds of the whole machine, and how many of them the hypervisor gave to other guests (steal). */
function machineSeconds(): { busy: number; steal: number } {
  try {
    const [user, nice, system, , , irq, softirq, steal] = readFileSync('/proc/stat', 'utf8')
      .split('\n')[0]!
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    return {
      busy: (user! + nice! + system! + irq! + softirq! + steal!) / TICKS_PER_SECOND,
      steal: steal! / TICKS_PER_SECOND,
    };
  } catch {
    return { busy: 0, steal: 0 };
  }
}

interface Row {
  name: string;
  processes: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  requests: number;
  /** µs of CPU per request. */
  cpu: { server: number; postgres: number; autocannon: number; machine: number; steal: number };
  note?: string;
}

async function load(name: string, processes: number, pids: number[], opts: autocannon.Options): Promise<Row> {
  const server0 = pids.reduce((t, p) => t + cpuSecondsOf(p), 0);
  const postgres0 = postgresCpuSeconds();
  const machine0 = machineSeconds();
  const self0 = process.cpuUsage();
  const started = performance.now();
  // autocannon notices the end of an `amount` run only at its next 1-second tick; time up to the last response.
  let lastResponse = started;
  const result = await autocannon({ connections, pipelining: 1, ...opts }).on('response', () => {
    lastResponse = performance.now();
  });
  const seconds = ((opts.amount ? lastResponse : performance.now()) - started) / 1000;
  const self = process.cpuUsage(self0);
  const machine1 = machineSeconds();
  const perRequest = (cpuSeconds: number) => Math.round((cpuSeconds / result.requests.total) * 1e6);
  return {
    name,
    processes,
    rps: result.requests.total / seconds,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    requests: result.requests.total,
    cpu: {
      server: perRequest(pids.reduce((t, p) => t + cpuSecondsOf(p), 0) - server0),
      postgres: perRequest(postgresCpuSeconds() - postgres0),
      autocannon: perRequest((self.user + self.system) / 1e6),
      machine: perRequest(machine1.busy - machine0.busy),
      steal: perRequest(machine1.steal - machine0.steal),
    },
  };
}

/** Rotates each of `tokens` once, under the same load as the measurement; `proofs[i]` goes with `tokens[i]`. */
function refreshLoad(
  name: string,
  s: Started,
  processes: number,
  tokens: string[],
  proofs?: string[],
): Promise<Row> {
  // Bodies built up front so the load generator spends its CPU on HTTP, not on JSON.stringify.
  const bodies = tokens.map((t) => Buffer.from(JSON.stringify({ refresh_token: t })));
  const plain = { 'content-type': 'application/json' };
  let next = 0;
  return load(name, processes, s.pids, {
    url: s.url,
    amount: bodies.length,
    requests: [
      {
        method: 'POST',
        path: '/auth/refresh',
        headers: plain,
        setupRequest: (req) => {
          if (proofs) req.headers = { ...plain, dpop: proofs[next]! };
          req.body = bodies[next++];
          return req;
        },
      },
    ],
  });
}

function countAuditLines(file: string): number {
  return readFileSync(file, 'utf8').split('"msg":"audit refresh"').length - 1;
}

async function hello(processes: number): Promise<Row> {
  const s = await start('hello', 0, processes);
  await load('warmup', processes, s.pids, { url: `${s.url}/hello`, duration: 2 });
  const row = await load(
    `hello-world (ceiling), ${processes} process${processes > 1 ? 'es' : ''}`,
    processes,
    s.pids,
    {
      url: `${s.url}/hello`,
      duration: Number(process.env.BENCH_DURATION ?? 10),
    },
  );
  await stop(s);
  return row;
}

async function main(): Promise<void> {
  const load0 = loadavg();
  const rows: Row[] = [];
  // Rotations before the measured ones, under the same load: JIT, connection pools, PostgreSQL's caches (a short
  // warm-up left the first seconds of the measurement well below the steady rate).
  const warmup = Number(process.env.BENCH_WARMUP ?? 5000);
  // autocannon refuses an `amount` below the connection count (and reads 0 as "run for a duration").
  if (warmup !== 0 && !(warmup >= connections))
    throw new Error('BENCH_WARMUP must be 0 or ≥ BENCH_CONNECTIONS');
  const targets = (process.env.BENCH_TARGETS ?? 'postgres,postgres-bound,postgres-single,pglite').split(',');
  const runs = [
    {
      target: 'postgres',
      kind: 'postgres',
      processes: workers,
      count: Number(process.env.BENCH_TOKENS_POSTGRES ?? 40_000),
    },
    {
      target: 'postgres-single',
      kind: 'postgres',
      processes: 1,
      count: Number(process.env.BENCH_TOKENS_POSTGRES ?? 40_000),
    },
    {
      target: 'pglite',
      kind: 'pglite',
      processes: 1,
      count: Number(process.env.BENCH_TOKENS_PGLITE ?? 10_000),
    },
  ]
    .flatMap((r) => [
      { ...r, bound: false },
      { ...r, target: `${r.target}-bound`, bound: true },
    ])
    .filter((r) => targets.includes(r.target));
  const dpop = runs.some((r) => r.bound) ? newBenchDpopKey() : undefined;
  let signingNote = '';
  const ceilings = new Map<number, Row>();
  let postgresVia = 'not run';
  for (const processes of new Set([workers, ...runs.map((r) => r.processes)])) {
    const row = await hello(processes);
    ceilings.set(processes, row);
    rows.push(row);
  }

  for (const run of runs) {
    let s: Started;
    try {
      s = await start(run.kind, run.count + warmup, run.processes, run.bound ? dpop : undefined);
    } catch (error) {
      console.error(`!!! ${run.target}: could not start (${(error as Error).message}); skipped`);
      continue;
    }
    if (s.database) postgresVia = s.database;
    let proofs: string[] | undefined;
    if (run.bound && dpop) {
      const signStarted = performance.now();
      proofs = dpop.proofs(`${s.url}/auth/refresh`, s.tokens.length);
      const µs = ((performance.now() - signStarted) * 1000) / s.tokens.length;
      signingNote = `client-side proof signing (node:crypto, before the load): ${µs.toFixed(0)} µs per proof`;
    }
    if (warmup > 0)
      await refreshLoad('warm-up', s, run.processes, s.tokens.slice(0, warmup), proofs?.slice(0, warmup));
    if (process.env.BENCH_CPU_PROFILE) s.child.send('profile-start'); // profile the load phase only
    const plural = run.processes > 1 ? 'es' : '';
    const row = await refreshLoad(
      `refresh + rotation${run.bound ? ' + DPoP proof' : ''} on ${run.kind}, ${run.processes} process${plural}`,
      s,
      run.processes,
      s.tokens.slice(warmup),
      proofs?.slice(warmup),
    );
    await stop(s);
    const audited = countAuditLines(s.logFile) - warmup;
    const ok = row.requests - row.errors;
    const auditing = ['info', 'debug', 'trace'].includes(process.env.BENCH_LOG_LEVEL ?? 'info');
    if (auditing && audited !== ok) row.note = `audit lines ${audited} ≠ rotations ${ok}`;
    rows.push(row);
  }
  rmSync(logDir, { recursive: true, force: true });

  const load1 = loadavg();
  const sync =
    process.env.REFRESH_SYNCHRONOUS_COMMIT === 'false' ? 'off (asynchronous commit)' : 'on (durable)';
  console.log(
    `\nPOST /auth/refresh with rotation, ${connections} connections (autocannon 9), rotation synchronous_commit ${sync}, ` +
      `PostgreSQL via ${postgresVia}, ` +
      `log level ${process.env.BENCH_LOG_LEVEL ?? 'info'}, machine: ${process.platform} ${process.arch}, ` +
      `load average ${load0[0]!.toFixed(2)} before, ${load1[0]!.toFixed(2)} after`,
  );
  console.log(
    '| target | requests | req/s | p50 ms | p99 ms | errors | vs ceiling | CPU µs/request: backend / PostgreSQL / autocannon / whole machine (host steal) |',
  );
  console.log('|---|---:|---:|---:|---:|---:|---:|---|');
  for (const r of rows) {
    const ceiling = ceilings.get(r.processes) ?? rows[0]!;
    const { server, postgres, autocannon: ac, machine, steal } = r.cpu;
    console.log(
      `| ${r.name} | ${r.requests} | ${Math.round(r.rps)} | ${r.p50} | ${r.p99} | ${r.errors} | ${((r.rps / ceiling.rps) * 100).toFixed(0)}% | ${server} / ${postgres} / ${ac} / ${machine} (${steal}) |${r.note ? ` ${r.note}` : ''}`,
    );
  }
  if (signingNote) console.log(`\n${signingNote}`);
}

main().catch((error: unknown) => {
  console.error(`bench:refresh failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
