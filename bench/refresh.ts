/**
 * `npm run bench:refresh`: POST /auth/refresh with real rotation (each request presents a fresh, pre-minted token)
 * on PostgreSQL and on embedded PGlite, plus a Fastify hello-world as this machine's ceiling. Servers run in child
 * processes (as in production); autocannon runs here. Prints req/s, p50, p99, errors and the ratio to the ceiling.
 * Env: BENCH_CONNECTIONS (default 50), BENCH_TOKENS_POSTGRES (40000), BENCH_TOKENS_PGLITE (10000),
 * BENCH_DURATION (hello-world seconds, 10), BENCH_LOG_LEVEL (warn), BENCH_POOL_MAX (10), BENCH_DATABASE_URL,
 * BENCH_TARGETS (postgres,pglite), REFRESH_SYNCHRONOUS_COMMIT (passed to the backend).
 */
import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const serverFile = fileURLToPath(new URL('./refresh-server.ts', import.meta.url));

interface Started {
  child: ChildProcess;
  url: string;
  tokens: string[];
}

function start(target: string, count: number): Promise<Started> {
  const child = fork(serverFile, [target, String(count)], {
    execArgv: ['--import', 'tsx'],
    stdio: 'inherit',
  });
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve({ child, ...(m as { url: string; tokens: string[] }) }));
    child.once('exit', (code) => reject(new Error(`${target} server exited with ${code}`)));
  });
}

async function stop(s: Started): Promise<void> {
  const exited = new Promise((r) => s.child.once('exit', r));
  s.child.send('stop');
  await exited;
}

interface Row {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  requests: number;
}

async function load(name: string, opts: autocannon.Options): Promise<Row> {
  const result = await autocannon({ connections, pipelining: 1, ...opts });
  return {
    name,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts + result.non2xx,
    requests: result.requests.total,
  };
}

function refreshLoad(name: string, s: Started, warmup: number): Promise<Row> {
  let next = warmup;
  return load(name, {
    url: s.url,
    amount: s.tokens.length - warmup,
    requests: [
      {
        method: 'POST',
        path: '/auth/refresh',
        headers: { 'content-type': 'application/json' },
        setupRequest: (req) => ({ ...req, body: JSON.stringify({ refresh_token: s.tokens[next++] }) }),
      },
    ],
  });
}

async function warm(s: Started, warmup: number): Promise<void> {
  for (let i = 0; i < warmup; i += 50) {
    await Promise.all(
      s.tokens.slice(i, Math.min(i + 50, warmup)).map((t) =>
        fetch(`${s.url}/auth/refresh`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ refresh_token: t }),
        }).then((r) => r.arrayBuffer()),
      ),
    );
  }
}

async function main(): Promise<void> {
  const rows: Row[] = [];
  const warmup = 1000;

  const hello = await start('hello', 0);
  await load('warmup', { url: `${hello.url}/hello`, duration: 2 });
  rows.push(
    await load('hello-world (ceiling)', {
      url: `${hello.url}/hello`,
      duration: Number(process.env.BENCH_DURATION ?? 10),
    }),
  );
  await stop(hello);

  const targets = (process.env.BENCH_TARGETS ?? 'postgres,pglite').split(',');
  for (const [kind, count] of [
    ['postgres', Number(process.env.BENCH_TOKENS_POSTGRES ?? 40_000)],
    ['pglite', Number(process.env.BENCH_TOKENS_PGLITE ?? 10_000)],
  ] as const) {
    if (!targets.includes(kind)) continue;
    let s: Started;
    try {
      s = await start(kind, count + warmup);
    } catch (error) {
      console.error(`!!! ${kind}: could not start (${(error as Error).message}); skipped`);
      continue;
    }
    await warm(s, warmup);
    rows.push(await refreshLoad(`refresh + rotation on ${kind}`, s, warmup));
    await stop(s);
  }

  const ceiling = rows[0]!.rps;
  console.log(
    `\nPOST /auth/refresh with rotation, ${connections} connections (autocannon ${'9'}), machine: ${process.platform} ${process.arch}`,
  );
  console.log('| target | requests | req/s | p50 ms | p99 ms | errors | vs ceiling |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    console.log(
      `| ${r.name} | ${r.requests} | ${Math.round(r.rps)} | ${r.p50} | ${r.p99} | ${r.errors} | ${((r.rps / ceiling) * 100).toFixed(0)}% |`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
