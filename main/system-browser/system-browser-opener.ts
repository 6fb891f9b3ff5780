/**
 * System-browser sign-in (RFC 8252 §7.3): an {@link AuthWindowOpener} that opens Kakao's authorize URL in the
 * user's default browser and catches the redirect on a loopback listener. Node `http` only, no Electron, so
 * any host (the Electron app, the browser shell, tests) plugs in its own way of opening a URL.
 *
 * Per attempt: listen on the redirect URI's loopback address and port (before the browser is opened, so the
 * redirect cannot arrive first), answer exactly one sign-in, close. The session manager's state, PKCE and
 * nonce are untouched: the listener only turns the redirect into the same `SignInOutcome` the embedded window
 * gives, through the same `SignInAttempt` (state checked first, then error, then code; watchdog; abort).
 *
 * What the listener answers:
 * - a `Host` other than the redirect URI's own → 421, nothing changes (a DNS-rebinding page cannot talk to it);
 * - any path but the redirect URI's → 404, nothing changes;
 * - anything but GET on the redirect path → 405;
 * - a request the browser marks as not a top-level navigation (Fetch Metadata: an `<img>`, `fetch`, frame) →
 *   a neutral page, nothing changes;
 * - the redirect without this attempt's `state` (none, several, another) → a neutral page, and it keeps
 *   waiting: whoever can make the browser visit a URL must not end, or slip a code into, the sign-in;
 * - the redirect with our state → "you can close this tab" (ko + en), the attempt settles, the listener closes.
 *
 * A port already taken, a listen that fails, or a browser that cannot be opened settle the attempt with
 * `system-browser-unavailable` (the user gets `system_browser_unavailable`), never a throw.
 *
 * @example
 * ```ts
 * import { createSystemBrowserOpener } from './system-browser/system-browser-opener';
 * const openAuthWindow = createSystemBrowserOpener({
 *   // Electron: shell.openExternal, allowed only for Kakao's auth origin (open-external-guard.ts). Tests: a
 *   // Chromium tab, `async (url) => { void (await context.newPage()).goto(url); }`.
 *   openExternal: openOnlyOnOrigin(config.auth.authBaseUrl, (url) => shell.openExternal(url)),
 *   timeoutMs: config.signInTimeoutMs,
 * });
 * const session = new SessionManager({
 *   ...deps,
 *   openAuthWindow,
 *   signInSurface: 'browser',
 *   // config.systemBrowserRedirectUri (http://127.0.0.1:9021/callback by default), registered at Kakao as is:
 *   auth: authConfigForMode(config, 'browser'), // main/config.ts
 * });
 * ```
 * The redirect URI must be `http://<127.x.x.x or [::1]>:<port><path>` (see `loopback-redirect.ts`).
 * `keepKakaoSession` does not apply: the browser's cookies are the user's own, and we never touch them.
 * @see https://www.rfc-editor.org/rfc/rfc8252#section-7.3
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AuthWindowOpener, AuthWindowRequest } from '../auth/auth-window-port';
import { SignInAttempt, type SignInOutcome } from '../auth/sign-in-attempt';
import { type Clock, systemClock } from '../clock';
import { CALLBACK_SECURITY_HEADERS, type CallbackPageKind, callbackPageHtml } from './callback-page';
import { type LoopbackListenTarget, loopbackListenTarget } from './loopback-redirect';

export interface SystemBrowserOpenerOptions {
  /**
   * Open `url` (Kakao's authorize URL) in the user's default browser. Resolves once handed over; a rejection
   * ends the attempt as `system-browser-unavailable` (`open-failed`).
   */
  openExternal(url: string): Promise<void>;
  /** Watchdog; default 5 minutes (the user may be typing a password in another window). */
  timeoutMs?: number;
  clock?: Clock;
}

/** A slow or stuck browser connection must not hold the listener open. */
const REQUEST_TIMEOUT_MS = 10_000;
/** How long the closing listener lets the last page finish sending before it drops every connection. */
const FLUSH_GRACE_MS = 2_000;

function pageKindFor(outcome: SignInOutcome): CallbackPageKind {
  if (outcome.kind === 'code') return 'returned';
  if (outcome.kind === 'cancelled') return 'cancelled';
  return 'failed';
}

function send(
  response: ServerResponse,
  status: number,
  body: { html: string } | { text: string },
  extra: Record<string, string> = {},
): void {
  const isHtml = 'html' in body;
  response.writeHead(status, {
    ...CALLBACK_SECURITY_HEADERS,
    ...extra,
    'Content-Type': isHtml ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8',
  });
  response.end(isHtml ? body.html : body.text);
}

async function answer(
  request: IncomingMessage,
  response: ServerResponse,
  target: LoopbackListenTarget,
  attempt: SignInAttempt,
): Promise<void> {
  if (request.headers.host?.toLowerCase() !== target.hostHeader) {
    send(response, 421, { text: 'Misdirected request' });
    return;
  }
  const path = request.url ?? '';
  // Origin-form only: an absolute-form target ("GET http://elsewhere/...") is not a redirect to us.
  const url = path.startsWith('/') ? `http://${target.hostHeader}${path}` : '';
  const pathname = url ? new URL(url).pathname : '';
  if (pathname !== target.path) {
    send(response, 404, { text: 'Not found' });
    return;
  }
  if (request.method !== 'GET') {
    send(response, 405, { text: 'Method not allowed' }, { Allow: 'GET' });
    return;
  }
  // Kakao's redirect is a top-level navigation. Like the window's sub-resource rule: an <img>, fetch or frame
  // that a page aims at us decides nothing (browsers say so in Fetch Metadata; older ones send none).
  const mode = request.headers['sec-fetch-mode'];
  const dest = request.headers['sec-fetch-dest'];
  if ((mode !== undefined && mode !== 'navigate') || (dest !== undefined && dest !== 'document')) {
    send(response, 400, { html: callbackPageHtml('not-expected') });
    return;
  }
  // The same decision as the embedded window: 'intercepted' = our redirect settled the attempt; anything
  // else (a foreign state, or the attempt already over) changes nothing.
  if (attempt.navigation(url) !== 'intercepted') {
    send(response, 400, { html: callbackPageHtml('not-expected') });
    return;
  }
  send(response, 200, { html: callbackPageHtml(pageKindFor(await attempt.outcome)) });
}

function listen(server: Server, target: LoopbackListenTarget): Promise<NodeJS.ErrnoException | null> {
  return new Promise((resolve) => {
    const onError = (error: NodeJS.ErrnoException) => resolve(error);
    server.once('error', onError);
    // exclusive: never share the port with another process's listener (cluster-style handle sharing).
    server.listen({ host: target.host, port: target.port, exclusive: true }, () => {
      server.off('error', onError);
      resolve(null);
    });
  });
}

/** Stop listening now; let pages being sent finish (briefly); then drop every connection and wait. */
async function shutDown(server: Server, sending: Set<Promise<void>>, clock: Clock): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  let grace: unknown;
  await Promise.race([
    Promise.allSettled([...sending]),
    new Promise<void>((resolve) => {
      grace = clock.setTimeout(resolve, FLUSH_GRACE_MS);
    }),
  ]);
  clock.clearTimeout(grace);
  server.closeAllConnections();
  await closed;
}

export function createSystemBrowserOpener(options: SystemBrowserOpenerOptions): AuthWindowOpener {
  const clock = options.clock ?? systemClock;
  return async (request: AuthWindowRequest): Promise<SignInOutcome> => {
    const target = loopbackListenTarget(request.redirectUri);
    const attempt = SignInAttempt.forRequest(request, { clock, timeoutMs: options.timeoutMs });
    const sending = new Set<Promise<void>>();
    const server = createServer({ requestTimeout: REQUEST_TIMEOUT_MS }, (req, res) => {
      const done = answer(req, res, target, attempt).catch(() => {
        if (!res.headersSent) send(res, 500, { text: 'Internal error' });
        else res.destroy();
      });
      sending.add(done);
      void done.finally(() => sending.delete(done));
    });
    server.headersTimeout = REQUEST_TIMEOUT_MS;
    server.maxHeadersCount = 50;

    const listenError = await listen(server, target);
    if (listenError) {
      attempt.cancel(); // stops the watchdog; this attempt's outcome is the listen failure
      return {
        kind: 'system-browser-unavailable',
        reason: listenError.code === 'EADDRINUSE' ? 'port-in-use' : 'listen-failed',
      };
    }
    server.on('error', () => attempt.cancel()); // the listener broke after it started: nothing will come back

    const onAbort = () => attempt.cancel();
    if (request.signal.aborted) attempt.cancel();
    request.signal.addEventListener('abort', onAbort, { once: true });
    try {
      let opened = true;
      if (!attempt.settled) {
        opened = await options.openExternal(request.authorizeUrl).then(
          () => true,
          () => false,
        );
      }
      if (!opened && !attempt.settled) {
        attempt.cancel();
        return { kind: 'system-browser-unavailable', reason: 'open-failed' };
      }
      return await attempt.outcome;
    } finally {
      request.signal.removeEventListener('abort', onAbort);
      await shutDown(server, sending, clock);
    }
  };
}
