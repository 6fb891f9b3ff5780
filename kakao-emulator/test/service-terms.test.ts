import { describe, expect, it } from 'vitest';
import {
  APP,
  authorizeUrl,
  bearer,
  control,
  exchangeAsApp,
  formsOf,
  getAsAdmin,
  getJson,
  parseForms,
  postForm,
  redirectQuery,
  registerApp,
  signIn,
  TestBrowser,
  useEmulator,
} from './helpers';

const emulator = useEmulator();

const SYNC_APP = {
  clientId: 'sync-app',
  appId: 9,
  adminKey: 'sync-admin',
  redirectUris: [APP.redirectUri],
  allowedScopes: ['profile_nickname', 'openid'],
  serviceTerms: [
    { tag: 'terms_service', required: true },
    { tag: 'terms_marketing', required: false },
  ],
};

async function signInToSync(browser: TestBrowser, decline: string[] = [], extra = {}) {
  await registerApp(emulator().url, SYNC_APP);
  const { code } = redirectQuery(
    await signIn(browser, { client_id: SYNC_APP.clientId, ...extra }, { decline }),
  );
  const tokens = await exchangeAsApp(emulator().url, SYNC_APP.clientId, code!);
  return String(tokens.body.access_token);
}

const terms = (token: string, query = '') =>
  getJson(emulator().url, `/v2/user/service_terms${query}`, bearer(token));
const revokeTerms = (token: string, tags: string) =>
  postForm(emulator().url, '/v2/user/revoke/service_terms', { tags }, bearer(token));

describe('service terms on the consent page', () => {
  it('the first sign-up shows every term, the required one locked; synched_at is set', async () => {
    await registerApp(emulator().url, SYNC_APP);
    const browser = new TestBrowser(emulator().url);
    const login = await browser.get(authorizeUrl({ client_id: SYNC_APP.clientId }));
    const consent = await browser.submit((await formsOf(login))[0]!, { name: 'account_id', value: '1001' });
    const html = await consent.text();
    expect(html).toContain('data-testid="consent-terms"');
    expect(html).toMatch(/name="term" value="terms_service" checked disabled/);
    expect(html).toMatch(/name="term" value="terms_marketing" checked>/);
    const form = parseForms(html)[0]!;
    // Untick marketing; the required term is agreed even though a browser never sends the disabled box.
    const done = await browser.submit(
      { ...form, fields: form.fields.filter(([name]) => name !== 'term') },
      { name: 'action', value: 'agree' },
    );
    const tokens = await exchangeAsApp(emulator().url, SYNC_APP.clientId, redirectQuery(done).code!);
    const token = String(tokens.body.access_token);
    const { body } = await terms(token);
    expect(body).toMatchObject({ id: 1001 });
    expect(body.service_terms).toEqual([
      {
        tag: 'terms_service',
        required: true,
        agreed: true,
        revocable: false,
        agreed_at: expect.stringMatching(/Z$/),
      },
    ]);
    const me = await getJson(emulator().url, '/v2/user/me', bearer(token));
    expect(me.body.synched_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('a later login asks nothing; service_terms=<tag> asks for that term only', async () => {
    const browser = new TestBrowser(emulator().url);
    await signInToSync(browser, ['terms_marketing']);
    const plain = await browser.get(authorizeUrl({ client_id: SYNC_APP.clientId }));
    expect(plain.status).toBe(302);
    const asked = await browser.get(
      authorizeUrl({ client_id: SYNC_APP.clientId, service_terms: 'terms_marketing' }),
    );
    const html = await asked.text();
    expect(html).toContain('value="terms_marketing"');
    expect(html).not.toContain('value="terms_service"');
    expect(html).not.toContain('data-testid="consent-scopes"');
  });

  it('a service_terms tag the app does not have → error page, no redirect', async () => {
    await registerApp(emulator().url, SYNC_APP);
    const response = await new TestBrowser(emulator().url).get(
      authorizeUrl({ client_id: SYNC_APP.clientId, service_terms: 'terms_nope' }),
    );
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('terms_nope');
  });

  it('apps without terms have no terms step and no synched_at', async () => {
    const browser = new TestBrowser(emulator().url);
    const { code } = redirectQuery(await signIn(browser));
    expect(code).toEqual(expect.any(String));
    const token = await postForm(emulator().url, '/oauth/token', {
      grant_type: 'authorization_code',
      client_id: APP.clientId,
      client_secret: APP.clientSecret,
      code: code!,
    });
    const me = await getJson(emulator().url, '/v2/user/me', bearer(token.body.access_token));
    expect(me.body.synched_at).toBeUndefined();
  });
});

describe('configuring terms', () => {
  it.each([
    ['a tag with a space', [{ tag: 'bad tag', required: true }]],
    ['no required flag', [{ tag: 'terms_x' }]],
    ['not a list', 'terms_x'],
  ])('an app with %s is refused by the control API', async (_name, serviceTerms) => {
    const answer = await control(emulator().url, 'POST', 'apps', { ...SYNC_APP, serviceTerms });
    expect(answer.status).toBe(400);
    expect((await control(emulator().url, 'GET', 'apps')).body.apps).not.toContainEqual(
      expect.objectContaining({ clientId: SYNC_APP.clientId }),
    );
  });
});

describe('GET /v2/user/service_terms', () => {
  it('result=app_service_terms lists every term with agreed flags; tags narrows', async () => {
    const token = await signInToSync(new TestBrowser(emulator().url), ['terms_marketing']);
    const all = await terms(token, '?result=app_service_terms');
    expect(all.body.service_terms).toEqual([
      expect.objectContaining({ tag: 'terms_service', agreed: true }),
      { tag: 'terms_marketing', required: false, agreed: false, revocable: true },
    ]);
    const one = await terms(token, '?result=app_service_terms&tags=terms_marketing');
    expect((one.body.service_terms as { tag: string }[]).map((term) => term.tag)).toEqual([
      'terms_marketing',
    ]);
  });

  it.each([
    ['an unknown result', '?result=everything'],
    ['an unknown tag', '?tags=terms_nope'],
  ])('%s → -2', async (_name, query) => {
    const token = await signInToSync(new TestBrowser(emulator().url));
    expect(await terms(token, query)).toMatchObject({ status: 400, body: { code: -2 } });
  });

  it('the admin key with target_id reads them; a wrong target_id → -101', async () => {
    await signInToSync(new TestBrowser(emulator().url));
    const ok = await getAsAdmin(emulator().url, '/v2/user/service_terms', 1001, SYNC_APP.adminKey);
    expect(ok).toMatchObject({ status: 200, body: { id: 1001 } });
    const wrong = await getAsAdmin(emulator().url, '/v2/user/service_terms', 1004, SYNC_APP.adminKey);
    expect(wrong).toMatchObject({ status: 400, body: { code: -101 } });
  });
});

describe('POST /v2/user/revoke/service_terms', () => {
  it('revokes an optional term', async () => {
    const token = await signInToSync(new TestBrowser(emulator().url));
    expect((await terms(token)).body.service_terms).toHaveLength(2);
    const revoked = await revokeTerms(token, 'terms_marketing');
    expect(revoked).toMatchObject({
      status: 200,
      body: { id: 1001, revoked_service_terms: [{ tag: 'terms_marketing', agreed: false }] },
    });
    expect((await terms(token)).body.service_terms).toEqual([
      expect.objectContaining({ tag: 'terms_service' }),
    ]);
  });

  it.each([
    ['a required term', 'terms_service'],
    ['a required among optional ones', 'terms_marketing,terms_service'],
    ['an unknown tag', 'terms_nope'],
    ['nothing', ''],
  ])('revoking %s is refused (-2) and changes nothing', async (_name, tags) => {
    const token = await signInToSync(new TestBrowser(emulator().url));
    expect(await revokeTerms(token, tags)).toMatchObject({ status: 400, body: { code: -2 } });
    expect((await terms(token)).body.service_terms).toHaveLength(2);
  });
});
