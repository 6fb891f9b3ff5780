/**
 * Electron security checklist items that hold for every window of the app, in one place so both windows and the
 * app entry share them: deny every permission, no popups, no <webview>, the sandbox for every renderer.
 * @see https://www.electronjs.org/docs/latest/tutorial/security
 */
import type { App, Session, WebContents, WebPreferences } from 'electron';

/**
 * The webPreferences every window of the app starts from (each adds only its preload or partition): the
 * sandbox, context isolation, no Node anywhere, web security on, no insecure content, no experimental or
 * Blink features, no <webview>.
 */
export const HARDENED_WEB_PREFERENCES = Object.freeze({
  sandbox: true,
  contextIsolation: true,
  nodeIntegration: false,
  nodeIntegrationInSubFrames: false,
  nodeIntegrationInWorker: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  webviewTag: false,
  spellcheck: false,
  // Middle-click would otherwise try to open links in a new window.
  disableBlinkFeatures: 'Auxclick',
} as const satisfies WebPreferences);

/**
 * Neither our renderer nor Kakao's sign-in page needs a camera, notifications, the clipboard or anything
 * else a permission guards: refuse requests and report every check as denied.
 */
export function denyAllPermissions(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
}

/** Per-contents rules that apply whatever the window: no `window.open`, no `<webview>` attached. */
export function denyPopupsAndWebviews(contents: WebContents): void {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Refuse every navigation and redirect of the main frame that `allowed` does not accept. */
export function denyNavigationUnless(contents: WebContents, allowed: (url: string) => boolean): void {
  const guard = (event: { url: string; preventDefault(): void }) => {
    if (!allowed(event.url)) event.preventDefault();
  };
  contents.on('will-navigate', guard);
  contents.on('will-redirect', guard);
}

/**
 * App-wide, before `ready`: every renderer sandboxed even if a window forgets to ask, and every web contents
 * ever created (including ones we did not create ourselves) gets the per-contents rules.
 */
export function hardenApp(app: Pick<App, 'enableSandbox' | 'on'>): void {
  app.enableSandbox();
  app.on('web-contents-created', (_event, contents) => denyPopupsAndWebviews(contents));
}
