import { describe, expect, it } from 'vitest';
import {
  authorizeUrl,
  bearer,
  exchangeCode,
  formsOf,
  getAsAdmin,
  getJson,
  kakaoAK,
  postForm,
  redirectQuery,
  signIn,
  TestBrowser,
  useEmulator,
} from './helpers';

const emulator = useEmulator();

const ADMIN = kakaoAK();

/** Signs 1001 in to the default app, agreeing to everything but `decline`; returns the browser and token. */
async function signedIn(decline: string[] = []) {
  const browser = new TestBrowser(emulator().url);
  const { code } = redirectQuery(await signIn(browser, {}, { decline }));
  const tokens = await exchangeCode(emulator().url, code!);
  return { browser, token: String(tokens.body.access_token) };
}

const scopes = (token: string, query = '') =>
  getJson(emulator().url, `/v2/user/scopes${query}`, bearer(token));
const revoke = (token: string, ids: string) =>
  postForm(emulator().url, '/v2/user/revoke/scopes', { scopes: ids }, bearer(token));
const q = (value: string) => `?scopes=${encodeURIComponent(value)}`;

describe('GET /v2/user/scopes', () => {
  it('lists the app’s items with agreed flags; revocable only on agreed items, false on required ones', async () => {
    const { token } = await signedIn(['age_range']);
    const { status, body } = await scopes(token);
    expect(status).toBe(200);
    expect(body.id).toBe(1001);
    const byId = Object.fromEntries((body.scopes as { id: string }[]).map((scope) => [scope.id, scope]));
    expect(Object.keys(byId).sort()).toEqual([
      'account_email',
      'age_range',
      'name',
      'openid',
      'profile_image',
      'profile_nickname',
    ]);
    expect(byId.profile_nickname).toEqual({
      id: 'profile_nickname',
      display_name: '닉네임',
      type: 'PRIVACY',
      using: true,
      agreed: true,
      revocable: false,
    });
    expect(byId.profile_image).toMatchObject({ agreed: true, revocable: true });
    expect(byId.age_range).toEqual({
      id: 'age_range',
      display_name: '연령대',
      type: 'PRIVACY',
      using: true,
      agreed: false,
    });
    expect(byId.openid).toMatchObject({ type: 'PERMISSION', agreed: true, revocable: false });
  });

  it('scopes=["…"] narrows the list', async () => {
    const { token } = await signedIn();
    const { body } = await scopes(token, q('["account_email","name"]'));
    expect((body.scopes as { id: string }[]).map((scope) => scope.id)).toEqual(['account_email', 'name']);
  });

  it.each([
    ['not JSON', 'account_email'],
    ['an object', '{"id":"name"}'],
    ['numbers', '[1,2]'],
    ['an id the app does not use', '["talk_message"]'],
  ])('scopes that is %s → -2', async (_name, value) => {
    const { token } = await signedIn();
    expect(await scopes(token, q(value))).toMatchObject({ status: 400, body: { code: -2 } });
  });

  it('the admin key with target_id reads a user; a wrong target_id → -101, a bad one → -2', async () => {
    await signedIn();
    const ok = await getAsAdmin(emulator().url, '/v2/user/scopes', 1001);
    expect(ok).toMatchObject({ status: 200, body: { id: 1001 } });
    const stranger = await getAsAdmin(emulator().url, '/v2/user/scopes', 1002);
    expect(stranger).toMatchObject({ status: 400, body: { code: -101 } });
    const bad = await getAsAdmin(emulator().url, '/v2/user/scopes', 'abc');
    expect(bad).toMatchObject({ status: 400, body: { code: -2 } });
    const wrongKey = await getAsAdmin(emulator().url, '/v2/user/scopes', 1001, 'not-the-key');
    expect(wrongKey).toMatchObject({ status: 401, body: { code: -401 } });
  });
});

describe('POST /v2/user/revoke/scopes', () => {
  it('revokes an optional item: the answer, scopes, user/me and its needs_agreement flag all show it', async () => {
    const { token } = await signedIn();
    const before = await getJson(emulator().url, '/v2/user/me', bearer(token));
    expect((before.body.kakao_account as { profile: object }).profile).toHaveProperty('profile_image_url');

    const revoked = await revoke(token, '["profile_image","age_range"]');
    expect(revoked.status).toBe(200);
    const listed = revoked.body.scopes as { id: string; agreed: boolean; revocable?: boolean }[];
    expect(listed.find((scope) => scope.id === 'profile_image')).toMatchObject({ agreed: false });
    expect(listed.find((scope) => scope.id === 'profile_image')).not.toHaveProperty('revocable');
    expect(listed.find((scope) => scope.id === 'age_range')).toMatchObject({ agreed: false });

    const after = await getJson(emulator().url, '/v2/user/me', bearer(token));
    const account = after.body.kakao_account as Record<string, unknown>;
    expect(account).toMatchObject({ profile_image_needs_agreement: true, age_range_needs_agreement: true });
    expect(account.age_range).toBeUndefined();
    expect((account.profile as object) ?? {}).not.toHaveProperty('profile_image_url');
    expect(after.body.properties).not.toHaveProperty('profile_image');
  });

  it('a revoked item is not asked on a plain login, but is on additional consent', async () => {
    const { browser, token } = await signedIn();
    await revoke(token, '["account_email"]');
    const plain = await browser.get(authorizeUrl());
    expect(plain.status).toBe(302);
    expect(redirectQuery(plain).code).toEqual(expect.any(String));
    const again = await browser.get(authorizeUrl({ scope: 'account_email' }));
    expect(again.status).toBe(200);
    expect((await formsOf(again))[0]!.offeredScopes).toEqual(['account_email']);
  });

  it.each([
    ['a required item', '["profile_nickname"]'],
    ['openid', '["openid"]'],
    ['required among optional ones', '["profile_image","profile_nickname"]'],
    ['an unknown id', '["talk_message"]'],
    ['not JSON', 'profile_image'],
    ['an empty list', '[]'],
    ['nothing', ''],
  ])('revoking %s is refused (-2) and changes nothing', async (_name, value) => {
    const { token } = await signedIn();
    const before = await scopes(token);
    expect(await revoke(token, value)).toMatchObject({ status: 400, body: { code: -2 } });
    expect((await scopes(token)).body).toEqual(before.body);
  });

  it('needs a user token: the admin key is not accepted (-401)', async () => {
    await signedIn();
    const answer = await postForm(
      emulator().url,
      '/v2/user/revoke/scopes',
      { scopes: '["profile_image"]', target_id_type: 'user_id', target_id: '1001' },
      ADMIN,
    );
    expect(answer).toMatchObject({ status: 401, body: { code: -401 } });
  });
});

describe('-402 with required_scopes', () => {
  it('userinfo without openid consent (a scope list that leaves openid out) → -402 naming openid', async () => {
    const browser = new TestBrowser(emulator().url);
    const { code } = redirectQuery(await signIn(browser, { scope: 'profile_nickname' }));
    const token = String((await exchangeCode(emulator().url, code!)).body.access_token);
    const answer = await getJson(emulator().url, '/v1/oidc/userinfo', bearer(token));
    expect(answer).toMatchObject({ status: 403, body: { code: -402, required_scopes: ['openid'] } });
  });
});
