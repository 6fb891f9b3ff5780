/**
 * The refresh bench's settings from the environment: BENCH_WORKERS (backend processes behind one port,
 * node:cluster; default 2 = this machine's cores), BENCH_CONNECTIONS (50), BENCH_TOKENS_POSTGRES (40000),
 * BENCH_TOKENS_PGLITE (10000), BENCH_DURATION (hello-world seconds, 10), BENCH_LOG_LEVEL (info, as in production;
 * the logs go to a temp file and the audit lines are counted), BENCH_TARGETS (postgres,postgres-bound,
 * postgres-single,pglite; every target has a -bound variant), BENCH_WARMUP (rotations before the measured ones;
 * 0 or ≥ BENCH_CONNECTIONS; 5000), REFRESH_SYNCHRONOUS_COMMIT. BENCH_POOL_MAX, BENCH_DATABASE_URL and
 * BENCH_CPU_PROFILE are read by the backend child (bench/refresh-server.ts).
 */
export const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
export const workers = Number(process.env.BENCH_WORKERS ?? 2);
export const helloSeconds = Number(process.env.BENCH_DURATION ?? 10);
export const logLevel = process.env.BENCH_LOG_LEVEL ?? 'info';
/** One `audit refresh` line per rotation is expected only when the level logs it. */
export const auditing = ['info', 'debug', 'trace'].includes(logLevel);
export const cpuProfile = Boolean(process.env.BENCH_CPU_PROFILE);
export const synchronousCommit =
  process.env.REFRESH_SYNCHRONOUS_COMMIT === 'false' ? 'off (asynchronous commit)' : 'on (durable)';
// Rotations before the measured ones, under the same load: JIT, connection pools, PostgreSQL's caches (a short
// warm-up left the first seconds of the measurement well below the steady rate).
export const warmup = Number(process.env.BENCH_WARMUP ?? 5000);

/** The settings autocannon would refuse, as a message; undefined when they are fine. */
export function settingsProblem(): string | undefined {
  // autocannon refuses an `amount` below the connection count (and reads 0 as "run for a duration").
  if (warmup !== 0 && !(warmup >= connections)) return 'BENCH_WARMUP must be 0 or ≥ BENCH_CONNECTIONS';
  return undefined;
}

export interface RefreshRun {
  /** The name BENCH_TARGETS selects it by. */
  target: string;
  /** The database the backend runs on. */
  kind: 'postgres' | 'pglite';
  processes: number;
  /** Measured rotations (the warm-up's come on top). */
  count: number;
  /** Families DPoP-bound to the bench's key (every request carries a proof). */
  bound: boolean;
}

/** The runs BENCH_TARGETS selects, in a fixed order; each target also exists as `<target>-bound`. */
export function selectedRuns(): RefreshRun[] {
  const targets = (process.env.BENCH_TARGETS ?? 'postgres,postgres-bound,postgres-single,pglite').split(',');
  const postgresTokens = Number(process.env.BENCH_TOKENS_POSTGRES ?? 40_000);
  const unbound: Omit<RefreshRun, 'bound'>[] = [
    { target: 'postgres', kind: 'postgres', processes: workers, count: postgresTokens },
    { target: 'postgres-single', kind: 'postgres', processes: 1, count: postgresTokens },
    {
      target: 'pglite',
      kind: 'pglite',
      processes: 1,
      count: Number(process.env.BENCH_TOKENS_PGLITE ?? 10_000),
    },
  ];
  return unbound
    .flatMap((r) => [
      { ...r, bound: false },
      { ...r, target: `${r.target}-bound`, bound: true },
    ])
    .filter((r) => targets.includes(r.target));
}
