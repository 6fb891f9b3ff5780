/**
 * The programs under soak (the Kakao emulator and the backend) as child processes: started with the memory probe
 * preloaded and their output in a log file each, waited for until ready, stopped politely then firmly.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sleep } from './settings';

const root = fileURLToPath(new URL('../..', import.meta.url));
const probe = new URL('../memory-probe.ts', import.meta.url).href;

export interface Program {
  name: string;
  child: ChildProcess;
  logFile: string;
  exited: boolean;
}

/** Forks `file` (relative to the repo) under tsx, its stdout and stderr appended to `<logDir>/<name>.log`. */
export function startProgram(
  name: string,
  file: string,
  env: Record<string, string>,
  logDir: string,
): Program {
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

export async function waitReady(program: Program, url: string): Promise<void> {
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

export async function stopProgram(program: Program): Promise<void> {
  if (program.exited) return;
  const exited = new Promise((r) => program.child.once('exit', r));
  program.child.kill('SIGTERM');
  await Promise.race([exited, sleep(15_000)]);
  if (!program.exited) program.child.kill('SIGKILL');
}
