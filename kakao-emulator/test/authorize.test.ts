import { describe, expect, it } from 'vitest';
import {
  APP,
  authorizeUrl,
  control,
  formsOf,
  parseForms,
  pkcePair,
  redirectQuery,
  signIn,
  TestBrowser,
  useEmulator,
} from './helpers';

const emulator = useEmulator();

describe('GET /oauth/authorize: configuration errors are pages, never redirects', () => {
  const cases = [
    { name: 'unknown client_id', params: { client_id: 'nope' }, code: 'KOE101' },
    { name: 'missing client_id', params: { client_id: undefined }, code: 'KOE101' },
    { name: 'unregistered redirect_uri', params: { redirect_uri: 'http://evil.test/cb' }, code: 'KOE006' },
    {
      name: 'redirect_uri differing by port',
      params: { redirect_uri: 'http://localhost:9022/callback' },
      code: 'KOE006',
    },
    {
      name: 'redirect_uri with trailing slash',
      params: { redirect_uri: 'http://localhost:9021/callback/' },
      code: 'KOE006',
    },
    { name: 'missing redirect_uri', params: { redirect_uri: undefined }, code: 'KOE006' },
    { name: 'response_type=token', params: { response_type: 'token' }, code: 'KOE202' },
    { name: 'response_type=id_token', params: { response_type: 'id_token' }, code: 'KOE201' },
    { name: 'missing response_type', params: { response_type: undefined }, code: 'KOE201' },
    {
      name: 'scope not configured for the app',
      params: { scope: 'profile_nickname,phone_number' },
      code: 'KOE205',
    },
  ];
  it.each(cases)('$name → $code page', async ({ params, code }) => {
    const response = await new TestBrowser(emulator().url).get(authorizeUrl(params));
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toContain(code);
    expect(html).toContain('Kakao emulator');
  });

  it('account_email on an app without it configured → KOE205', async () => {
    await control(emulator().url, 'POST', 'apps', {
      clientId: 'plain-app',
      appId: 2,
      redirectUris: ['http://localhost:1/cb'],
    });
    const response = await new TestBrowser(emulator().url).get(
      authorizeUrl({ client_id: 'plain-app', redirect_uri: 'http://localhost:1/cb', scope: 'account_email' }),
    );
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('KOE205');
  });

  it('Kakao Login switched off → KOE004', async () => {
    await control(emulator().url, 'POST', 'apps', {
      clientId: 'off-app',
      appId: 3,
      redirectUris: ['http://localhost:1/cb'],
      loginEnabled: false,
    });
    const response = await new TestBrowser(emulator().url).get(
      authorizeUrl({ client_id: 'off-app', redirect_uri: 'http://localhost:1/cb' }),
    );
    expect(await response.text()).toContain('KOE004');
  });

  it('test app: a user outside teamMemberIds → KOE005 page after login; a member gets a code', async () => {
    await control(emulator().url, 'POST', 'apps', {
      clientId: 'team-app',
      appId: 10,
      redirectUris: ['http://localhost:1/cb'],
      teamMemberIds: [1002],
    });
    const params = { client_id: 'team-app', redirect_uri: 'http://localhost:1/cb' };
    const outsider = await signIn(new TestBrowser(emulator().url), params, { accountId: 1001 });
    expect(outsider.status).toBe(400);
    expect(await outsider.text()).toContain('KOE005');
    const member = await signIn(new TestBrowser(emulator().url), params, { accountId: 1002 });
    expect(redirectQuery(member).code).toBeTruthy();
  });

  it.each([
    { name: 'plain method', params: { code_challenge: 'a'.repeat(43), code_challenge_method: 'plain' } },
    { name: 'challenge without method', params: { code_challenge: 'a'.repeat(43) } },
    { name: 'too short challenge', params: { code_challenge: 'abc', code_challenge_method: 'S256' } },
  ])('PKCE $name → redirect with invalid_request and state', async ({ params }) => {
    const response = await new TestBrowser(emulator().url).get(authorizeUrl({ ...params, state: 's1' }));
    expect(response.status).toBe(302);
    expect(redirectQuery(response)).toMatchObject({ error: 'invalid_request', state: 's1' });
  });
});

describe('login → consent → code', () => {
  it('shows the login page with every test account and the emulator badge', async () => {
    const response = await new TestBrowser(emulator().url).get(authorizeUrl());
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('카카오계정으로 로그인');
    expect(html).toContain('Log in with Kakao Account');
    expect(html).toContain('data-testid="emulator-badge"');
    for (const id of [1001, 1002, 1003, 1004]) expect(html).toContain(`data-testid="account-${id}"`);
  });

  it('redirects with code + state, Content-Length 0, after login and consent', async () => {
    const browser = new TestBrowser(emulator().url);
    const login = await browser.get(authorizeUrl({ state: 'xyz', scope: 'profile_nickname profile_image' }));
    const [quick] = await formsOf(login);
    const consentPage = await browser.submit(quick!, { name: 'account_id', value: '1001' });
    expect(consentPage.status).toBe(200);
    const consentHtml = await consentPage.text();
    expect(consentHtml).toContain('닉네임');
    expect(consentHtml).toContain('프로필 사진');
    const consentForm = parseForms(consentHtml)[0]!;
    const done = await browser.submit(consentForm, { name: 'action', value: 'agree' });
    expect(done.status).toBe(302);
    expect(done.headers.get('content-length')).toBe('0');
    const location = done.headers.get('location')!;
    expect(location.startsWith(`${APP.redirectUri}?code=`)).toBe(true);
    expect(redirectQuery(done)).toEqual({ code: expect.any(String), state: 'xyz' });
  });

  it('omits state when none was sent', async () => {
    const done = await signIn(new TestBrowser(emulator().url));
    expect(Object.keys(redirectQuery(done))).toEqual(['code']);
  });

  it('cancel on the consent page → access_denied with %20-encoded description and state', async () => {
    const browser = new TestBrowser(emulator().url);
    const login = await browser.get(authorizeUrl({ state: 'st' }));
    const consent = await browser.submit((await formsOf(login))[0]!, { name: 'account_id', value: '1002' });
    const cancelled = await browser.submit((await formsOf(consent))[0]!, { name: 'action', value: 'cancel' });
    expect(cancelled.status).toBe(302);
    expect(cancelled.headers.get('location')).toBe(
      `${APP.redirectUri}?error=access_denied&error_description=User%20denied%20access&state=st`,
    );
  });

  it('email + password form: wrong password shows a message, right one continues', async () => {
    const browser = new TestBrowser(emulator().url);
    const login = await browser.get(authorizeUrl());
    const passwordForm = (await formsOf(login))[1]!;
    const wrong = await browser.submit(passwordForm, undefined, [
      ['email', 'alice@example.test'],
      ['password', 'nope'],
    ]);
    expect(wrong.status).toBe(200);
    const wrongHtml = await wrong.text();
    expect(wrongHtml).toContain('data-testid="login-error"');
    expect(wrongHtml).toContain('value="alice@example.test"');
    expect(browser.sessionCookie).toBeUndefined();
    const right = await browser.submit(passwordForm, undefined, [
      ['email', 'ALICE@example.test'],
      ['password', 'password'],
    ]);
    expect(right.status).toBe(200);
    expect(await right.text()).toContain('Alice Kim');
    expect(browser.sessionCookie).toBeDefined();
  });

  it('login_hint pre-fills the email field (escaped)', async () => {
    const response = await new TestBrowser(emulator().url).get(authorizeUrl({ login_hint: 'a"b<c>@x.test' }));
    const html = await response.text();
    expect(html).toContain('value="a&quot;b&lt;c&gt;@x.test"');
    expect(html).not.toContain('a"b<c>');
  });

  it('escapes app names on pages', async () => {
    await control(emulator().url, 'POST', 'apps', {
      clientId: 'xss-app',
      appId: 9,
      name: '<script>alert(1)</script>',
      redirectUris: ['http://localhost:1/cb'],
    });
    const html = await (
      await new TestBrowser(emulator().url).get(
        authorizeUrl({ client_id: 'xss-app', redirect_uri: 'http://localhost:1/cb' }),
      )
    ).text();
    expect(html).not.toContain('<script>alert(1)</script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('a forged or expired flow id is refused with a page', async () => {
    const browser = new TestBrowser(emulator().url);
    const forged = await browser.post('/oauth/authorize/login', [
      ['flow', 'forged'],
      ['account_id', '1001'],
    ]);
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain('KOE001');
    expect(browser.sessionCookie).toBeUndefined();

    const login = await browser.get(authorizeUrl());
    const form = (await formsOf(login))[0]!;
    await control(emulator().url, 'POST', 'clock', { advanceSeconds: 3600 });
    const late = await browser.submit(form, { name: 'account_id', value: '1001' });
    expect(late.status).toBe(400);
  });

  it.each([
    ['comma', 'profile_nickname,profile_image'],
    ['space', 'profile_nickname profile_image'],
    ['comma+space', 'profile_nickname, profile_image'],
  ])('accepts %s-separated scopes', async (_name, scope) => {
    const browser = new TestBrowser(emulator().url);
    const login = await browser.get(authorizeUrl({ scope }));
    const consent = await browser.submit((await formsOf(login))[0]!, { name: 'account_id', value: '1001' });
    const scopes = (await formsOf(consent))[0]!.offeredScopes;
    // A `scope` list is taken as given: no openid added (so no id_token; see token.test.ts).
    expect(scopes.sort()).toEqual(['profile_image', 'profile_nickname']);
  });

  it('empty scope (allauth, next-auth) asks for every configured item', async () => {
    const browser = new TestBrowser(emulator().url);
    const login = await browser.get(`${authorizeUrl()}&scope=`);
    const consent = await browser.submit((await formsOf(login))[0]!, { name: 'account_id', value: '1001' });
    const scopes = (await formsOf(consent))[0]!.offeredScopes;
    expect(scopes.sort()).toEqual([
      'account_email',
      'age_range',
      'name',
      'openid',
      'profile_image',
      'profile_nickname',
    ]);
  });

  it('ignores unknown and SDK-only parameters', async () => {
    const response = await new TestBrowser(emulator().url).get(
      authorizeUrl({
        ka: 'sdk/1.0',
        agt: 'x',
        is_popup: 'false',
        state_token: 'y',
        approval_type: 'z',
        auth_type: 'reauthenticate',
      }),
    );
    expect(response.status).toBe(200);
  });
});

describe('Kakao session, remembered consent and prompt', () => {
  async function linkedBrowser(scope?: string) {
    const browser = new TestBrowser(emulator().url);
    const first = await signIn(browser, scope ? { scope } : {});
    expect(first.status).toBe(302);
    return browser;
  }

  it('sets an HttpOnly session cookie that cannot collide with client cookies', async () => {
    const browser = new TestBrowser(emulator().url);
    const login = await browser.get(authorizeUrl());
    const response = await browser.submit((await formsOf(login))[0]!, { name: 'account_id', value: '1001' });
    const cookie = response.headers
      .getSetCookie()
      .find((line) => line.startsWith('__kakao_emulator_session='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/Max-Age=86400/);
    expect(cookie).toMatch(/SameSite=Lax/i);
  });

  it('signed in and consented: the code comes back at once', async () => {
    const browser = await linkedBrowser();
    const again = await browser.get(authorizeUrl({ state: 'again' }));
    expect(again.status).toBe(302);
    expect(redirectQuery(again)).toMatchObject({ code: expect.any(String), state: 'again' });
  });

  it('signed in but a new scope asked: only the new item is on the consent page', async () => {
    const browser = await linkedBrowser('profile_nickname');
    const more = await browser.get(authorizeUrl({ scope: 'account_email' }));
    expect(more.status).toBe(200);
    const scopes = (await formsOf(more))[0]!.offeredScopes;
    expect(scopes).toEqual(['account_email']);
  });

  it('declined optional items are not asked again on a plain login, but are on an explicit request', async () => {
    const browser = new TestBrowser(emulator().url);
    await signIn(browser, {}, { decline: ['account_email'] });
    expect((await browser.get(authorizeUrl())).status).toBe(302);
    expect((await browser.get(authorizeUrl({ scope: 'account_email' }))).status).toBe(200);
  });

  it('prompt=login shows the login page despite a session', async () => {
    const browser = await linkedBrowser();
    const response = await browser.get(authorizeUrl({ prompt: 'login' }));
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('password-login');
  });

  it('prompt=select_account shows a chooser: the signed-in account or another one', async () => {
    const browser = await linkedBrowser();
    const chooser = await browser.get(authorizeUrl({ prompt: 'select_account' }));
    expect(chooser.status).toBe(200);
    const form = (await formsOf(chooser))[0]!;
    expect(form.buttons.map((button) => button.value)).toEqual(['1001', 'other']);
    const picked = await browser.submit(form, { name: 'account_id', value: '1001' });
    expect(picked.status).toBe(302);

    const chooser2 = await browser.get(authorizeUrl({ prompt: 'select_account' }));
    const other = await browser.submit((await formsOf(chooser2))[0]!, { name: 'account_id', value: 'other' });
    expect(await other.text()).toContain('password-login');
  });

  it('prompt lists may be comma or space separated (Flutter SDK sends a trailing space)', async () => {
    const browser = await linkedBrowser();
    for (const prompt of ['login,select_account', 'login ', ' select_account login ']) {
      const response = await browser.get(authorizeUrl({ prompt }));
      expect(await response.text()).toContain('password-login');
    }
  });

  it('the session expires after lifetimes.session', async () => {
    const browser = await linkedBrowser();
    await control(emulator().url, 'POST', 'clock', { advanceSeconds: 86400 });
    const response = await browser.get(authorizeUrl());
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('password-login');
  });

  describe('prompt=none', () => {
    it('without a session → login_required', async () => {
      const response = await new TestBrowser(emulator().url).get(
        authorizeUrl({ prompt: 'none', state: 'n' }),
      );
      expect(response.status).toBe(302);
      expect(redirectQuery(response)).toMatchObject({ error: 'login_required', state: 'n' });
    });

    it('without a session → the configured error', async () => {
      await control(emulator().url, 'POST', 'apps', {
        clientId: 'ir-app',
        appId: 4,
        redirectUris: ['http://localhost:1/cb'],
        promptNoneWithoutSession: 'interaction_required',
      });
      const response = await new TestBrowser(emulator().url).get(
        authorizeUrl({ client_id: 'ir-app', redirect_uri: 'http://localhost:1/cb', prompt: 'none' }),
      );
      expect(redirectQuery(response).error).toBe('interaction_required');
    });

    it('with a session but no consent → consent_required', async () => {
      const browser = new TestBrowser(emulator().url);
      const login = await browser.get(authorizeUrl());
      await browser.submit((await formsOf(login))[0]!, { name: 'account_id', value: '1001' });
      const response = await browser.get(authorizeUrl({ prompt: 'none', state: 'c' }));
      expect(response.headers.get('location')).toBe(
        `${APP.redirectUri}?error=consent_required&error_description=user%20consent%20required.&state=c`,
      );
    });

    it('with a session and consent → code, no UI', async () => {
      const browser = await linkedBrowser();
      const response = await browser.get(
        authorizeUrl({
          prompt: 'none',
          ...{ code_challenge: pkcePair().challenge, code_challenge_method: 'S256' },
        }),
      );
      expect(response.status).toBe(302);
      expect(redirectQuery(response).code).toBeTruthy();
    });
  });

  it('GET /oauth/logout ends the session, then a login page is shown again', async () => {
    const browser = await linkedBrowser();
    const logout = await browser.get(
      `/oauth/logout?client_id=${APP.clientId}&logout_redirect_uri=${encodeURIComponent('http://localhost:9021/logout')}&state=bye`,
    );
    expect(logout.status).toBe(302);
    expect(logout.headers.get('location')).toBe('http://localhost:9021/logout?state=bye');
    expect(browser.sessionCookie).toBeUndefined();
    expect((await browser.get(authorizeUrl())).status).toBe(200);
  });

  it.each([
    [
      'unknown client',
      '/oauth/logout?client_id=nope&logout_redirect_uri=http%3A%2F%2Flocalhost%3A9021%2Flogout',
      'KOE101',
    ],
    [
      'unregistered logout_redirect_uri',
      `/oauth/logout?client_id=${APP.clientId}&logout_redirect_uri=http%3A%2F%2Fevil.test%2F`,
      'KOE007',
    ],
    ['missing logout_redirect_uri', `/oauth/logout?client_id=${APP.clientId}`, 'KOE007'],
  ])('GET /oauth/logout with %s → %s page', async (_name, path, code) => {
    const response = await new TestBrowser(emulator().url).get(path);
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain(code);
  });
});
