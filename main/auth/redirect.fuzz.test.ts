/**
 * Property-based fuzzing of the redirect parser (fast-check). Each property runs FUZZ_RUNS inputs (default 10,000;
 * a different seed every run, FUZZ_SEED replays one). The table of known attack URLs is in redirect.test.ts; here
 * the inputs are generated: garbage strings, real URLs, and the valid redirect with one part mutated.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isNavigationAllowed, isRedirectUri, parseRedirect, type RedirectParseResult } from './redirect';

function fuzzRuns(): number {
  const runs = Number(process.env.FUZZ_RUNS ?? 10_000);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`FUZZ_RUNS must be a positive integer: ${runs}`);
  return runs;
}
const seed = process.env.FUZZ_SEED === undefined ? {} : { seed: Number(process.env.FUZZ_SEED) };
const params: fc.Parameters<unknown> = { numRuns: fuzzRuns(), ...seed };
const TIMEOUT_MS = 300_000;

/** String.prototype.toWellFormed (ES2024, not in our TypeScript lib): lone surrogates become U+FFFD. */
const wellFormed = (s: string): string =>
  s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');

const KINDS = new Set(['not-the-redirect', 'foreign-state', 'cancelled', 'kakao-error', 'code']);

// --- Arbitraries ---

/** Any string: full unicode (lone surrogates included), control characters, or raw bytes as latin-1. */
const anyString = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({
    unit: fc.constantFrom('\u0000', '\t', '\n', '\r', '\u001f', '\u007f', '%', '&', '=', '#', '?', '+'),
    maxLength: 10,
  }),
  // Text that canonicalisation changes: lone surrogates, U+FFFD, combining marks, full-width, case.
  fc.string({
    unit: fc.constantFrom('\uD800', '\uDFFF', '\uFFFD', 'e\u0301', '\u00E9', '\uFF41', 'a', 'A', '\u0130'),
    maxLength: 6,
  }),
  fc.string({ maxLength: 40 }),
);

const redirectUris = fc.oneof(
  fc.constantFrom(
    'http://localhost:9021/callback',
    'http://127.0.0.1:9021/callback',
    'http://[::1]:9021/callback',
    'https://app.example.com/oauth/kakao',
    'kakao-desktop://callback',
  ),
  fc.webUrl({ withQueryParameters: false, withFragments: false }),
);

const paramName = fc.oneof(
  fc.constantFrom('code', 'state', 'error', 'error_description', 'Code', 'STATE', 'code ', 'state[]'),
  anyString,
);
const paramPairs = fc.array(fc.tuple(paramName, anyString), { maxLength: 6 });

/** Query text: properly encoded pairs, or raw text with broken percent-escapes and separators. */
function queryText(pairs: [string, string][], raw: string, encoded: boolean): string {
  if (!encoded) return raw;
  const enc = (s: string) => encodeURIComponent(wellFormed(s));
  return pairs.map(([k, v]) => `${enc(k)}=${enc(v)}`).join('&');
}

/** A string close to `s`: what a canonicalising or sloppy component might turn it into. */
const nearby = (s: string) =>
  fc.constantFrom(
    wellFormed(s),
    s.normalize('NFC'),
    s.normalize('NFKD'),
    s.toUpperCase(),
    s.toLowerCase(),
    s.trim(),
    `${s} `,
    ` ${s}`,
    `${s}\u0000`,
    s.slice(0, -1),
    `${s}x`,
    s.replace(/./u, ''),
  );

/** The redirect URI with one part changed: scheme, userinfo, host, port, path, or extra text around it. */
function mutatedUrl(base: string) {
  const u = new URL(base);
  const rest = `${u.pathname}`;
  return fc.oneof(
    anyString.map((s) => `${u.protocol}//${u.host}${rest}${s}`),
    anyString.map((s) => `${u.protocol}//${s}${u.host}${rest}`),
    anyString.map((s) => `${u.protocol}//${u.host}${s}${rest}`),
    anyString.map((s) => `${s}${base}`),
    anyString.map((s) => `${u.protocol}//${u.host}/${s}`),
    fc.constantFrom(
      `${u.protocol}//user@${u.host}${rest}`,
      `${u.protocol}//${u.host}@evil.example${rest}`,
      `${u.protocol}//evil.example#@${u.host}${rest}`,
      `${u.protocol === 'http:' ? 'https:' : 'http:'}//${u.host}${rest}`,
      `${u.protocol}//${u.hostname}:1${rest}`,
      `${u.protocol}//${u.host}${rest}/`,
      `${u.protocol}//${u.host}${rest.toUpperCase()}`,
      `${u.protocol}//${u.host}/.${rest}`,
      `${u.protocol}//${u.host}${rest}%2F`,
      `${u.protocol}\\\\${u.host}${rest}`,
      `${u.protocol}//${u.host}.${rest}`,
    ),
  );
}

/** Valid redirect with arbitrary code/state/error params, then possibly mutated around the query. */
const redirectCase = fc
  .record({
    redirectUri: redirectUris,
    expectedState: fc.oneof(fc.base64String({ minLength: 4, maxLength: 44 }), anyString),
    pairs: paramPairs,
    raw: anyString,
    encoded: fc.boolean(),
    fragment: fc.option(anyString, { nil: undefined }),
  })
  .chain((c) =>
    fc.record({
      c: fc.constant(c),
      url: fc.oneof(
        fc.constant(`${c.redirectUri}?${queryText(c.pairs, c.raw, c.encoded)}`),
        mutatedUrl(c.redirectUri).map((m) => `${m}?${queryText(c.pairs, c.raw, c.encoded)}`),
        anyString,
        fc.webUrl({ withQueryParameters: true, withFragments: true }),
      ),
    }),
  )
  .map(({ c, url }) => ({
    url: c.fragment === undefined ? url : `${url}#${c.fragment}`,
    redirectUri: c.redirectUri,
    state: c.expectedState,
  }));

// --- The specification the parser must meet, written from the URL standard, not from the parser ---

function expectSpec(
  url: string,
  expected: { redirectUri: string; state: string },
  result: RedirectParseResult,
) {
  expect(KINDS.has(result.kind)).toBe(true);
  if (result.kind === 'not-the-redirect') return;
  // Anything else means: exactly the redirect URI (scheme, host, port, path), no userinfo.
  const got = new URL(url);
  const want = new URL(expected.redirectUri);
  expect(got.protocol).toBe(want.protocol);
  expect(got.host).toBe(want.host);
  expect(got.pathname).toBe(want.pathname);
  expect(got.username + got.password).toBe('');
  const q = got.searchParams;
  // Only our state (exactly one, equal code unit for code unit) lets anything count, an error included.
  if (result.kind === 'foreign-state') expect(q.getAll('state')).not.toEqual([expected.state]);
  else expect(q.getAll('state')).toEqual([expected.state]);
  if (result.kind === 'cancelled') {
    expect(q.getAll('error')).toEqual(['access_denied']);
  }
  if (result.kind === 'code') {
    expect(q.has('error')).toBe(false);
    // Exactly one non-empty code.
    expect(q.getAll('code')).toEqual([result.code]);
    expect(result.code).not.toBe('');
  }
}

describe('parseRedirect under fuzzing', () => {
  it(
    'never throws, and answers only what the URL really says',
    () => {
      fc.assert(
        fc.property(redirectCase, ({ url, redirectUri, state }) => {
          const result = parseRedirect(url, { redirectUri, state });
          expectSpec(url, { redirectUri, state }, result);
        }),
        params,
      );
    },
    TIMEOUT_MS,
  );

  it(
    'arbitrary strings for every argument never throw',
    () => {
      fc.assert(
        fc.property(anyString, anyString, anyString, (url, redirectUri, state) => {
          const result = parseRedirect(url, { redirectUri, state });
          expectSpec(url, { redirectUri, state }, result);
          expect(typeof isRedirectUri(url, redirectUri)).toBe('boolean');
          expect(typeof isNavigationAllowed(url, { allowedOrigins: [state], redirectUri })).toBe('boolean');
        }),
        params,
      );
    },
    TIMEOUT_MS,
  );

  it(
    'the exact redirect with our state and one code yields that code, whatever else rides along',
    () => {
      const otherName = anyString.filter((n) => !['code', 'state', 'error'].includes(n));
      fc.assert(
        fc.property(
          redirectUris,
          fc.oneof(
            fc.base64String({ minLength: 1, maxLength: 44 }),
            anyString.filter((s) => s !== ''),
          ),
          anyString.filter((s) => s !== ''),
          fc.array(fc.tuple(otherName, anyString), { maxLength: 4 }),
          fc.option(anyString, { nil: undefined }),
          (redirectUri, state, code, extra, fragment) => {
            // URLSearchParams decodes to well-formed text: a state we issue is base64url, so always well-formed.
            fc.pre(state === wellFormed(state) && code === wellFormed(code));
            const query = new URLSearchParams([...extra, ['state', state], ['code', code]]).toString();
            const url = `${redirectUri}?${query}${fragment === undefined ? '' : `#${encodeURI(wellFormed(fragment))}`}`;
            expect(parseRedirect(url, { redirectUri, state })).toEqual({ kind: 'code', code });
          },
        ),
        params,
      );
    },
    TIMEOUT_MS,
  );

  it(
    'a state that differs from ours, however slightly, never yields a code',
    () => {
      const pair = fc
        .oneof(fc.base64String({ minLength: 4, maxLength: 44 }), anyString)
        .chain((state) => fc.tuple(fc.constant(state), fc.oneof(nearby(state), anyString)));
      fc.assert(
        fc.property(redirectUris, pair, anyString, (redirectUri, [state, presented], code) => {
          fc.pre(presented !== state);
          const query = new URLSearchParams([
            ['code', code || 'c'],
            ['state', presented],
          ]).toString();
          const result = parseRedirect(`${redirectUri}?${query}`, { redirectUri, state });
          expect(result.kind).not.toBe('code');
        }),
        // Always tried first: UTF-8 maps a lone surrogate to U+FFFD, so a byte compare once found these equal.
        { ...params, examples: [['http://localhost:9021/callback', ['\uD800', '\uFFFD'], 'c']] },
      );
    },
    TIMEOUT_MS,
  );

  it(
    'a mutated origin or path never yields a code, even with our state',
    () => {
      fc.assert(
        fc.property(
          redirectUris.chain((r) => fc.tuple(fc.constant(r), mutatedUrl(r))),
          fc.base64String({ minLength: 4, maxLength: 44 }),
          ([redirectUri, mutated], state) => {
            const url = `${mutated}?code=c&state=${encodeURIComponent(state)}`;
            const result = parseRedirect(url, { redirectUri, state });
            expectSpec(url, { redirectUri, state }, result);
          },
        ),
        params,
      );
    },
    TIMEOUT_MS,
  );

  it(
    'isNavigationAllowed allows only the redirect URI and the exact allowed origins, never userinfo',
    () => {
      const origins = ['https://kauth.kakao.com', 'https://accounts.kakao.com'];
      fc.assert(
        fc.property(
          fc.oneof(
            anyString,
            fc.webUrl({ withQueryParameters: true, withFragments: true }),
            fc.constantFrom(...origins).chain((o) => mutatedUrl(`${o}/login`)),
          ),
          redirectUris,
          (url, redirectUri) => {
            const allowed = isNavigationAllowed(url, { allowedOrigins: origins, redirectUri });
            if (!allowed) return;
            const u = new URL(url);
            expect(u.username + u.password).toBe('');
            const toRedirect = isRedirectUri(url, redirectUri);
            if (!toRedirect) expect(origins).toContain(u.origin);
          },
        ),
        params,
      );
    },
    TIMEOUT_MS,
  );
});
