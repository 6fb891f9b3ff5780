/**
 * The backend under test as child processes (bench/refresh-server.ts), as in production: start one with its
 * pre-minted tokens, stop it, and count the audit lines it logged to its temp log file.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchDpopKey } from '../dpop-proofs';

const serverFile = fileURLToPath(new URL('../refresh-server.ts', import.meta.url));
const logDir = mkdtempSync(join(tmpdir(), 'kd-bench-logs-'));

export interface Started {
  child: ChildProcess;
  url: string;
  tokens: string[];
  /** The processes that serve (the workers, or the child itself). */
  pids: number[];
  logFile: string;
  /** How the backend reaches PostgreSQL (postgres targets). */
  database?: string;
}

/** `target` is postgres, pglite or hello; `count` tokens are minted up front, bound to `dpop` when given. */
export function startServer(
  target: string,
  count: number,
  processes: number,
  dpop?: BenchDpopKey,
): Promise<Started> {
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

export async function stopServer(s: Started): Promise<void> {
  const exited = new Promise((r) => s.child.once('exit', r));
  s.child.send('stop');
  await exited;
}

export function countAuditLines(s: Started): number {
  return readFileSync(s.logFile, 'utf8').split('"msg":"audit refresh"').length - 1;
}

export function removeLogs(): void {
  rmSync(logDir, { recursive: true, force: true });
}
