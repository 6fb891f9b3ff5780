import { describe, expect, it } from 'vitest';
import {
  bearer,
  codeFor,
  control,
  exchangeAsApp,
  getJson,
  kakaoAK,
  postForm,
  registerApp,
  signInToApp,
  tokensFor,
  useEmulator,
} from './helpers';

const emulator = useEmulator();

/** An app registered for the test (no secret), signed in as `accountId`; returns its access token. */
async function signInTo(
  app: { clientId: string; [setting: string]: unknown },
  accountId = 1001,
  scope?: string,
): Promise<string> {
  await registerApp(emulator().url, {
    appId: 7,
    allowedScopes: ['profile_nickname', 'profile_image', 'openid'],
    ...app,
  });
  const tokens = await signInToApp(emulator().url, app.clientId, { params: { scope }, accountId });
  if (tokens.status !== 200) throw new Error(JSON.stringify(tokens.body));
  return String(tokens.body.access_token);
}

const me = (token: string, query = '') => getJson(emulator().url, `/v2/user/me${query}`, bearer(token));
const post = (path: string, token: string, fields: Record<string, string> = {}) =>
  postForm(emulator().url, path, fields, bearer(token));

describe('auto-link off: POST /v1/user/signup', () => {
  const MANUAL = { clientId: 'manual-link', autoLink: false, userProperties: ['grade'] };

  it('user/me says has_signed_up false (no connected_at) until signup, then true', async () => {
    const token = await signInTo(MANUAL);
    const before = await me(token);
    expect(before.status).toBe(200);
    expect(before.body.has_signed_up).toBe(false);
    expect(before.body.connected_at).toBeUndefined();

    const signup = await post('/v1/user/signup', token, { properties: '{"grade":"gold"}' });
    expect(signup).toMatchObject({ status: 200, body: { id: 1001 } });

    const after = await me(token);
    expect(after.body).toMatchObject({ has_signed_up: true, properties: { grade: 'gold' } });
    expect(after.body.connected_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it('signing up a linked user → -102', async () => {
    const token = await signInTo(MANUAL);
    expect((await post('/v1/user/signup', token)).status).toBe(200);
    const again = await post('/v1/user/signup', token);
    expect(again).toMatchObject({ status: 400, body: { code: -102 } });
    // With auto-link on every user is linked at sign-in.
    const auto = await signInTo({ clientId: 'auto-link' });
    expect((await post('/v1/user/signup', auto)).body).toMatchObject({ code: -102 });
    expect((await me(auto)).body.has_signed_up).toBeUndefined();
  });

  it('before signup only the APIs Kakao allows answer; the others say -101', async () => {
    const token = await signInTo(MANUAL);
    expect((await getJson(emulator().url, '/v1/user/access_token_info', bearer(token))).status).toBe(200);
    for (const blocked of [
      getJson(emulator().url, '/v2/user/scopes', bearer(token)),
      getJson(emulator().url, '/v2/user/service_terms', bearer(token)),
      getJson(emulator().url, '/v1/oidc/userinfo', bearer(token)),
      post('/v1/user/update_profile', token, { properties: '{"grade":"x"}' }),
      post('/v2/user/revoke/scopes', token, { scopes: '["profile_image"]' }),
    ]) {
      expect(await blocked).toMatchObject({ status: 400, body: { code: -101 } });
    }
    expect((await post('/v1/user/unlink', token)).status).toBe(200);
  });

  it.each([
    ['not JSON', '{grade', -2],
    ['an array', '["grade"]', -2],
    ['a number value', '{"grade":1}', -2],
    ['an unregistered key', '{"level":"1"}', -201],
  ])('signup with properties that are %s → %d, still not linked', async (_name, properties, code) => {
    const token = await signInTo(MANUAL);
    expect((await post('/v1/user/signup', token, { properties })).body).toMatchObject({ code });
    expect((await me(token)).body.has_signed_up).toBe(false);
  });
});

describe('POST /v1/user/update_profile', () => {
  const APP_WITH_PROPS = { clientId: 'props-app', userProperties: ['grade', 'team'] };

  it('stores custom properties shown in user/me and selected by property_keys', async () => {
    const token = await signInTo(APP_WITH_PROPS);
    const update = await post('/v1/user/update_profile', token, {
      properties: '{"grade":"gold","team":"A"}',
    });
    expect(update).toMatchObject({ status: 200, body: { id: 1001 } });
    await post('/v1/user/update_profile', token, { properties: '{"team":"B"}' });

    const all = await me(token);
    expect(all.body.properties).toEqual(
      expect.objectContaining({ grade: 'gold', team: 'B', nickname: '김카카오' }),
    );
    const one = await me(token, `?property_keys=${encodeURIComponent('["properties.team"]')}`);
    expect(one.body.properties).toEqual({ team: 'B' });
    expect(one.body.kakao_account).toEqual({});
  });

  it.each([
    ['missing', undefined, -2],
    ['not JSON', 'grade=gold', -2],
    ['null', 'null', -2],
    ['too long a value', JSON.stringify({ grade: 'x'.repeat(256) }), -2],
    ['an unregistered key', '{"nickname":"Mallory"}', -201],
  ])('properties %s → %d, nothing stored', async (_name, properties, code) => {
    const token = await signInTo(APP_WITH_PROPS);
    const answer = await post(
      '/v1/user/update_profile',
      token,
      properties === undefined ? {} : { properties },
    );
    expect(answer).toMatchObject({ status: 400, body: { code } });
    expect((await me(token)).body.properties).toEqual({ nickname: '김카카오', ...imagesOf1001() });
  });

  it('a custom key in property_keys must be registered for the app → else -201', async () => {
    const token = await signInTo(APP_WITH_PROPS);
    const bad = await me(token, `?property_keys=${encodeURIComponent('["properties.level"]')}`);
    expect(bad).toMatchObject({ status: 400, body: { code: -201 } });
  });

  it('the admin key cannot update a profile (-401: user token only)', async () => {
    await signInTo(APP_WITH_PROPS);
    const answer = await postForm(
      emulator().url,
      '/v1/user/update_profile',
      { properties: '{"grade":"x"}', target_id_type: 'user_id', target_id: '1001' },
      kakaoAK(),
    );
    expect(answer.body).toMatchObject({ code: -401 });
  });
});

function imagesOf1001() {
  return {
    profile_image: 'http://k.kakaocdn.net/dn/emulator/kim/img_640x640.jpg',
    thumbnail_image: 'http://k.kakaocdn.net/dn/emulator/kim/img_110x110.jpg',
  };
}

describe('/v2/user/me: the fields real responses carry', () => {
  it('for_partner.uuid only where the app holds the permission; stable; selectable', async () => {
    const token = await signInTo({ clientId: 'partner', partnerUuid: true });
    const first = await me(token);
    const uuid = (first.body.for_partner as { uuid: string }).uuid;
    expect(uuid).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(((await me(token)).body.for_partner as { uuid: string }).uuid).toBe(uuid);
    const selected = await me(token, `?property_keys=${encodeURIComponent('["for_partner.uuid"]')}`);
    expect(selected.body).toMatchObject({ for_partner: { uuid }, kakao_account: {} });
    const other = await me(token, `?property_keys=${encodeURIComponent('["kakao_account.profile"]')}`);
    expect(other.body.for_partner).toBeUndefined();

    const plain = await tokensFor(emulator().url);
    expect((await me(String(plain.access_token))).body.for_partner).toBeUndefined();
  });

  it('ci and ci_authenticated_at with account_ci consent; only the flag without', async () => {
    await control(emulator().url, 'POST', 'accounts', {
      id: 1001,
      nickname: 'Kakao Default',
      email: 'kim@kakao.test',
      ci: 'CI-abc123==',
      ciAuthenticatedAt: '2024-01-02T03:04:05Z',
      isDefaultNickname: true,
    });
    const app = {
      clientId: 'ci-app',
      allowedScopes: ['profile_nickname', 'account_ci', 'openid'],
    };
    const agreed = await signInTo(app);
    expect((await me(agreed)).body.kakao_account).toMatchObject({
      ci_needs_agreement: false,
      ci: 'CI-abc123==',
      ci_authenticated_at: '2024-01-02T03:04:05Z',
      profile: { nickname: 'Kakao Default', is_default_nickname: true },
    });
    const ciOnly = await me(agreed, `?property_keys=${encodeURIComponent('["kakao_account.ci"]')}`);
    expect(Object.keys(ciOnly.body.kakao_account as object).sort()).toEqual([
      'ci',
      'ci_authenticated_at',
      'ci_needs_agreement',
    ]);

    await postForm(emulator().url, '/v1/user/unlink', {}, bearer(agreed));
    const code = await codeFor(emulator().url, { client_id: 'ci-app' }, { decline: ['account_ci'] });
    const declined = String((await exchangeAsApp(emulator().url, 'ci-app', code)).body.access_token);
    const account = (await me(declined)).body.kakao_account as Record<string, unknown>;
    expect(account.ci_needs_agreement).toBe(true);
    expect(account.ci).toBeUndefined();
  });

  it('secure_resource=true gives https image URLs, false or absent http (Kakao default false)', async () => {
    const token = String((await tokensFor(emulator().url)).access_token);
    const image = async (query: string) =>
      ((await me(token, query)).body.kakao_account as { profile: { profile_image_url: string } }).profile
        .profile_image_url;
    expect(await image('?secure_resource=true')).toMatch(/^https:/);
    expect(await image('?secure_resource=false')).toMatch(/^http:/);
    expect(await image('')).toMatch(/^http:/);
    expect((await me(token, '?secure_resource=yes')).body).toMatchObject({ code: -2 });
  });
});
