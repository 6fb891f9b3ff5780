// `npm start`: the whole system on this machine — Kakao emulator, companion backend (embedded PGlite),
// and the desktop app. The first start downloads the Electron binary, as `require('electron')` would; when that
// fails (offline, blocked), it says why in one line and runs the same app in a browser tab instead (the browser
// shell, main/browser-shell/). Ctrl+C stops everything.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { compileBrowserBridge } from './browser-shell-assets.mjs';
import { electronUnavailableLine, ensureElectronBinary, launchElectron } from './electron-launcher.mjs';

// The dev defaults the desktop, the backend and the tests use (contract/src/dev-defaults.ts reads the same file):
// plain JSON, so this script needs no TypeScript loader and no build to read it.
const devDefaults = JSON.parse(
  readFileSync(new URL('../contract/src/dev-defaults.json', import.meta.url), 'utf8'),
);
const emulatorPort = process.env.KAKAO_EMULATOR_PORT || String(devDefaults.ports.emulator);
const backendPort = process.env.PORT || String(devDefaults.ports.backend);
const useRealKakao = Boolean(process.env.KAKAO_AUTH_BASE_URL);
const emulatorUrl = `http://${devDefaults.host}:${emulatorPort}`;
const backendUrl = `http://${devDefaults.host}:${backendPort}`;
const children = [];

/** Services run as direct children (node --import tsx, not npx) so that stopping them reaches the server itself. */
function start(name, command, args, env = {}) {
  return track(name, spawn(command, args, { stdio: 'inherit', env: { ...process.env, ...env } }));
}

function track(name, child) {
  children.push(child);
  child.on('exit', (code, signal) => {
    if (stopping) return;
    console.error(`\n[start] ${name} stopped (${signal ?? `exit ${code}`}); stopping everything.`);
    stop(code ?? 1);
  });
  return child;
}

let stopping = false;
function stop(code = 0) {
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 500);
}
/** Stops everything and never resolves, so nothing after it runs (and no stack trace is printed). */
function stopForGood(code) {
  stop(code);
  return new Promise(() => {});
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

/**
 * Waits for `url` to answer 200. Generous: on a loaded machine the first start (tsx compiling, PGlite creating and
 * migrating its database) takes minutes; a line every 10 s shows what it is waiting for.
 */
async function waitFor(name, url, timeoutMs = 180_000) {
  const started = Date.now();
  const deadline = started + timeoutMs;
  let nextProgress = started + 10_000;
  while (Date.now() < deadline) {
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not up yet
    }
    if (Date.now() >= nextProgress) {
      const waited = Math.round((Date.now() - started) / 1000);
      console.log(`[start] waiting for ${name} at ${url} (${waited}s of ${timeoutMs / 1000}s)…`);
      nextProgress += 10_000;
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  console.error(`[start] ${name} did not answer at ${url} within ${timeoutMs / 1000}s`);
  return stopForGood(1);
}

// Before the services, so Electron's download output is not mixed with their logs.
const electron = await ensureElectronBinary();

if (!useRealKakao) {
  start('kakao-emulator', process.execPath, ['--import', 'tsx', 'kakao-emulator/src/server.ts'], {
    KAKAO_EMULATOR_PORT: emulatorPort,
  });
  await waitFor('kakao-emulator', `${emulatorUrl}/.well-known/openid-configuration`);
}
start('backend', process.execPath, ['--import', 'tsx', 'server/src/server.ts'], { PORT: backendPort });
await waitFor('backend', `${backendUrl}/healthz`);

// The emulator's dev app has email consent configured; real Kakao needs business verification for it, so with real
// Kakao the desktop keeps its own default scopes.
const emulatorScopes = [...devDefaults.scopes, ...devDefaults.emulatorOnlyScopes].join(' ');
const scopes = process.env.KAKAO_SCOPES ?? (useRealKakao ? undefined : emulatorScopes);
const appEnv = { BACKEND_URL: backendUrl, ...(scopes ? { KAKAO_SCOPES: scopes } : {}) };

// The same renderer build serves both: the Electron window and the browser tab.
const build = spawnSync('npx', ['electron-vite', 'build'], { stdio: 'inherit' });
if (build.status !== 0) await stopForGood(1);

if (electron.ok) {
  const appDir = fileURLToPath(new URL('..', import.meta.url));
  const env = { ...process.env, ...appEnv };
  track('desktop app', launchElectron({ binary: electron.binary, appDir, env }));
  console.log('\n[start] Desktop app started. Close its window or press Ctrl+C to stop everything.');
} else {
  const bridge = new URL('../out/browser-shell/', import.meta.url);
  await mkdir(bridge, { recursive: true });
  await writeFile(new URL('browser-bridge.js', bridge), await compileBrowserBridge());
  console.log(`
[start] Kakao emulator: ${useRealKakao ? '(off: using real Kakao)' : emulatorUrl}
[start] Backend:        ${backendUrl}  (API docs: ${backendUrl}/docs)
[start] The desktop window cannot open. ${electronUnavailableLine(electron.reason)}
[start] The same app runs in a browser tab instead (sign-in opens Kakao in another tab). Press Ctrl+C to stop.`);
  // The shell prints the URL to open (with this launch's key) once it listens.
  start('browser shell', process.execPath, ['--import', 'tsx', 'main/browser-shell/cli.ts'], appEnv);
}
