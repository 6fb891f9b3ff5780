/**
 * The browser shell's main process: what main/index.ts composes for Electron, minus the Electron adapters.
 * The real SessionManager, vault, preferences and backend client, the one IPC handler map served over HTTP
 * (bridge-server.ts), and system-browser sign-in whose "open the browser" is a message to the app's own tab.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { type AuthConfig, allowedAuthOrigins } from '../auth/auth-config';
import type { AuthWindowOpener } from '../auth/auth-window-port';
import type { BackendClient } from '../backend/backend-client';
import { createDesktopIpcHandlers } from '../ipc/desktop-handlers';
import { createKeptKakaoSession } from '../preferences/kept-kakao-session';
import type { PreferencesStore } from '../preferences/preferences';
import { createAccount } from '../session/account';
import { type SessionLog, SessionManager } from '../session/session-manager';
import type { SecretVault } from '../vault/vault';
import { type BridgeServer, startBridgeServer } from './bridge-server';
import { createStaticSite } from './static-files';

export interface BrowserShellDeps {
  backend: Pick<BackendClient, 'exchange' | 'refresh' | 'logout' | 'sessions' | 'deleteSession' | 'deleteMe'>;
  vault: SecretVault;
  preferences: PreferencesStore;
  /** Redirect URI = the loopback listener's address (registered at Kakao and the backend). */
  auth: AuthConfig;
  /** System-browser sign-in, given how to open a URL "in the browser" (here: a new tab of the app's page). */
  createOpener: (openExternal: (url: string) => Promise<void>) => AuthWindowOpener;
  /** The built renderer (index.html + assets). */
  rendererDir: string;
  /** The page-side bridge (preload/browser-bridge.ts) as JavaScript. */
  bridgeScript: string;
  /** 0 = any free port. */
  port: number;
  deviceName: string;
  appInfo: { name: string; version: string };
  /** Test seam: a fixed key. Default: 32 random bytes. */
  key?: string;
  log?: SessionLog;
}

export interface BrowserShell extends Pick<BridgeServer, 'origin' | 'launchUrl'> {
  session: SessionManager;
  close(): Promise<void>;
}

/** Thrown into the sign-in when no tab of the app is open to show Kakao's page. */
export class NoShellTabError extends Error {
  override readonly name = 'NoShellTabError';
  constructor() {
    super('No tab of the app is open to show the sign-in page.');
  }
}

export async function startBrowserShell(deps: BrowserShellDeps): Promise<BrowserShell> {
  let server: BridgeServer | undefined;
  const kakaoOrigins = allowedAuthOrigins(deps.auth);
  // No sign-in window of ours here, so no Kakao session of ours to keep: the choice is only saved.
  const kakaoSession = createKeptKakaoSession({
    preferences: deps.preferences,
    ...(deps.log ? { log: deps.log } : {}),
  });
  const openAuthWindow = deps.createOpener(async (url) => {
    // Only Kakao's sign-in page is ever handed to the page to open.
    if (!kakaoOrigins.includes(new URL(url).origin)) throw new Error('not a Kakao sign-in URL');
    // The server cannot open a tab in a browser that is already running; the app's open tab can.
    if (!server || server.openInTabs(url) === 0) throw new NoShellTabError();
  });
  const session = new SessionManager({
    backend: deps.backend,
    vault: deps.vault,
    preferences: deps.preferences,
    openAuthWindow,
    // "Continue in your browser": Kakao's page is in another tab, not in a window of ours.
    signInSurface: 'browser',
    auth: deps.auth,
    deviceName: deps.deviceName,
    ...(deps.log ? { log: deps.log } : {}),
  });
  // The account panel's features, asking Kakao for consent the same way sign-in does (a tab of the app).
  const account = createAccount({
    session,
    backend: deps.backend,
    openAuthWindow,
    auth: deps.auth,
    deviceName: deps.deviceName,
    ...(deps.log ? { log: deps.log } : {}),
  });
  const site = await createStaticSite(deps.rendererDir, deps.bridgeScript);
  server = await startBridgeServer({
    key: deps.key ?? randomBytes(32).toString('base64url'),
    port: deps.port,
    site,
    session,
    handlers: (browserShellOrigin) =>
      createDesktopIpcHandlers({
        session,
        kakaoSession,
        account,
        preferences: deps.preferences,
        renderer: { browserShellOrigin, indexHtmlPath: join(deps.rendererDir, 'index.html') },
        appInfo: deps.appInfo,
      }),
    ...(deps.log ? { log: (line: string) => deps.log?.(line) } : {}),
  });
  void session.start();
  const running = server;
  return {
    origin: running.origin,
    launchUrl: running.launchUrl,
    session,
    async close() {
      session.dispose();
      await running.close();
    },
  };
}
