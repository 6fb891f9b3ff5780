import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isNavigationAllowed, isRedirectUri, parseRedirect } from './redirect';

const redirectUri = 'http://localhost:1234/callback';
const state = 'expected-state';
const ok = `code=the-code&state=${state}`;

describe('isRedirectUri: exact origin + path, no tricks', () => {
  it.each([
    [`${redirectUri}?${ok}`, 'the redirect with a query'],
    [redirectUri, 'the bare redirect'],
    [`${redirectUri}#frag`, 'with a fragment'],
    [
      'http://LOCALHOST:1234/callback',
      'host case: the same origin once parsed (browsers report it lower-case)',
    ],
  ])('accepts %s (%s)', (url) => {
    expect(isRedirectUri(url, redirectUri)).toBe(true);
  });

  it.each([
    ['http://localhost:1234/callback.evil.com', 'suffix on the path'],
    ['http://localhost:1234/callbackX', 'longer path'],
    ['http://localhost:1234/callback/', 'trailing slash'],
    ['http://localhost:1234/callback/../x', 'dot segments (normalises to /x)'],
    ['http://localhost:1234/x/../callback/y', 'dot segments into a sub path'],
    ['http://localhost:1234/Callback', 'path case'],
    ['http://localhost:1234/CALLBACK', 'path upper case'],
    ['http://localhost:1234/%63allback', 'percent-encoded path'],
    ['http://localhost:1234/callback%2F..%2Fx', 'encoded slashes'],
    ['http://localhost:1234@evil.com/callback', 'userinfo: host is evil.com'],
    ['http://user:pw@localhost:1234/callback', 'userinfo on the right host'],
    ['http://evil.com/http://localhost:1234/callback', 'redirect URI inside the path'],
    ['http://evil.com/?r=http://localhost:1234/callback', 'redirect URI inside the query'],
    ['http://localhost:1235/callback', 'different port'],
    ['http://localhost/callback', 'default port'],
    ['https://localhost:1234/callback', 'different scheme'],
    ['ws://localhost:1234/callback', 'websocket scheme'],
    ['http://127.0.0.1:1234/callback', 'other loopback name'],
    ['http://localhost.evil.com:1234/callback', 'host suffix'],
    ['http://evillocalhost:1234/callback', 'host prefix'],
    ['file:///callback', 'file URL'],
    ['javascript:alert(1)//http://localhost:1234/callback', 'javascript URL'],
    ['not a url', 'garbage'],
    ['', 'empty'],
  ])('rejects %s (%s)', (url) => {
    expect(isRedirectUri(url, redirectUri)).toBe(false);
    expect(parseRedirect(url, { redirectUri, state })).toEqual({ kind: 'not-the-redirect' });
  });
});

describe('parseRedirect: state first, then error, then code', () => {
  it.each([
    [`code=the-code&state=${state}`, { kind: 'code', code: 'the-code' }],
    [`state=${state}&code=the-code`, { kind: 'code', code: 'the-code' }],
    [`error=access_denied&error_description=User%20denied%20access&state=${state}`, { kind: 'cancelled' }],
    [
      `error=consent_required&error_description=user%20consent%20required.&state=${state}`,
      { kind: 'kakao-error', error: 'consent_required', description: 'user consent required.' },
    ],
    [`error=server_error&state=${state}&code=the-code`, { kind: 'kakao-error', error: 'server_error' }],
    [`error=a&error=b&state=${state}`, { kind: 'kakao-error', error: 'invalid_response' }],
    [
      `state=${state}`,
      { kind: 'kakao-error', error: 'invalid_response', description: 'redirect without a code' },
    ],
    [
      `state=${state}&code=`,
      { kind: 'kakao-error', error: 'invalid_response', description: 'redirect without a code' },
    ],
    [
      `state=${state}&code=a&code=b`,
      { kind: 'kakao-error', error: 'invalid_response', description: 'redirect without a code' },
    ],
  ])('?%s', (query, expected) => {
    expect(parseRedirect(`${redirectUri}?${query}`, { redirectUri, state })).toEqual(expected);
  });

  // Attacks: a page that can steer the window (or a forged link) sends the redirect URI without our state.
  // Neither its code nor its error may count, whichever comes first in the query.
  it.each([
    ['code=the-code&state=wrong', 'a code with a foreign state (login CSRF)'],
    ['code=the-code', 'a code without state'],
    ['code=the-code&state=', 'a code with an empty state'],
    [`code=the-code&state=${state}&state=${state}`, 'state given twice'],
    [`code=the-code&state=${state}&state=wrong`, 'our state and a foreign one'],
    [`code=the-code&state=${state}x`, 'state with a suffix'],
    [`code=the-code&state=${state.slice(0, -1)}`, 'state prefix'],
    [`code=the-code&state=${state.toUpperCase()}`, 'state in upper case'],
    ['error=access_denied', 'an error without state ends nothing'],
    ['error=access_denied&state=someone-elses', 'a cancel with a foreign state'],
    ['error=access_denied&error_description=User%20denied%20access', 'a cancel with a description, no state'],
    ['error=server_error&state=', 'an error with an empty state'],
    [`error=server_error&state=${state}&state=x`, 'an error with two states'],
    [`state=wrong&error=access_denied&code=the-code`, 'error and code, foreign state'],
    ['', 'the bare redirect URI'],
  ])('?%s is foreign (%s)', (query, _why) => {
    const url = query === '' ? redirectUri : `${redirectUri}?${query}`;
    expect(parseRedirect(url, { redirectUri, state })).toEqual({ kind: 'foreign-state' });
  });
});

describe('parseRedirect: property', () => {
  const value = fc.oneof(fc.constantFrom('access_denied', 'the-code', state, ''), fc.string());
  const param = fc.tuple(fc.constantFrom('code', 'error', 'error_description', 'state', 'x'), value);

  it('a query without exactly our state once never yields a code, a cancel or an error', () => {
    fc.assert(
      fc.property(fc.array(param, { maxLength: 6 }), (pairs) => {
        const states = pairs.filter(([name]) => name === 'state').map(([, v]) => v);
        fc.pre(!(states.length === 1 && states[0] === state));
        const url = `${redirectUri}?${new URLSearchParams(pairs)}`;
        expect(parseRedirect(url, { redirectUri, state })).toEqual({ kind: 'foreign-state' });
      }),
    );
  });
});

describe('isNavigationAllowed', () => {
  const policy = { allowedOrigins: ['https://kauth.kakao.com', 'https://accounts.kakao.com'], redirectUri };

  it.each([
    'https://kauth.kakao.com/oauth/authorize?client_id=x',
    'https://accounts.kakao.com/login/?continue=https%3A%2F%2Fevil.com',
    'https://KAUTH.kakao.com/oauth/authorize',
    `${redirectUri}?${ok}`,
  ])('allows %s', (url) => {
    expect(isNavigationAllowed(url, policy)).toBe(true);
  });

  it.each([
    'https://evil.com/',
    'http://kauth.kakao.com/oauth/authorize', // downgrade
    'https://kauth.kakao.com:8443/',
    'https://kauth.kakao.com.evil.com/',
    'https://evil.kauth.kakao.com/',
    'https://kauth.kakao.com@evil.com/',
    'https://user@kauth.kakao.com/',
    'http://localhost:1234/callbackX',
    'http://localhost:1234/other',
    'data:text/html,<h1>hi</h1>',
    'javascript:alert(1)',
    'file:///etc/passwd',
    'about:blank',
    'chrome://settings',
    'not a url',
  ])('blocks %s', (url) => {
    expect(isNavigationAllowed(url, policy)).toBe(false);
  });
});
