/**
 * `npm run bench:refresh`: POST /auth/refresh with real rotation (each request presents a fresh, pre-minted token)
 * on PostgreSQL and on embedded PGlite, plus a Fastify hello-world as this machine's ceiling. Servers run in child
 * processes (as in production; bench/refresh/servers.ts); autocannon runs here (bench/refresh/load.ts). Prints
 * req/s, p50, p99, errors, the ratio to the ceiling with the same number of processes, and where the CPU went (µs of
 * CPU per request: backend processes, all PostgreSQL processes, autocannon; "machine" = every process on the
 * machine, so other load shows up there; "host steal" = time the hypervisor gave to other guests while ours wanted
 * the CPU: a slow host shows up there; bench/refresh/cpu.ts, bench/refresh/report.ts).
 *
 * Env: see bench/refresh/settings.ts.
 *
 * The `-bound` targets rotate DPoP-bound families (RFC 9449): every request carries a proof of the bench's key,
 * signed here before the load phase (node:crypto, timed and printed separately) so signing never limits the load.
 */
import { loadavg } from 'node:os';
import { newBenchDpopKey } from './dpop-proofs';
import { helloCeiling, type Row, refreshLoad } from './refresh/load';
import { printReport } from './refresh/report';
import { countAuditLines, removeLogs, type Started, startServer, stopServer } from './refresh/servers';
import { auditing, cpuProfile, selectedRuns, settingsProblem, warmup, workers } from './refresh/settings';

async function main(): Promise<void> {
  const problem = settingsProblem();
  if (problem) throw new Error(problem);
  const loadBefore = loadavg()[0]!;
  const rows: Row[] = [];
  const runs = selectedRuns();
  const dpop = runs.some((r) => r.bound) ? newBenchDpopKey() : undefined;
  let signingNote = '';
  const ceilings = new Map<number, Row>();
  let postgresVia = 'not run';
  for (const processes of new Set([workers, ...runs.map((r) => r.processes)])) {
    const row = await helloCeiling(processes);
    ceilings.set(processes, row);
    rows.push(row);
  }

  for (const run of runs) {
    let s: Started;
    try {
      s = await startServer(run.kind, run.count + warmup, run.processes, run.bound ? dpop : undefined);
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
    if (cpuProfile) s.child.send('profile-start'); // profile the load phase only
    const plural = run.processes > 1 ? 'es' : '';
    const row = await refreshLoad(
      `refresh + rotation${run.bound ? ' + DPoP proof' : ''} on ${run.kind}, ${run.processes} process${plural}`,
      s,
      run.processes,
      s.tokens.slice(warmup),
      proofs?.slice(warmup),
    );
    await stopServer(s);
    const audited = countAuditLines(s) - warmup;
    const ok = row.requests - row.errors;
    if (auditing && audited !== ok) row.note = `audit lines ${audited} ≠ rotations ${ok}`;
    rows.push(row);
  }
  removeLogs();
  printReport(rows, ceilings, { postgresVia, loadBefore, loadAfter: loadavg()[0]!, signingNote });
}

main().catch((error: unknown) => {
  console.error(`bench:refresh failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
