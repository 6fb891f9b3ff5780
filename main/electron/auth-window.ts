/**
 * The sign-in window: a thin Electron adapter over the pure `SignInAttempt`. It only translates Electron
 * events into attempt events and the attempt's decisions into cancelled requests.
 * Hardening: a fresh in-memory partition per attempt (no cookies from earlier sign-ins), sandbox,
 * context isolation, no Node, no preload, popups and permission requests denied, navigation limited to
 * Kakao's origins, and the redirect URI caught in will-redirect, will-navigate and onBeforeRequest and
 * cancelled before it reaches the network. A Kakao page that says Kakao is down (HTTP 5xx from did-navigate,
 * or a 4xx JSON body with -1, read in an isolated world) closes the window with a retryable outcome instead of
 * leaving the user on Kakao's raw error.
 * @see https://www.electronjs.org/docs/latest/tutorial/security
 */
import { randomUUID } from 'node:crypto';
import { BrowserWindow, session as electronSession, type Session, type WebContents } from 'electron';
import type { AuthWindowOpener } from '../auth/auth-window-port';
import { SignInAttempt } from '../auth/sign-in-attempt';
import { type Clock, systemClock } from '../clock';
import { denyAllPermissions, denyPopupsAndWebviews, HARDENED_WEB_PREFERENCES } from './hardening';

/** The one partition that outlives an attempt: used only when the user chose "stay signed in to Kakao". */
export const KEPT_KAKAO_PARTITION = 'persist:kakao-auth';

export interface ElectronAuthWindowOptions {
  /** The window the sign-in dialog is modal to. */
  parent?: () => BrowserWindow | null | undefined;
  /** Watchdog; default 5 minutes. */
  timeoutMs?: number;
  clock?: Clock;
}

export interface ElectronAuthWindow {
  open: AuthWindowOpener;
  /** Forget the kept Kakao web session (sign-out, or the user turned "stay signed in" off). */
  clearKakaoSession(): Promise<void>;
}

/** A world of our own: the page's scripts cannot see or tamper with what runs there. */
const READ_WORLD_ID = 1001;
/** A JSON answer is shown as text in a `<pre>`; 4 KiB is plenty for Kakao's `{ msg, code }`. */
const READ_ERROR_BODY = `({
  contentType: document.contentType,
  text: ((document.querySelector('body > pre') ?? document.body)?.textContent ?? '').slice(0, 4096),
})`;

async function readErrorBody(contents: WebContents): Promise<{ contentType?: string; text?: string }> {
  const body: unknown = await contents.executeJavaScriptInIsolatedWorld(READ_WORLD_ID, [
    { code: READ_ERROR_BODY },
  ]);
  if (typeof body !== 'object' || body === null) return {};
  const { contentType, text } = body as { contentType?: unknown; text?: unknown };
  return {
    ...(typeof contentType === 'string' ? { contentType } : {}),
    ...(typeof text === 'string' ? { text } : {}),
  };
}

async function clearPartition(ses: Session): Promise<void> {
  await ses.clearStorageData();
  await ses.clearCache();
}

export function createElectronAuthWindow(options: ElectronAuthWindowOptions = {}): ElectronAuthWindow {
  const open: AuthWindowOpener = async (request) => {
    const partition = request.keepKakaoSession ? KEPT_KAKAO_PARTITION : `auth-${randomUUID()}`; // no persist: = memory
    const ses = electronSession.fromPartition(partition);
    const attempt = SignInAttempt.forRequest(request, {
      clock: options.clock ?? systemClock,
      timeoutMs: options.timeoutMs,
    });

    denyAllPermissions(ses);
    ses.webRequest.onBeforeRequest((details, callback) => {
      const decision =
        details.resourceType === 'mainFrame'
          ? attempt.navigation(details.url)
          : attempt.subresource(details.url);
      callback({ cancel: decision !== 'allow' });
    });

    const parent = options.parent?.() ?? undefined;
    const window = new BrowserWindow({
      ...(parent ? { parent, modal: true } : {}),
      width: 480,
      height: 720,
      show: false,
      title: 'Sign in with Kakao',
      autoHideMenuBar: true,
      // No preload: Kakao's page gets no bridge at all. contextIsolation restated for Electronegativity's static
      // check, which cannot see through the spread.
      webPreferences: { ...HARDENED_WEB_PREFERENCES, contextIsolation: true, partition },
    });
    const contents = window.webContents;
    denyPopupsAndWebviews(contents);
    const onNavigation = (event: { url: string; preventDefault(): void }) => {
      if (attempt.navigation(event.url) !== 'allow') event.preventDefault();
    };
    contents.on('will-navigate', onNavigation);
    contents.on('will-redirect', onNavigation);
    // Main frame only (sub-frames get did-frame-navigate): Kakao answering a page with 5xx ends the attempt.
    let shown: { url: string; status: number } | undefined;
    contents.on('did-navigate', (_event, url, status) => {
      shown = { url, status };
      attempt.pageLoaded(url, { status });
    });
    // Kakao sends -1 ("try again later") with HTTP 400, so a 4xx answer's body is read once it has loaded.
    contents.on('did-finish-load', () => {
      const page = shown;
      if (!page || page.status < 400 || page.status >= 500 || attempt.settled) return;
      readErrorBody(contents)
        .then((body) => attempt.pageLoaded(page.url, { status: page.status, ...body }))
        .catch(() => {}); // the window went away meanwhile
    });
    contents.on('did-fail-load', (_event, errorCode, errorDescription, _url, isMainFrame) => {
      if (isMainFrame) attempt.loadFailed(errorCode, errorDescription);
    });
    window.once('ready-to-show', () => window.show());
    window.on('closed', () => attempt.closed());
    const onAbort = () => attempt.cancel();
    if (request.signal.aborted) attempt.cancel();
    request.signal.addEventListener('abort', onAbort, { once: true });

    try {
      // Rejects on our own cancel (ERR_ABORTED) and on load failures; both reach the attempt via did-fail-load.
      contents.loadURL(request.authorizeUrl).catch(() => {});
      return await attempt.outcome;
    } finally {
      request.signal.removeEventListener('abort', onAbort);
      ses.webRequest.onBeforeRequest(null);
      if (!window.isDestroyed()) window.destroy();
      if (!request.keepKakaoSession) await clearPartition(ses).catch(() => {});
    }
  };

  return {
    open,
    clearKakaoSession: () => clearPartition(electronSession.fromPartition(KEPT_KAKAO_PARTITION)),
  };
}
