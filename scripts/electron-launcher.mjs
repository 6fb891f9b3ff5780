// The Electron binary for `npm start` and the Electron test suite. Since Electron 45, `npm install` does not
// download it; `require('electron')` does, the first time (node_modules/electron/index.js runs install.js when
// path.txt is missing). This module does the same without importing electron (which throws when the download
// fails): use the binary on disk, else download it once, else report why in one line so the caller can fall back.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DOWNLOADER = fileURLToPath(new URL('./electron-download.mjs', import.meta.url));

/** The installed `electron` npm package (holds install.js, checksums.json and, once downloaded, dist/). */
export function electronPackageDir() {
  return dirname(createRequire(import.meta.url).resolve('electron/package.json'));
}

/** The binary `require('electron')` would return, when it is on disk; undefined otherwise. Never downloads. */
export function installedElectronBinary(electronDir, env = process.env) {
  let relative;
  try {
    relative = readFileSync(join(electronDir, 'path.txt'), 'utf8').trim();
  } catch {
    relative = undefined;
  }
  const binary = env.ELECTRON_OVERRIDE_DIST_PATH
    ? join(env.ELECTRON_OVERRIDE_DIST_PATH, relative || 'electron')
    : relative && join(electronDir, 'dist', relative);
  return binary && existsSync(binary) ? binary : undefined;
}

/** Runs electron-download.mjs; resolves with its one-line JSON verdict. Its stderr (progress) is the user's. */
function runDownloader(electronDir, env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [DOWNLOADER, electronDir], {
      env,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => {
      stdout += chunk;
    });
    child.on('error', (error) =>
      resolve({ ok: false, reason: `the downloader did not start (${error.message})` }),
    );
    child.on('close', (code, signal) => {
      const last = stdout.trim().split('\n').pop() ?? '';
      try {
        const verdict = JSON.parse(last);
        if (typeof verdict.ok === 'boolean') return resolve(verdict);
      } catch {
        // fall through: the downloader died before it could answer
      }
      resolve({ ok: false, reason: `the downloader stopped (${signal ?? `exit ${code}`})` });
    });
  });
}

/**
 * The Electron binary, downloaded first when it is missing (with Electron's own cache, mirror settings and
 * checksums). Resolves with `{ ok: true, binary, downloaded }` or `{ ok: false, reason }`; never throws.
 * @param {{ electronDir?: string, env?: NodeJS.ProcessEnv, log?: (line: string) => void }} [options]
 */
export async function ensureElectronBinary(options = {}) {
  const env = options.env ?? process.env;
  const log = options.log ?? ((line) => console.log(line));
  let electronDir = options.electronDir;
  try {
    electronDir ??= electronPackageDir();
  } catch {
    return { ok: false, reason: 'the electron package is not installed (run npm install)' };
  }
  const present = installedElectronBinary(electronDir, env);
  if (present) return { ok: true, binary: present, downloaded: false };
  if (env.ELECTRON_OVERRIDE_DIST_PATH) {
    return {
      ok: false,
      reason: `no Electron binary in ELECTRON_OVERRIDE_DIST_PATH=${env.ELECTRON_OVERRIDE_DIST_PATH}`,
    };
  }

  const { version } = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8'));
  log(`[electron] Downloading the Electron ${version} binary (first start only, about 100 MB)…`);
  const verdict = await runDownloader(electronDir, env);
  if (!verdict.ok) return { ok: false, reason: String(verdict.reason) };
  const binary = installedElectronBinary(electronDir, env);
  return binary
    ? { ok: true, binary, downloaded: true }
    : { ok: false, reason: `the download finished but ${join(electronDir, 'path.txt')} names no binary` };
}

/** The one line shown when the binary cannot be had: why, and what to set behind a mirror. */
export function electronUnavailableLine(reason) {
  return (
    `Electron could not be downloaded (${reason}). Behind a mirror, set ELECTRON_MIRROR ` +
    '(and ELECTRON_CUSTOM_DIR if its folders are not named v<version>).'
  );
}

/**
 * Starts the desktop app: `<binary> <appDir>`, as `electron .` does. Chromium refuses to run as root without
 * its sandbox switched off, so that flag is added for root only.
 * @param {{ binary: string, appDir: string, env?: NodeJS.ProcessEnv }} options
 */
export function launchElectron({ binary, appDir, env = process.env }) {
  const args = [appDir];
  if (process.getuid?.() === 0) args.push('--no-sandbox');
  return spawn(binary, args, { stdio: 'inherit', env });
}
