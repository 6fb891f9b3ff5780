// `node scripts/electron-download.mjs <electron package dir>`: fetch the Electron binary the way Electron does on
// first use, in a child process of its own so a failure is one line for the caller, not a stack trace.
// 1. @electron/get downloads the zip into Electron's cache, with the arguments the package's install.js uses
//    (ELECTRON_MIRROR, ELECTRON_CUSTOM_DIR, electron_config_cache, the pinned checksums.json), and its own
//    progress bar on stderr for slow downloads. A failure keeps the error and its cause, which install.js
//    would print as a bare "fetch failed" stack.
// 2. The package's install.js then finds the zip in that cache, checks it again, extracts it to dist/ and
//    writes path.txt, exactly as `require('electron')` would have.
// stdout carries one JSON line for the caller: {"ok":true} or {"ok":false,"reason":"..."}.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const electronDir = process.argv[2];
const report = (result) => process.stdout.write(`${JSON.stringify(result)}\n`);

/** "fetch failed: getaddrinfo ENOTFOUND github.com": the error and what caused it, on one line. */
export function describeDownloadError(error) {
  const parts = [];
  for (let e = error; e && parts.length < 3; e = e.cause) {
    const text = e instanceof Error ? e.message : String(e);
    if (text && !parts.includes(text)) parts.push(text);
  }
  return (parts.join(': ') || 'unknown error').replace(/\s+/g, ' ').trim();
}

async function download() {
  const pkg = JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8'));
  const requireFromElectron = createRequire(join(electronDir, 'package.json'));
  const { downloadArtifact } = await import(pathToFileURL(requireFromElectron.resolve('@electron/get')).href);
  const env = process.env;
  const remoteChecksums = env.electron_use_remote_checksums || env.npm_config_electron_use_remote_checksums;
  await downloadArtifact({
    version: pkg.version,
    artifactName: 'electron',
    force: env.force_no_cache === 'true',
    cacheRoot: env.electron_config_cache,
    checksums: remoteChecksums ? undefined : requireFromElectron('./checksums.json'),
    platform: env.ELECTRON_INSTALL_PLATFORM || env.npm_config_platform || process.platform,
    arch: env.ELECTRON_INSTALL_ARCH || env.npm_config_arch || process.arch,
  });
}

function install() {
  const result = spawnSync(process.execPath, [join(electronDir, 'install.js')], {
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  if (result.status === 0) return undefined;
  const firstLine = (result.stderr ?? '').split('\n').find((line) => line.trim()) ?? '';
  return `Electron's installer failed (${result.error?.message || firstLine.trim() || `exit ${result.status}`})`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (!electronDir) {
    report({ ok: false, reason: 'usage: electron-download.mjs <electron package dir>' });
    process.exit(2);
  }
  try {
    await download();
  } catch (error) {
    report({ ok: false, reason: describeDownloadError(error) });
    process.exit(1);
  }
  const failure = install();
  report(failure ? { ok: false, reason: failure } : { ok: true });
  process.exit(failure ? 1 : 0);
}
