/** The Electron entry: app lifecycle, then one setupX() per feature. Logic lives in the modules it wires. */
import { hostname } from 'node:os';
import { app, type BrowserWindow, dialog, shell } from 'electron';
import { createBackendClient } from './backend/backend-client';
import { authConfigForMode, ConfigError, type DesktopConfig, readDesktopConfig } from './config';
import { createInstallKeyStore } from './dpop/install-key';
import { createDpopProver } from './dpop/prover';
import { createElectronAuthWindow } from './electron/auth-window';
import { hardenApp } from './electron/hardening';
import { setupIpc } from './electron/ipc';
import { builtPreloadPath, builtRendererLocation, createMainWindow } from './electron/main-window';
import { setupMenu } from './electron/menu';
import { createElectronPreferences } from './electron/preferences-store';
import { createKeptKakaoSession } from './preferences/kept-kakao-session';
import { observablePreferences } from './preferences/observable-preferences';
import { createAccount } from './session/account';
import { SessionManager } from './session/session-manager';
import { openOnlyOnOrigin } from './system-browser/open-external-guard';
import { createSystemBrowserOpener } from './system-browser/system-browser-opener';
import { createDisabledVault } from './vault/disabled-vault';
import { createKeytarVault } from './vault/keytar-vault';

function setupApp(config: DesktopConfig): void {
  const renderer = builtRendererLocation(config.rendererDevServerUrl);
  const preferences = observablePreferences(createElectronPreferences());
  let mainWindow: BrowserWindow | null = null;
  const authWindow = createElectronAuthWindow({
    parent: () => mainWindow,
    timeoutMs: config.signInTimeoutMs,
  });
  // "Stay signed in to Kakao": only ever our own window's kept partition; the user's browser cookies are theirs.
  const kakaoSession = createKeptKakaoSession({
    preferences,
    clearKakaoSession: authWindow.clearKakaoSession,
    log: (event, details) => console.warn(`[kakao-session] ${event}`, details ?? ''),
  });
  // SIGN_IN_MODE=browser: Kakao opens in the user's default browser (only Kakao's auth origin may be opened).
  const openAuthWindow = kakaoSession.keepingOpener(
    config.signInMode === 'browser'
      ? createSystemBrowserOpener({
          openExternal: openOnlyOnOrigin(config.auth.authBaseUrl, (url) => shell.openExternal(url)),
          timeoutMs: config.signInTimeoutMs,
        })
      : authWindow.open,
  );
  const auth = authConfigForMode(config);
  const deviceName = `${hostname()} (${process.platform})`;
  const log = (event: string, details?: object) => console.warn(`[session] ${event}`, details ?? '');
  const vault =
    config.vault === 'none' ? createDisabledVault() : createKeytarVault({ service: 'kakao-desktop' });
  // Sessions bound to this install's key (RFC 9449 DPoP), kept beside the refresh token in the same vault.
  const installKey = createInstallKeyStore({ vault, log: (event) => console.warn(`[dpop] ${event}`) });
  const backend = createBackendClient({
    baseUrl: config.backendUrl,
    dpop: createDpopProver({ key: installKey }),
  });
  const session = new SessionManager({
    backend,
    vault,
    preferences,
    openAuthWindow,
    signInSurface: config.signInMode,
    clearKakaoSession: kakaoSession.forget,
    auth,
    deviceName,
    log,
  });
  // "Share my email" opens Kakao where sign-in does: the same opener and redirect URI.
  const account = createAccount({
    session,
    backend,
    openAuthWindow,
    auth,
    deviceName,
    log,
  });
  const openWindow = () => {
    mainWindow = createMainWindow({ renderer, preloadPath: builtPreloadPath(), preferences });
    mainWindow.on('closed', () => {
      mainWindow = null;
    });
  };

  setupIpc({
    session,
    kakaoSession,
    account,
    preferences,
    renderer,
    appInfo: { name: app.getName(), version: app.getVersion() },
    window: () => mainWindow,
  });
  setupMenu({
    session,
    preferences,
    app: {
      name: app.getName(),
      version: app.getVersion(),
      locale: app.getLocale(),
      isPackaged: app.isPackaged,
    },
    window: () => mainWindow,
    log: (event) => console.warn(`[menu] ${event}`),
  });
  openWindow();
  void session.start();

  app.on('second-instance', () => mainWindow?.focus());
  app.on('activate', () => {
    if (!mainWindow) openWindow();
  });
  app.on('before-quit', () => session.dispose());
}

function readConfigOrExit(): DesktopConfig | null {
  try {
    return readDesktopConfig(process.env);
  } catch (error) {
    const message = error instanceof ConfigError ? error.message : 'The app configuration could not be read.';
    dialog.showErrorBox('kakao-desktop cannot start', message);
    app.exit(1);
    return null;
  }
}

hardenApp(app); // before ready: enableSandbox() must come first

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  void app.whenReady().then(() => {
    const config = readConfigOrExit();
    if (config) setupApp(config);
  });
}
