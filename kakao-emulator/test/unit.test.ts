import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../src/config';
import { FaultList } from '../src/faults';
import { escapeHtml, html } from '../src/pages/html';
import { splitList, withQuery } from '../src/params';
import { idTokenProfileClaims, oidcUserInfo, parsePropertyKeys, rfc3339 } from '../src/profile';
import { Store } from '../src/store';

function storeAt(start = Date.UTC(2026, 0, 1)) {
  let now = start;
  const store = new Store(resolveConfig({}), () => now);
  return { store, tick: (ms: number) => (now += ms) };
}

describe('Store (injected clock)', () => {
  it('access tokens: ok → expired on the injected clock; revoked grants → missing', () => {
    const { store, tick } = storeAt();
    const grant = store.createGrant({ clientId: 'kakao-desktop-dev', userId: 1001, oidc: true, authTime: 0 });
    const { token } = store.issueAccessToken(grant.id);
    expect(store.findAccessToken(token).kind).toBe('ok');
    tick(21599 * 1000);
    expect(store.findAccessToken(token).kind).toBe('expired');
    store.revokeGrant(grant.id);
    expect(store.findAccessToken(token).kind).toBe('missing');
    expect(store.findAccessToken(undefined).kind).toBe('missing');
  });

  it('advance() moves the emulator clock on top of the injected one', () => {
    const { store } = storeAt(1_000_000);
    store.advance(5);
    expect(store.now()).toBe(1_005_000);
    store.reset();
    expect(store.now()).toBe(1_000_000);
  });

  it('missingConsent: declined items are skipped unless asked for explicitly', () => {
    const { store } = storeAt();
    store.addConsent('app', 1, ['profile_nickname'], ['account_email']);
    expect(store.missingConsent('app', 1, ['profile_nickname', 'account_email', 'name'], false)).toEqual([
      'name',
    ]);
    expect(store.missingConsent('app', 1, ['profile_nickname', 'account_email'], true)).toEqual([
      'account_email',
    ]);
    store.addConsent('app', 1, ['account_email']);
    expect(store.getConsent('app', 1)!.declined.size).toBe(0);
  });

  it('revokeUser only touches that user of that app; unlink also forgets consent', () => {
    const { store } = storeAt();
    const mine = store.createGrant({ clientId: 'a', userId: 1, oidc: false, authTime: 0 });
    const other = store.createGrant({ clientId: 'b', userId: 1, oidc: false, authTime: 0 });
    store.addConsent('a', 1, ['profile_nickname']);
    store.unlink('a', 1);
    expect(store.grants.get(mine.id)!.revoked).toBe(true);
    expect(store.grants.get(other.id)!.revoked).toBe(false);
    expect(store.getConsent('a', 1)).toBeUndefined();
  });

  it('sessions expire after lifetimes.session and vanish with their account', () => {
    const { store, tick } = storeAt();
    const session = store.createSession(1001);
    tick(86399 * 1000);
    expect(store.getSession(session.id)).toBeDefined();
    tick(1000);
    expect(store.getSession(session.id)).toBeUndefined();
    const again = store.createSession(1001);
    store.accounts.delete(1001);
    expect(store.getSession(again.id)).toBeUndefined();
  });

  it('drops expired entries once a map grows large', () => {
    const { store, tick } = storeAt();
    for (let i = 0; i < 5000; i++)
      store.issueCode({ clientId: 'a', redirectUri: 'x', userId: 1, scopes: [], authTime: 0 });
    tick(601 * 1000);
    store.issueCode({ clientId: 'a', redirectUri: 'x', userId: 1, scopes: [], authTime: 0 });
    expect(store.codes.size).toBe(1);
  });
});

describe('FaultList', () => {
  it('matches exact paths or *, in order, counting down times', () => {
    const faults = new FaultList();
    faults.add({ endpoint: '/a', kind: 'hang', times: 1 });
    faults.add({ endpoint: '*', kind: 'http_status', status: 500 });
    expect(faults.take('/a')?.kind).toBe('hang');
    expect(faults.take('/a')?.kind).toBe('http_status');
    expect(faults.take('/b')?.kind).toBe('http_status');
    faults.clear();
    expect(faults.take('/a')).toBeUndefined();
  });
});

describe('pure helpers', () => {
  it.each([
    ['a,b', ['a', 'b']],
    ['a b', ['a', 'b']],
    [' a, b  a ', ['a', 'b']],
    ['', []],
    [undefined, []],
  ])('splitList(%j)', (input, expected) => {
    expect(splitList(input)).toEqual(expected);
  });

  it('withQuery encodes spaces as %20 and appends to an existing query', () => {
    expect(
      withQuery('http://x/cb', {
        error: 'access_denied',
        error_description: 'User denied access',
        state: undefined,
      }),
    ).toBe('http://x/cb?error=access_denied&error_description=User%20denied%20access');
    expect(withQuery('http://x/cb?a=1', { state: 'é&' })).toBe('http://x/cb?a=1&state=%C3%A9%26');
  });

  it('html escapes every interpolation', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    expect(html`<p>${'<b>'}${['<i>', html`<u>`]}</p>`.value).toBe('<p>&lt;b&gt;&lt;i&gt;<u></p>');
  });

  it.each([
    [undefined, { ok: true, keys: undefined }],
    ['["kakao_account.email"]', { ok: true, keys: ['kakao_account.email'] }],
    ['["properties.nickname"]', { ok: true, keys: ['properties.nickname'] }],
    ['kakao_account.email', { ok: false, code: -2 }],
    ['[1]', { ok: false, code: -2 }],
    ['["x"]', { ok: false, code: -201 }],
  ])('parsePropertyKeys(%j)', (input, expected) => {
    expect(parsePropertyKeys(input)).toMatchObject(expected);
  });

  it('oidcUserInfo birthdate depends on which items were agreed', () => {
    const account = { id: 1, nickname: 'n', birthyear: '1990', birthday: '0214' };
    expect(oidcUserInfo(account, new Set(['birthyear', 'birthday'])).birthdate).toBe('1990-02-14');
    expect(oidcUserInfo(account, new Set(['birthday'])).birthdate).toBe('0000-02-14');
    expect(oidcUserInfo(account, new Set(['birthyear'])).birthdate).toBe('1990');
    expect(oidcUserInfo(account, new Set()).birthdate).toBeUndefined();
  });

  it.each([
    [{ isEmailValid: false }, false],
    [{ isEmailVerified: false }, false],
    [{}, true],
  ])('idTokenProfileClaims email with %j → %s', (flags, present) => {
    const claims = idTokenProfileClaims(
      { id: 1, nickname: 'n', email: 'e@x.test', ...flags },
      new Set(['account_email']),
    );
    expect('email' in claims).toBe(present);
  });

  it('rfc3339 drops milliseconds', () => {
    expect(rfc3339(Date.UTC(2022, 3, 11, 1, 45, 28, 123))).toBe('2022-04-11T01:45:28Z');
  });
});
