import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../clock';
import { ERR_ABORTED, ERR_BLOCKED_BY_CLIENT, SignInAttempt } from './sign-in-attempt';

const redirectUri = 'http://localhost:9021/callback';
const kakao = 'http://127.0.0.1:9010';

function attempt(timeoutMs = 60_000) {
  return new SignInAttempt({
    redirectUri,
    expectedState: 'S',
    allowedOrigins: [kakao],
    timeoutMs,
    clock: systemClock,
  });
}

async function settledWithin(a: SignInAttempt) {
  const winner = await Promise.race([a.outcome, Promise.resolve('pending' as const)]);
  return winner;
}

describe('SignInAttempt', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('allows Kakao pages, blocks others, and intercepts the redirect with a code', async () => {
    const a = attempt();
    expect(a.navigation(`${kakao}/oauth/authorize?x=1`)).toBe('allow');
    expect(a.navigation('https://evil.com/phish')).toBe('block');
    expect(await settledWithin(a)).toBe('pending');
    expect(a.navigation(`${redirectUri}?code=C&state=S`)).toBe('intercepted');
    expect(await a.outcome).toEqual({ kind: 'code', code: 'C' });
  });

  it('settles once: later redirects, closes and timeouts change nothing and are blocked', async () => {
    const a = attempt();
    a.navigation(`${redirectUri}?code=FIRST&state=S`);
    expect(a.navigation(`${redirectUri}?code=SECOND&state=S`)).toBe('block');
    expect(a.navigation(`${kakao}/oauth/authorize`)).toBe('block');
    a.closed();
    await vi.advanceTimersByTimeAsync(120_000);
    expect(await a.outcome).toEqual({ kind: 'code', code: 'FIRST' });
  });

  it.each([
    ['a code with a foreign state (login CSRF)', 'code=ATTACKER&state=attacker'],
    ['a code without state', 'code=ATTACKER'],
    ['a cancel without state', 'error=access_denied'],
    ['a cancel with a foreign state', 'error=access_denied&state=attacker'],
    ['another error without state', 'error=server_error&error_description=x'],
  ])('ignores %s: kept off the network, the attempt keeps waiting for the real answer', async (_, query) => {
    const a = attempt();
    expect(a.navigation(`${redirectUri}?${query}`)).toBe('block');
    expect(a.subresource(`${redirectUri}?${query}`)).toBe('block');
    expect(await settledWithin(a)).toBe('pending');
    expect(a.navigation(`${kakao}/oauth/authorize`)).toBe('allow');
    expect(a.navigation(`${redirectUri}?code=C&state=S`)).toBe('intercepted');
    expect(await a.outcome).toEqual({ kind: 'code', code: 'C' });
  });

  it('reports cancel at Kakao (access_denied) as cancelled', async () => {
    const a = attempt();
    a.navigation(`${redirectUri}?error=access_denied&state=S`);
    expect(await a.outcome).toEqual({ kind: 'cancelled' });
  });

  it('reports the user closing the window as cancelled', async () => {
    const a = attempt();
    a.closed();
    expect(await a.outcome).toEqual({ kind: 'cancelled' });
  });

  it('ends a sign-in left open too long (watchdog)', async () => {
    const a = attempt(5 * 60_000);
    await vi.advanceTimersByTimeAsync(5 * 60_000 - 1);
    expect(await settledWithin(a)).toBe('pending');
    await vi.advanceTimersByTimeAsync(1);
    expect(await a.outcome).toEqual({ kind: 'timeout' });
    expect(a.navigation(`${redirectUri}?code=C&state=S`)).toBe('block');
  });

  it('clears its watchdog once settled', async () => {
    const a = attempt();
    a.closed();
    await a.outcome;
    expect(vi.getTimerCount()).toBe(0);
  });

  it('ignores our own cancels (ERR_ABORTED, ERR_BLOCKED_BY_CLIENT) but reports real load failures', async () => {
    const a = attempt();
    expect(a.navigation(`${redirectUri}?error=access_denied`)).toBe('block');
    a.loadFailed(ERR_ABORTED, 'ERR_ABORTED');
    a.loadFailed(ERR_BLOCKED_BY_CLIENT, 'ERR_BLOCKED_BY_CLIENT');
    expect(await settledWithin(a)).toBe('pending');
    a.loadFailed(-102, 'ERR_CONNECTION_REFUSED');
    expect(await a.outcome).toEqual({
      kind: 'load-failed',
      errorCode: -102,
      description: 'ERR_CONNECTION_REFUSED',
    });
  });

  const json = 'application/json;charset=UTF-8';
  it.each([
    ['HTTP 500', { status: 500 }],
    ['HTTP 502', { status: 502, contentType: 'text/html' }],
    ['HTTP 503', { status: 503 }],
    ['HTTP 599', { status: 599 }],
    [
      'Kakao -1 (sent with HTTP 400)',
      { status: 400, contentType: json, text: '{"msg":"internal error","code":-1}' },
    ],
    [
      'Kakao -7 (maintenance)',
      { status: 400, contentType: 'application/json', text: '{"msg":"x","code":-7}' },
    ],
    ['Kakao -9798', { status: 400, contentType: json, text: '{"code":-9798}' }],
    [
      'kauth server_error',
      { status: 400, contentType: json, text: '{"error":"server_error","error_code":"KOE003"}' },
    ],
    [
      'kauth temporarily_unavailable',
      { status: 401, contentType: json, text: '{"error":"temporarily_unavailable"}' },
    ],
  ])('ends the attempt on %s from a Kakao page: retryable, not left on the raw error', async (_, page) => {
    const a = attempt();
    expect(a.navigation(`${kakao}/oauth/authorize?state=S`)).toBe('allow');
    a.pageLoaded(`${kakao}/oauth/authorize?state=S`, page);
    expect(await a.outcome).toEqual({ kind: 'kakao-unavailable', status: page.status });
    expect(vi.getTimerCount()).toBe(0);
  });

  it.each([
    ['a Kakao page (200)', `${kakao}/oauth/authorize`, { status: 200, contentType: 'text/html' }],
    [
      "Kakao's own error page (KOE006, HTML 400)",
      `${kakao}/oauth/authorize`,
      { status: 400, contentType: 'text/html', text: 'KOE006 server_error' },
    ],
    ['a Kakao 404', `${kakao}/nowhere`, { status: 404 }],
    ['a Kakao 429', `${kakao}/login`, { status: 429 }],
    [
      'Kakao -2 (bad parameter: not transient)',
      `${kakao}/oauth/authorize`,
      { status: 400, contentType: json, text: '{"msg":"x","code":-2}' },
    ],
    [
      'a -1 body that is not JSON',
      `${kakao}/oauth/authorize`,
      { status: 400, contentType: 'text/plain', text: '{"code":-1}' },
    ],
    [
      'a -1 body on a 200 page',
      `${kakao}/oauth/authorize`,
      { status: 200, contentType: json, text: '{"code":-1}' },
    ],
    [
      '"-1" as a string',
      `${kakao}/oauth/authorize`,
      { status: 400, contentType: json, text: '{"code":"-1"}' },
    ],
    ['malformed JSON', `${kakao}/oauth/authorize`, { status: 400, contentType: json, text: '{"code":-1' }],
    [
      'JSON that is not an object',
      `${kakao}/oauth/authorize`,
      { status: 400, contentType: json, text: '-1' },
    ],
    ['a JSON error without its body', `${kakao}/oauth/authorize`, { status: 400, contentType: json }],
    ['a non-HTTP page (Electron reports -1)', 'about:blank', { status: -1 }],
    ['a status past 5xx', `${kakao}/oauth/authorize`, { status: 600 }],
    ['a 500 from another origin', 'https://evil.com/phish', { status: 500 }],
    [
      'a -1 body from another origin',
      'https://evil.com/x',
      { status: 400, contentType: json, text: '{"code":-1}' },
    ],
    ['a 500 from a look-alike with userinfo', 'http://127.0.0.1:9010@evil.com/', { status: 500 }],
    ['a 500 at the redirect URI', `${redirectUri}?code=C&state=S`, { status: 500 }],
    ['a 500 with an unparsable URL', 'not a url', { status: 500 }],
  ])('keeps waiting after %s', async (_, url, page) => {
    const a = attempt();
    a.pageLoaded(url, page);
    expect(await settledWithin(a)).toBe('pending');
    expect(a.navigation(`${redirectUri}?code=C&state=S`)).toBe('intercepted');
    expect(await a.outcome).toEqual({ kind: 'code', code: 'C' });
  });

  it('ignores a Kakao 5xx once settled', async () => {
    const a = attempt();
    a.navigation(`${redirectUri}?code=C&state=S`);
    a.pageLoaded(`${kakao}/oauth/authorize`, { status: 500 });
    expect(await a.outcome).toEqual({ kind: 'code', code: 'C' });
    expect(a.settled).toBe(true);
  });

  it('lets sub-resources load but never the redirect URI, without settling', async () => {
    const a = attempt();
    expect(a.subresource('https://t1.kakaocdn.net/logo.png')).toBe('allow');
    expect(a.subresource(`${redirectUri}?code=C&state=S`)).toBe('block');
    expect(await settledWithin(a)).toBe('pending');
  });

  it('can be cancelled from our side', async () => {
    const a = attempt();
    a.cancel();
    expect(await a.outcome).toEqual({ kind: 'cancelled' });
  });
});
