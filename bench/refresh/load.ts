/**
 * One measured phase: autocannon against a started server, timed to its last response, with the CPU each side
 * spent per request. Refresh phases present each pre-minted token exactly once, so every request rotates.
 */
import autocannon from 'autocannon';
import { cpuSecondsOf, machineSeconds, postgresCpuSeconds } from './cpu';
import { type Started, startServer, stopServer } from './servers';
import { connections, helloSeconds } from './settings';

export interface Row {
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
export function refreshLoad(
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

/** The machine's ceiling: a Fastify hello-world with the same number of processes. */
export async function helloCeiling(processes: number): Promise<Row> {
  const s = await startServer('hello', 0, processes);
  await load('warmup', processes, s.pids, { url: `${s.url}/hello`, duration: 2 });
  const row = await load(
    `hello-world (ceiling), ${processes} process${processes > 1 ? 'es' : ''}`,
    processes,
    s.pids,
    {
      url: `${s.url}/hello`,
      duration: helloSeconds,
    },
  );
  await stopServer(s);
  return row;
}
