/** The printed figures: one header line with the conditions, then a Markdown table of every row. */
import type { Row } from './load';
import { connections, logLevel, synchronousCommit } from './settings';

export interface Conditions {
  postgresVia: string;
  /** One-minute load average before and after the run. */
  loadBefore: number;
  loadAfter: number;
  /** The cost of signing the DPoP proofs, when bound runs signed any. */
  signingNote: string;
}

/** `ceilings` holds the hello-world row per process count; each row is compared with its own. */
export function printReport(rows: Row[], ceilings: Map<number, Row>, conditions: Conditions): void {
  console.log(
    `\nPOST /auth/refresh with rotation, ${connections} connections (autocannon 9), rotation synchronous_commit ${synchronousCommit}, ` +
      `PostgreSQL via ${conditions.postgresVia}, ` +
      `log level ${logLevel}, machine: ${process.platform} ${process.arch}, ` +
      `load average ${conditions.loadBefore.toFixed(2)} before, ${conditions.loadAfter.toFixed(2)} after`,
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
  if (conditions.signingNote) console.log(`\n${conditions.signingNote}`);
}
