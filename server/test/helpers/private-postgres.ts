/**
 * A throwaway PostgreSQL cluster of our own (initdb in a temp folder, a random free port, its socket in that folder)
 * for fault tests that stop and restart the database: the machine's shared PostgreSQL must never be restarted.
 * `stop('fast')` is a clean shutdown (sessions terminated, checkpoint); `stop('immediate')` is a crash (every
 * PostgreSQL process quits at once, WAL replay at the next start). Everything runs asynchronously, so load driven
 * from the same process keeps going while the database is down.
 *
 * The binaries come from PG_BIN, else the newest /usr/lib/postgresql/<version>/bin (Debian's layout), else PATH.
 * initdb refuses to run as root: as root the cluster runs as the `postgres` user (runuser).
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { chown } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freeLoopbackPort } from '../../../test/helpers/free-port';

const run = promisify(execFile);

export interface PrivatePostgres {
  /** postgres://postgres@127.0.0.1:<port>/postgres (trust auth). */
  url: string;
  port: number;
  dataDir: string;
  stop(mode: 'fast' | 'immediate'): Promise<void>;
  start(): Promise<void>;
  /** Stops the cluster (if running) and deletes its folder. */
  dispose(): Promise<void>;
}

function findBinDir(): string | undefined {
  const candidates: string[] = [];
  if (process.env.PG_BIN) candidates.push(process.env.PG_BIN);
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((v) => /^\d+$/.test(v))
      .sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => join(debian, v, 'bin')));
  }
  for (const dir of (process.env.PATH ?? '').split(':')) if (dir) candidates.push(dir);
  return candidates.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')));
}

const isRoot = () => process.getuid?.() === 0;

async function postgresUserIds(): Promise<{ uid: number; gid: number } | undefined> {
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch {
    return undefined;
  }
}

/** Why a private cluster cannot be started here, or undefined when it can. */
export async function privatePostgresUnavailable(): Promise<string | undefined> {
  if (process.platform === 'win32') return 'private PostgreSQL clusters are only set up on Linux/macOS';
  if (!findBinDir())
    return 'initdb / pg_ctl not found (install PostgreSQL, e.g. apt-get install postgresql, or set PG_BIN)';
  if (isRoot() && !(await postgresUserIds()))
    return 'running as root but there is no "postgres" user to run initdb as (initdb refuses root)';
  return undefined;
}

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = findBinDir();
  if (!bin) throw new Error((await privatePostgresUnavailable()) ?? 'initdb not found');
  const dataDir = mkdtempSync(join(tmpdir(), 'kd-private-pg-'));
  if (isRoot()) {
    const ids = await postgresUserIds();
    if (!ids) throw new Error('no "postgres" user to run initdb as');
    await chown(dataDir, ids.uid, ids.gid);
  }
  const asOwner = (program: string, args: string[]) =>
    isRoot()
      ? run('runuser', ['-u', 'postgres', '--', join(bin, program), ...args])
      : run(join(bin, program), args);
  const port = await freeLoopbackPort();
  const pgdata = join(dataDir, 'data');
  await asOwner('initdb', ['-D', pgdata, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const pgCtl = (...args: string[]) => asOwner('pg_ctl', ['-D', pgdata, ...args]);
  let running = false;
  const cluster: PrivatePostgres = {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    dataDir,
    async start() {
      await pgCtl(
        '-l',
        join(dataDir, 'log.txt'),
        '-w',
        '-t',
        '60',
        '-o',
        `-p ${port} -k ${dataDir} -c listen_addresses=127.0.0.1`,
        'start',
      );
      running = true;
    },
    async stop(mode) {
      await pgCtl('-w', '-t', '60', '-m', mode, 'stop');
      running = false;
    },
    async dispose() {
      if (running) await cluster.stop('immediate').catch(() => {});
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  try {
    await cluster.start();
  } catch (error) {
    await cluster.dispose();
    throw error;
  }
  return cluster;
}
