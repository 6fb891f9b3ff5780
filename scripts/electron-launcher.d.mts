import type { ChildProcess } from 'node:child_process';

export type ElectronBinary =
  | { ok: true; binary: string; downloaded: boolean }
  | { ok: false; reason: string };

export interface EnsureElectronOptions {
  /** The `electron` npm package folder; default: the one installed in node_modules. */
  electronDir?: string;
  /** Environment of the download (ELECTRON_MIRROR, ELECTRON_CUSTOM_DIR, electron_config_cache…). */
  env?: NodeJS.ProcessEnv;
  /** Where the "Downloading…" line goes; default console.log. */
  log?: (line: string) => void;
}

export function electronPackageDir(): string;
export function installedElectronBinary(electronDir: string, env?: NodeJS.ProcessEnv): string | undefined;
export function ensureElectronBinary(options?: EnsureElectronOptions): Promise<ElectronBinary>;
export function electronUnavailableLine(reason: string): string;
export function launchElectron(options: {
  binary: string;
  appDir: string;
  env?: NodeJS.ProcessEnv;
}): ChildProcess;
