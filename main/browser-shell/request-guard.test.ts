import { describe, expect, it } from 'vitest';
import { checkBridgeRequest, checkHost, keysMatch } from './request-guard';

const identity = { origin: 'http://127.0.0.1:9030', key: 'k'.repeat(43) };
const good = {
  method: 'POST',
  host: '127.0.0.1:9030',
  origin: 'http://127.0.0.1:9030',
  contentType: 'application/json',
  key: identity.key,
};

describe('browser shell request guard', () => {
  it('lets the shell page call', () => {
    expect(checkBridgeRequest(good, identity)).toEqual({ ok: true });
    expect(checkBridgeRequest({ ...good, contentType: 'application/json; charset=utf-8' }, identity).ok).toBe(
      true,
    );
  });

  it('lets a same-origin GET without Origin open the event stream (EventSource sends none)', () => {
    expect(checkBridgeRequest({ ...good, method: 'GET', origin: undefined }, identity).ok).toBe(true);
  });

  it.each([
    ['a rebinding name', { host: 'evil.example:9030' }, 421, 'foreign_host'],
    ['localhost (another origin than the page has)', { host: 'localhost:9030' }, 421, 'foreign_host'],
    ['another port', { host: '127.0.0.1:9031' }, 421, 'foreign_host'],
    ['no Host', { host: undefined }, 421, 'foreign_host'],
    ['another site', { origin: 'https://evil.example' }, 403, 'foreign_origin'],
    ['another loopback page', { origin: 'http://127.0.0.1:8080' }, 403, 'foreign_origin'],
    ['an opaque origin (sandboxed frame, file://)', { origin: 'null' }, 403, 'foreign_origin'],
    ['a POST without Origin', { origin: undefined }, 403, 'missing_origin'],
    ['a form post', { contentType: 'application/x-www-form-urlencoded' }, 415, 'unsupported_media_type'],
    [
      'text/plain (a "simple" cross-site request)',
      { contentType: 'text/plain' },
      415,
      'unsupported_media_type',
    ],
    ['no key', { key: undefined }, 401, 'bad_key'],
    ['a wrong key', { key: 'x'.repeat(43) }, 401, 'bad_key'],
    ['a key prefix', { key: identity.key.slice(0, 20) }, 401, 'bad_key'],
  ])('refuses %s', (_name, change, status, code) => {
    expect(checkBridgeRequest({ ...good, ...change }, identity)).toMatchObject({ ok: false, status, code });
  });

  it('checks Host before anything else (a rebinding page learns nothing about the key)', () => {
    expect(checkBridgeRequest({ ...good, host: 'evil.example', key: 'wrong' }, identity)).toMatchObject({
      code: 'foreign_host',
    });
  });

  it('serves files only under its own Host', () => {
    expect(checkHost('127.0.0.1:9030', identity).ok).toBe(true);
    expect(checkHost('attacker.example:9030', identity).ok).toBe(false);
  });

  it('compares keys whole', () => {
    expect(keysMatch(identity.key, identity.key)).toBe(true);
    expect(keysMatch(`${identity.key}x`, identity.key)).toBe(false);
    expect(keysMatch(null, identity.key)).toBe(false);
  });
});
