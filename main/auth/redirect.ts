/**
 * Recognising Kakao's redirect back to us, and which navigations the sign-in window may make.
 * Matching is by exact scheme + host + port + path of the WHATWG-parsed URL: never by prefix, substring or regex,
 * and never with userinfo (`http://localhost:1234@evil.com/callback` has host evil.com).
 * @see RFC 6749 §4.1.2 (authorization response), §10.12 (CSRF)
 */
import { sameSecret } from './secrets';

/** What a navigation URL means to the attempt in flight. */
export type RedirectParseResult =
  | { kind: 'not-the-redirect' }
  /** The user pressed cancel at Kakao (`error=access_denied`). */
  | { kind: 'cancelled' }
  /** Kakao redirected with another error, or with neither error nor a usable code. */
  | { kind: 'kakao-error'; error: string; description?: string }
  /**
   * The redirect URI without this attempt's state (none, several, or another): not an answer to our request,
   * whatever it carries, so neither its `code` nor its `error` may end the attempt (RFC 6749 §10.12).
   */
  | { kind: 'foreign-state' }
  | { kind: 'code'; code: string };

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True when `url` is the redirect URI: same scheme, host, port and path, no userinfo. Query and fragment may differ. */
export function isRedirectUri(url: string, redirectUri: string): boolean {
  const candidate = parseUrl(url);
  const expected = parseUrl(redirectUri);
  if (!candidate || !expected) return false;
  return (
    candidate.protocol === expected.protocol &&
    candidate.host === expected.host && // host includes the port; default ports are normalised away
    candidate.username === '' &&
    candidate.password === '' &&
    candidate.pathname === expected.pathname
  );
}

function single(params: URLSearchParams, name: string): string | undefined {
  const values = params.getAll(name);
  return values.length === 1 ? values[0] : undefined;
}

/**
 * Parse a navigation URL against the attempt's redirect URI and issued state.
 * Order matters: `state` first (only our own request's answer counts, an error as much as a code), then
 * `error` (a cancel is a cancel, even with a code beside it), then `code`. Kakao echoes `state` on errors too.
 */
export function parseRedirect(
  url: string,
  expected: { redirectUri: string; state: string },
): RedirectParseResult {
  if (!isRedirectUri(url, expected.redirectUri)) return { kind: 'not-the-redirect' };
  const params = new URL(url).searchParams;

  const state = single(params, 'state');
  if (state === undefined || !sameSecret(state, expected.state)) return { kind: 'foreign-state' };

  if (params.has('error')) {
    const error = single(params, 'error') ?? 'invalid_response';
    if (error === 'access_denied') return { kind: 'cancelled' };
    const description = single(params, 'error_description');
    return description === undefined
      ? { kind: 'kakao-error', error }
      : { kind: 'kakao-error', error, description };
  }

  const code = single(params, 'code');
  if (!code)
    return { kind: 'kakao-error', error: 'invalid_response', description: 'redirect without a code' };
  return { kind: 'code', code };
}

/**
 * May the sign-in window go to `url`? Only Kakao's origins (exact origin match) and the redirect URI
 * (which is then intercepted, never loaded).
 */
export function isNavigationAllowed(
  url: string,
  policy: { allowedOrigins: readonly string[]; redirectUri: string },
): boolean {
  if (isRedirectUri(url, policy.redirectUri)) return true;
  const candidate = parseUrl(url);
  if (!candidate || (candidate.protocol !== 'https:' && candidate.protocol !== 'http:')) return false;
  if (candidate.username !== '' || candidate.password !== '') return false;
  return policy.allowedOrigins.includes(candidate.origin);
}
