/**
 * One interactive sign-in, as pure logic. An adapter (the Electron auth window, or the Playwright page driver
 * in test/helpers) feeds it what the browser does — `navigation(url)`, `pageLoaded(url, page)`,
 * `loadFailed(...)`, `closed()` — and
 * obeys the decision it returns; the attempt settles exactly once, with the first outcome, and then its
 * watchdog is cleared and every later event is ignored (late or foreign callbacks are dropped).
 * A redirect that does not carry this attempt's `state` is kept off the network but does not end the attempt:
 * a page that can steer the window must not be able to end the sign-in, nor slip in its own code.
 */
import type { Clock } from '../clock';
import { isNavigationAllowed, isRedirectUri, parseRedirect } from './redirect';

export type SignInOutcome =
  | { kind: 'code'; code: string }
  /** The user closed the window or pressed cancel at Kakao. */
  | { kind: 'cancelled' }
  /** The watchdog fired: the window was left open too long. */
  | { kind: 'timeout' }
  | { kind: 'kakao-error'; error: string; description?: string }
  /** The sign-in page could not be shown (e.g. Kakao unreachable). */
  | { kind: 'load-failed'; errorCode: number; description: string }
  /** Kakao answered a page of the sign-in with a server error (5xx, or -1 in its body): retry in a moment. */
  | { kind: 'kakao-unavailable'; status: number }
  /**
   * System-browser mode only: the loopback port is taken by another program, listening failed otherwise, or
   * the default browser could not be opened. Nothing was sent to Kakao's answer; the user may retry.
   */
  | { kind: 'system-browser-unavailable'; reason: 'port-in-use' | 'listen-failed' | 'open-failed' };

/**
 * - `allow`: let the navigation proceed;
 * - `block`: cancel it (a foreign origin, the redirect URI without our state, or anything after the attempt
 *   settled);
 * - `intercepted`: it was the redirect URI: cancel it so it never reaches the network; the attempt has settled.
 */
export type NavigationDecision = 'allow' | 'block' | 'intercepted';

/** Chromium's net::ERR_ABORTED: what our own cancel of the redirect looks like in did-fail-load. */
export const ERR_ABORTED = -3;
/** Chromium's net::ERR_BLOCKED_BY_CLIENT: a request we cancelled in webRequest.onBeforeRequest. */
export const ERR_BLOCKED_BY_CLIENT = -20;

/** What the main frame is showing, as the adapter saw it. */
export interface LoadedPage {
  /** HTTP status; Electron passes -1 or 0 for a page that did not come over HTTP. */
  status: number;
  /** The document's MIME type, when known (needed only for error bodies). */
  contentType?: string;
  /** The body text of an error answer (status >= 400), when the adapter could read it. */
  text?: string;
}

/**
 * Kakao's "try again later" answers in its JSON error bodies (the same set the backend treats as Kakao being
 * unavailable): kapi `{ msg, code }` with -1 (internal error or timeout), -7 (maintenance), -10 (quota),
 * -9798 (service maintenance); kauth `{ error, error_code }` with OAuth's `server_error` or
 * `temporarily_unavailable`. Kakao sends -1 with HTTP 400, so the status alone does not tell.
 * @see https://developers.kakao.com/docs/latest/ko/rest-api/error-code
 * @see RFC 6749 §4.1.2.1
 */
const KAKAO_TRANSIENT_CODES: ReadonlySet<unknown> = new Set([-1, -7, -10, -9798]);
const OAUTH_TRANSIENT_ERRORS: ReadonlySet<unknown> = new Set(['server_error', 'temporarily_unavailable']);

function isJson(contentType: string | undefined): boolean {
  const media = contentType?.split(';')[0]?.trim().toLowerCase() ?? '';
  return media === 'application/json' || media.endsWith('+json');
}

/** A Kakao page that means "Kakao is down, retry in a moment": any 5xx, or a JSON error body saying so. */
export function isKakaoUnavailable(page: LoadedPage): boolean {
  if (page.status >= 500 && page.status <= 599) return true;
  if (page.status < 400 || page.text === undefined || !isJson(page.contentType)) return false;
  let body: unknown;
  try {
    body = JSON.parse(page.text);
  } catch {
    return false;
  }
  if (typeof body !== 'object' || body === null) return false;
  const { code, error } = body as { code?: unknown; error?: unknown };
  return KAKAO_TRANSIENT_CODES.has(code) || OAUTH_TRANSIENT_ERRORS.has(error);
}

/** Five minutes: long enough to type a password and read a consent screen, short enough not to linger. */
export const DEFAULT_SIGN_IN_TIMEOUT_MS = 5 * 60_000;

export interface SignInAttemptOptions {
  redirectUri: string;
  /** The `state` sent in this attempt's authorize URL. */
  expectedState: string;
  /** Exact origins the window may show (see `allowedAuthOrigins`). */
  allowedOrigins: readonly string[];
  timeoutMs?: number;
  clock: Clock;
}

export class SignInAttempt {
  /** Resolves once, with the first outcome. Never rejects. */
  readonly outcome: Promise<SignInOutcome>;
  private resolveOutcome!: (outcome: SignInOutcome) => void;
  private settledWith: SignInOutcome | undefined;
  private readonly watchdog: unknown;

  /** The attempt for one window request, as both window adapters (Electron, Playwright) build it. */
  static forRequest(
    request: Pick<SignInAttemptOptions, 'redirectUri' | 'expectedState' | 'allowedOrigins'>,
    settings: { clock: Clock; timeoutMs?: number | undefined },
  ): SignInAttempt {
    return new SignInAttempt({
      redirectUri: request.redirectUri,
      expectedState: request.expectedState,
      allowedOrigins: request.allowedOrigins,
      clock: settings.clock,
      ...(settings.timeoutMs !== undefined ? { timeoutMs: settings.timeoutMs } : {}),
    });
  }

  constructor(private readonly options: SignInAttemptOptions) {
    this.outcome = new Promise((resolve) => {
      this.resolveOutcome = resolve;
    });
    this.watchdog = options.clock.setTimeout(
      () => this.settle({ kind: 'timeout' }),
      options.timeoutMs ?? DEFAULT_SIGN_IN_TIMEOUT_MS,
    );
  }

  get settled(): boolean {
    return this.settledWith !== undefined;
  }

  /** A top-level navigation or redirect (or any request, for redirect interception) is about to happen. */
  navigation(url: string): NavigationDecision {
    if (this.settled) return 'block';
    const { redirectUri, expectedState } = this.options;
    const redirect = parseRedirect(url, { redirectUri, state: expectedState });
    if (redirect.kind === 'foreign-state') return 'block';
    if (redirect.kind !== 'not-the-redirect') {
      this.settle(redirect);
      return 'intercepted';
    }
    return isNavigationAllowed(url, { allowedOrigins: this.options.allowedOrigins, redirectUri })
      ? 'allow'
      : 'block';
  }

  /** A sub-resource request (image, script…): only the redirect URI is of interest; everything else may load. */
  subresource(url: string): NavigationDecision {
    if (this.settled) return 'block';
    if (!isRedirectUri(url, this.options.redirectUri)) return 'allow';
    // A page trying to smuggle the callback through an <img> or fetch: never let it reach the network,
    // and do not let it decide the outcome either (only a navigation can).
    return 'block';
  }

  /**
   * The main frame got a response (after redirects) from `url`. A Kakao page that says Kakao is down (see
   * {@link isKakaoUnavailable}) would leave the user facing a raw error body, so it ends the attempt; any other
   * Kakao error page (e.g. KOE006, an HTML 400) explains itself and stays. Only Kakao's origins count:
   * nothing else may load in the window anyway.
   */
  pageLoaded(url: string, page: LoadedPage): void {
    const { allowedOrigins, redirectUri } = this.options;
    if (isRedirectUri(url, redirectUri) || !isNavigationAllowed(url, { allowedOrigins, redirectUri })) return;
    if (isKakaoUnavailable(page)) this.settle({ kind: 'kakao-unavailable', status: page.status });
  }

  /**
   * The main frame failed to load. Our own cancels (ERR_ABORTED, ERR_BLOCKED_BY_CLIENT) are not failures: a
   * blocked foreign-state redirect or foreign page must not end the attempt through the back door.
   */
  loadFailed(errorCode: number, description: string): void {
    if (errorCode === ERR_ABORTED || errorCode === ERR_BLOCKED_BY_CLIENT) return;
    this.settle({ kind: 'load-failed', errorCode, description });
  }

  /** The user closed the window (or the page went away). */
  closed(): void {
    this.settle({ kind: 'cancelled' });
  }

  /** Cancel from our side, e.g. the app is quitting. */
  cancel(): void {
    this.settle({ kind: 'cancelled' });
  }

  private settle(outcome: SignInOutcome): void {
    if (this.settled) return;
    this.settledWith = outcome;
    this.options.clock.clearTimeout(this.watchdog);
    this.resolveOutcome(outcome);
  }
}
