/**
 * `npm start` without Electron: the app in a browser tab. Reads the same configuration as the desktop app,
 * serves out/renderer (+ out/browser-shell/browser-bridge.js, both built by scripts/start.mjs) on
 * 127.0.0.1:${KAKAO_DESKTOP_SHELL_PORT:-9030} and prints the one URL that carries this launch's key.
 */
import { readFile } from 'node:fs/promises';
import { homedir, hostname } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBackendClient } from '../backend/backend-client';
import { authConfigForMode, ConfigError, readBrowserShellConfig, readDesktopConfig } from '../config';
import { createInstallKeyStore } from '../dpop/install-key';
import { createDpopProver } from '../dpop/prover';
import { createFilePreferences } from '../preferences/file-preferences';
import { createSystemBrowserOpener } from '../system-browser/system-browser-opener';
import { createDisabledVault } from '../vault/disabled-vault';
import { createKeytarVault } from '../vault/keytar-vault';
import { startBrowserShell } from './browser-shell';

/** Where the shell keeps its (non-secret) preferences: the OS's per-user config folder. */
function userConfigDir(env: NodeJS.ProcessEnv): string {
  const base =
    process.platform === 'win32'
      ? (env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'))
      : process.platform === 'darwin'
        ? join(homedir(), 'Library', 'Application Support')
        : (env.XDG_CONFIG_HOME ?? join(homedir(), '.config'));
  return join(base, 'kakao-desktop', 'browser-shell');
}

async function main(): Promise<void> {
  const config = readDesktopConfig(process.env);
  const shellConfig = readBrowserShellConfig(process.env);
  const repo = fileURLToPath(new URL('../..', import.meta.url));
  const rendererDir = join(repo, 'out', 'renderer');
  const vault =
    config.vault === 'none' ? createDisabledVault() : createKeytarVault({ service: 'kakao-desktop' });
  // The same install key as the desktop app (same vault entry): sessions bound to it (RFC 9449 DPoP).
  const installKey = createInstallKeyStore({ vault, log: (event) => console.warn(`[dpop] ${event}`) });
  const shell = await startBrowserShell({
    backend: createBackendClient({
      baseUrl: config.backendUrl,
      dpop: createDpopProver({ key: installKey }),
    }),
    vault,
    preferences: createFilePreferences(shellConfig.dataDir ?? userConfigDir(process.env)),
    // A tab has no window of ours to show Kakao in: always system-browser mode, on its loopback redirect URI.
    auth: authConfigForMode(config, 'browser'),
    createOpener: (openExternal) =>
      createSystemBrowserOpener({ openExternal, timeoutMs: config.signInTimeoutMs }),
    rendererDir,
    bridgeScript: await readFile(join(repo, 'out', 'browser-shell', 'browser-bridge.js'), 'utf8'),
    port: shellConfig.port,
    deviceName: `${hostname()} (${process.platform}, browser)`,
    appInfo: { name: 'kakao-desktop', version: process.env.npm_package_version ?? '0.0.0' },
    log: (event, details) => console.warn(`[shell] ${event}`, details ?? ''),
  });
  // Printed once, here only: the key in the fragment is what lets that tab (and no other page) use the app.
  console.log(`\n[shell] Open the app in your browser:\n\n    ${shell.launchUrl}\n`);
  const stop = () => void shell.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  const busy = (error as { code?: string }).code === 'EADDRINUSE';
  console.error(
    `[shell] cannot start: ${
      error instanceof ConfigError
        ? error.message
        : busy
          ? 'the port is in use (set KAKAO_DESKTOP_SHELL_PORT)'
          : error instanceof Error
            ? error.message
            : String(error)
    }`,
  );
  process.exit(1);
});
