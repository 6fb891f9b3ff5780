/**
 * The sign-in window on a real browser: an {@link AuthWindowOpener} that drives a Playwright `Page` with
 * `route` interception, on the SAME `SignInAttempt` controller as the Electron window
 * (main/electron/auth-window.ts). So an end-to-end test exercises the production redirect matching, state
 * check, navigation policy, close-means-cancel and watchdog in Chromium.
 *
 * How it maps to the Electron adapter:
 * - fresh in-memory partition → a new `BrowserContext` per attempt, closed afterwards (its storage goes with
 *   it); with `request.keepKakaoSession` one kept context is reused until `clearKakaoSession()`/`close()`;
 * - will-navigate / will-redirect / onBeforeRequest → one `page.route('**\/*')` handler. Playwright routes
 *   only the first URL of a redirect chain, so navigations are fetched with `maxRedirects: 0`, every
 *   `Location` is shown to the attempt first, and an allowed hop is replayed as a client-side navigation
 *   (which is routed again); the redirect URI is never requested;
 * - window closed → page `close`; did-fail-load → main-frame `requestfailed` (ERR_ABORTED ignored);
 *   did-navigate's HTTP status (and the 4xx body the Electron window reads) → the main-frame navigation
 *   `response` (a Kakao 5xx, or -1 in a JSON body, ends the attempt).
 *
 * @example
 * ```ts
 * import { chromium } from '@playwright/test';
 * import { chromiumLaunchOptions } from './chromium';
 * import { createPlaywrightAuthWindow } from './playwright-auth-window';
 *
 * const browser = await chromium.launch(chromiumLaunchOptions());
 * const authWindow = createPlaywrightAuthWindow({
 *   browser,
 *   // Called once per attempt with the page showing Kakao's authorize URL: act as the user.
 *   onPage: async (page) => {
 *     await page.getByLabel('Email').fill('kim@kakao.test');
 *     await page.getByLabel('Password').fill('password');
 *     await page.getByRole('button', { name: 'Log in' }).click();
 *   },
 * });
 * const kakao = keptKakao(preferences, authWindow); // test/helpers/kept-kakao.ts: "stay signed in to Kakao"
 * const session = new SessionManager({ ...deps, openAuthWindow: kakao.openAuthWindow,
 *   clearKakaoSession: kakao.clearKakaoSession });
 * await session.signIn();   // → { ok: true, value: { kind: 'signed-in', ... } }
 * await authWindow.close(); await browser.close();
 * ```
 * `onPage` errors (other than those caused by the attempt ending) make `open` reject with that error after
 * cleanup, so a broken test script fails loudly instead of waiting for the watchdog.
 */
import type { Browser, BrowserContext, BrowserContextOptions, Page, Route } from '@playwright/test';
import type { AuthWindowOpener, AuthWindowRequest } from '../../main/auth/auth-window-port';
import { ERR_ABORTED, SignInAttempt } from '../../main/auth/sign-in-attempt';
import { type Clock, systemClock } from '../../main/clock';

export interface PlaywrightAuthWindowOptions {
  /** Contexts (the "partitions") are created from this browser. */
  browser: Browser;
  /** Options for each new context (locale, viewport…). */
  contextOptions?: BrowserContextOptions;
  /** Watchdog; default 5 minutes like the app. */
  timeoutMs?: number;
  clock?: Clock;
  /** Act as the user on the sign-in page. Called after the authorize URL starts loading. */
  onPage?: (page: Page, request: AuthWindowRequest) => Promise<void> | void;
}

export interface PlaywrightAuthWindow {
  /** Pass as `SessionManagerDeps.openAuthWindow` (through `keptKakao`, to honour "stay signed in to Kakao"). */
  open: AuthWindowOpener;
  /** Pass to `createKeptKakaoSession` (or `keptKakao`): closes the kept context (stay-signed-in mode). */
  clearKakaoSession(): Promise<void>;
  /** Every page opened so far, oldest first (closed ones included), for assertions. */
  readonly pages: readonly Page[];
  /** Close the kept context, if any. Pages of finished attempts are already closed. */
  close(): Promise<void>;
}

/** Chromium's net error codes by name, for the attempt's loadFailed. */
const NET_ERRORS: Record<string, number> = { 'net::ERR_ABORTED': ERR_ABORTED, 'net::ERR_FAILED': -2 };

const INTERCEPTED_PAGE = '<!doctype html><meta charset="utf-8"><title>Signing in…</title>';

async function handleRoute(
  route: Route,
  page: Page,
  attempt: SignInAttempt,
  inFlight: Set<Route>,
): Promise<void> {
  const request = route.request();
  const url = request.url();
  let isMainFrameNavigation = false;
  try {
    isMainFrameNavigation = request.isNavigationRequest() && request.frame() === page.mainFrame();
  } catch {
    // service-worker requests have no frame: treat as sub-resources
  }
  const decision = isMainFrameNavigation ? attempt.navigation(url) : attempt.subresource(url);
  if (decision !== 'allow') {
    await route.abort('aborted').catch(() => {});
    return;
  }
  if (!isMainFrameNavigation) {
    await route.continue().catch(() => {});
    return;
  }
  let response: Awaited<ReturnType<Route['fetch']>>;
  try {
    inFlight.add(route);
    response = await route.fetch({ maxRedirects: 0 });
  } catch (error) {
    if (attempt.settled) return; // aborted when the attempt ended
    attempt.loadFailed(-2, error instanceof Error ? error.message.split('\n')[0]! : String(error));
    await route.abort('failed').catch(() => {});
    return;
  }
  const location = response.headers().location;
  if (response.status() >= 300 && response.status() < 400 && location) {
    // The will-redirect moment: the attempt sees the target before the browser may go there.
    const target = new URL(location, url).toString();
    if (attempt.navigation(target) !== 'allow') {
      await route.fulfill({ status: 200, contentType: 'text/html', body: INTERCEPTED_PAGE }).catch(() => {});
      return;
    }
    // A redirect handed to the browser would be followed without routing, so hop on the client instead:
    // the next request is a fresh navigation that comes back through this handler. Cookies are kept.
    const cookies = response
      .headersArray()
      .filter((h) => h.name.toLowerCase() === 'set-cookie')
      .map((h) => h.value);
    await route
      .fulfill({
        status: 200,
        contentType: 'text/html',
        headers: cookies.length > 0 ? { 'set-cookie': cookies.join('\n') } : {},
        body: `<!doctype html><meta charset="utf-8"><script>location.replace(${JSON.stringify(target)})</script>`,
      })
      .catch(() => {});
    return;
  }
  await route.fulfill({ response }).catch(() => {});
}

export function createPlaywrightAuthWindow(options: PlaywrightAuthWindowOptions): PlaywrightAuthWindow {
  const pages: Page[] = [];
  let keptContext: BrowserContext | undefined;

  const open: AuthWindowOpener = async (request) => {
    const attempt = SignInAttempt.forRequest(request, {
      clock: options.clock ?? systemClock,
      timeoutMs: options.timeoutMs,
    });
    if (request.keepKakaoSession && !keptContext)
      keptContext = await options.browser.newContext(options.contextOptions);
    const context = request.keepKakaoSession
      ? keptContext!
      : await options.browser.newContext(options.contextOptions);
    const page = await context.newPage();
    pages.push(page);
    // Navigations still being fetched (a server that never answers): aborted when the attempt ends, as closing
    // the Electron window drops its loads; otherwise closing the page waits for them.
    const inFlight = new Set<Route>();
    const routeHandler = (route: Route) =>
      handleRoute(route, page, attempt, inFlight).finally(() => inFlight.delete(route));
    await page.route('**/*', routeHandler);
    // Permission prompts: a Playwright context grants none unless asked, like the Electron window's deny handler.
    page.on('popup', (popup) => void popup.close()); // window.open → deny
    page.on('close', () => attempt.closed());
    page.on('response', async (response) => {
      const navigation = response.request();
      if (!navigation.isNavigationRequest() || navigation.frame() !== page.mainFrame()) return;
      const status = response.status();
      attempt.pageLoaded(response.url(), { status });
      // Kakao sends -1 ("try again later") with HTTP 400: the body decides (as the Electron window reads it).
      if (status < 400 || status >= 500 || attempt.settled) return;
      const text = await response.text().catch(() => undefined);
      const contentType = response.headers()['content-type'];
      attempt.pageLoaded(response.url(), {
        status,
        ...(contentType === undefined ? {} : { contentType }),
        ...(text === undefined ? {} : { text: text.slice(0, 4096) }),
      });
    });
    page.on('requestfailed', (failed) => {
      if (failed.isNavigationRequest() && failed.frame() === page.mainFrame()) {
        const errorText = failed.failure()?.errorText ?? 'net::ERR_FAILED';
        attempt.loadFailed(NET_ERRORS[errorText] ?? -2, errorText);
      }
    });
    const onAbort = () => attempt.cancel();
    if (request.signal.aborted) attempt.cancel();
    request.signal.addEventListener('abort', onAbort, { once: true });

    let driverError: unknown;
    try {
      // Rejects when we abort the redirect or the attempt ends first; the attempt has the real outcome.
      page.goto(request.authorizeUrl).catch(() => {});
      if (options.onPage) {
        Promise.resolve()
          .then(() => options.onPage?.(page, request))
          .catch((error: unknown) => {
            if (attempt.settled) return; // the page went away under the script: expected
            driverError = error;
            attempt.cancel();
          });
      }
      const outcome = await attempt.outcome;
      if (driverError !== undefined) throw driverError;
      return outcome;
    } finally {
      request.signal.removeEventListener('abort', onAbort);
      await Promise.all([...inFlight].map((route) => route.abort('aborted').catch(() => {})));
      await page.unroute('**/*', routeHandler).catch(() => {});
      await page.close().catch(() => {});
      if (!request.keepKakaoSession) await context.close().catch(() => {});
    }
  };

  const clearKakaoSession = async () => {
    const context = keptContext;
    keptContext = undefined;
    await context?.close();
  };

  return { open, clearKakaoSession, pages, close: clearKakaoSession };
}
