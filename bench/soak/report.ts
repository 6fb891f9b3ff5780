/** The soak's printed figures: actions and latencies, achieved rate, 5xx and rotations, errors, memory. */

import { ACTIONS, type SoakStats } from './load';
import type { Memory } from './memory';

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

type ProgramMemory = Record<'emulator' | 'backend' | 'load', Memory>;

export interface SoakFigures {
  stats: SoakStats;
  rate: number;
  loadSeconds: number;
  /** Spent refresh tokens in the database, and `audit refresh` lines in the backend's log. */
  rotations: number;
  auditRotations: number;
  start: ProgramMemory;
  end: ProgramMemory;
}

export function printReport({
  stats,
  rate,
  loadSeconds,
  rotations,
  auditRotations,
  start,
  end,
}: SoakFigures): void {
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
  console.log(errorRows.length === 0 ? 'errors by kind: none' : `\n${table(['error', 'count'], errorRows)}`);
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
}
