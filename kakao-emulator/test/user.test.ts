import { createServer, type IncomingMessage, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  APP,
  authorizeUrl,
  bearer,
  control,
  exchangeCode,
  formsOf,
  getAsAdmin,
  getJson,
  kakaoAK,
  postForm,
  redirectQuery,
  registerApp,
  signInToApp,
  TestBrowser,
  tokensFor,
  useEmulator,
} from './helpers';

const emulator = useEmulator();

const ADMIN = kakaoAK();

function refresh(token: unknown) {
  return postForm(emulator().url, '/oauth/token', {
    grant_type: 'refresh_token',
    client_id: APP.clientId,
    client_secret: APP.clientSecret,
    refresh_token: String(token),
  });
}

describe('/v2/user/me', () => {
  it('returns Kakao’s full shape for a fully consented user', async () => {
    const tokens = await tokensFor(emulator().url);
    const { status, body, headers } = await getJson(
      emulator().url,
      '/v2/user/me',
      bearer(tokens.access_token),
    );
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('application/json;charset=UTF-8');
    expect(body).toEqual({
      id: 1001,
      connected_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      properties: {
        nickname: '김카카오',
        profile_image: 'http://k.kakaocdn.net/dn/emulator/kim/img_640x640.jpg',
        thumbnail_image: 'http://k.kakaocdn.net/dn/emulator/kim/img_110x110.jpg',
      },
      kakao_account: {
        profile_nickname_needs_agreement: false,
        profile_image_needs_agreement: false,
        profile: {
          nickname: '김카카오',
          is_default_nickname: false,
          thumbnail_image_url: 'http://k.kakaocdn.net/dn/emulator/kim/img_110x110.jpg',
          profile_image_url: 'http://k.kakaocdn.net/dn/emulator/kim/img_640x640.jpg',
          is_default_image: false,
        },
        name_needs_agreement: false,
        name: '김카카오',
        email_needs_agreement: false,
        is_email_valid: true,
        is_email_verified: true,
        email: 'kim@kakao.test',
        age_range_needs_agreement: false,
        age_range: '30~39',
      },
    });
  });

  it.each([
    {
      name: 'nickname only',
      scope: 'profile_nickname',
      decline: [],
      flags: { profile_nickname: false, profile_image: true, email: true, name: true, age_range: true },
    },
    {
      name: 'email declined on the consent page',
      scope: '',
      decline: ['account_email'],
      flags: { profile_nickname: false, profile_image: false, email: true, name: false, age_range: false },
    },
    {
      name: 'everything but age_range and image',
      scope: '',
      decline: ['age_range', 'profile_image'],
      flags: { profile_nickname: false, profile_image: true, email: false, name: false, age_range: true },
    },
  ])('*_needs_agreement per consent: $name', async ({ scope, decline, flags }) => {
    const tokens = await tokensFor(emulator().url, scope ? { scope } : {}, { decline });
    const { body } = await getJson(emulator().url, '/v2/user/me', bearer(tokens.access_token));
    const account = body.kakao_account as Record<string, unknown>;
    for (const [item, needs] of Object.entries(flags)) {
      expect(account[`${item}_needs_agreement`], item).toBe(needs);
    }
    expect('email' in account).toBe(!flags.email);
    expect('age_range' in account).toBe(!flags.age_range);
    expect('profile_image_url' in ((account.profile as object) ?? {})).toBe(!flags.profile_image);
    expect(body.properties).toMatchObject({ nickname: '김카카오' });
  });

  it('the required nickname item cannot be declined, even by a forged form', async () => {
    const browser = new TestBrowser(emulator().url);
    const login = await browser.get(authorizeUrl({ scope: 'profile_nickname profile_image' }));
    const consent = await browser.submit((await formsOf(login))[0]!, { name: 'account_id', value: '1001' });
    const form = (await formsOf(consent))[0]!;
    // A browser never sends the disabled, ticked nickname box: only the image is ticked here, and we untick it too.
    const done = await browser.submit(
      { ...form, fields: form.fields.filter(([name]) => name !== 'scope') },
      { name: 'action', value: 'agree' },
    );
    const tokens = await exchangeCode(emulator().url, redirectQuery(done).code!);
    expect(String(tokens.body.scope).split(' ').sort()).toEqual(['profile_nickname']);
    const { body } = await getJson(emulator().url, '/v2/user/me', bearer(tokens.body.access_token));
    expect(body.kakao_account).toMatchObject({
      profile_nickname_needs_agreement: false,
      profile_image_needs_agreement: true,
    });
  });

  it('an account without email has no email fields; an unverified one says so', async () => {
    const noEmail = await tokensFor(emulator().url, {}, { accountId: 1003 });
    const first = (await getJson(emulator().url, '/v2/user/me', bearer(noEmail.access_token))).body
      .kakao_account as object;
    expect(first).not.toHaveProperty('email');
    expect(first).toMatchObject({ email_needs_agreement: false, profile: { is_default_image: true } });

    const unverified = await tokensFor(emulator().url, {}, { accountId: 1004 });
    const second = (await getJson(emulator().url, '/v2/user/me', bearer(unverified.access_token))).body
      .kakao_account;
    expect(second).toMatchObject({
      is_email_verified: false,
      is_email_valid: true,
      email: 'bob@example.test',
    });
  });

  it('fields of items the app has not configured are absent', async () => {
    await registerApp(emulator().url, { clientId: 'small', appId: 11 });
    const tokens = await signInToApp(emulator().url, 'small');
    const { body } = await getJson(emulator().url, '/v2/user/me', bearer(tokens.body.access_token));
    expect(Object.keys(body.kakao_account as object).sort()).toEqual([
      'profile',
      'profile_image_needs_agreement',
      'profile_nickname_needs_agreement',
    ]);
  });

  it('POST with property_keys selects fields; secure_resource=true gives https images', async () => {
    const tokens = await tokensFor(emulator().url);
    const response = await postForm(
      emulator().url,
      '/v2/user/me',
      { property_keys: '["kakao_account.email","kakao_account.profile"]', secure_resource: 'true' },
      bearer(tokens.access_token),
    );
    expect(response.status).toBe(200);
    const account = response.body.kakao_account as Record<string, unknown>;
    expect(account.email).toBe('kim@kakao.test');
    expect(account).not.toHaveProperty('age_range');
    expect(account).not.toHaveProperty('name');
    expect((account.profile as Record<string, string>).profile_image_url).toMatch(/^https:/);
    expect(response.body).not.toHaveProperty('properties');
  });

  it.each([
    ['not JSON', 'kakao_account.email', -2],
    ['not an array', '{"a":1}', -2],
    ['unknown key', '["kakao_account.shoe_size"]', -201],
  ])('bad property_keys (%s) → %d', async (_name, keys, code) => {
    const tokens = await tokensFor(emulator().url);
    const response = await getJson(
      emulator().url,
      `/v2/user/me?property_keys=${encodeURIComponent(keys)}`,
      bearer(tokens.access_token),
    );
    expect(response).toMatchObject({ status: 400, body: { code } });
  });

  it('accepts ?access_token= (python-social-auth quirk)', async () => {
    const tokens = await tokensFor(emulator().url);
    const { status, body } = await getJson(emulator().url, `/v2/user/me?access_token=${tokens.access_token}`);
    expect(status).toBe(200);
    expect(body.id).toBe(1001);
  });

  it.each([
    ['no header', {}, 'no authentication key!'],
    ['unknown token', bearer('nope'), 'this access token does not exist'],
    ['other scheme', { authorization: 'Basic abc' }, 'invalid authorization header'],
  ])('%s → 401 -401 with WWW-Authenticate', async (_name, headers, msg) => {
    const response = await getJson(emulator().url, '/v2/user/me', headers);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer error=invalid_token');
    expect(response.body).toEqual({ msg, code: -401 });
  });

  it('an expired access token → -401; refreshing fixes it', async () => {
    const tokens = await tokensFor(emulator().url);
    await control(emulator().url, 'POST', 'clock', { advanceSeconds: 21599 });
    const expired = await getJson(emulator().url, '/v2/user/me', bearer(tokens.access_token));
    expect(expired).toMatchObject({ status: 401, body: { code: -401 } });
    const renewed = await refresh(tokens.refresh_token);
    expect((await getJson(emulator().url, '/v2/user/me', bearer(renewed.body.access_token))).status).toBe(
      200,
    );
  });

  it('admin key + target_id reads a linked user', async () => {
    await tokensFor(emulator().url, {}, { accountId: 1002 });
    const ok = await getAsAdmin(emulator().url, '/v2/user/me', 1002);
    expect(ok.body.id).toBe(1002);
    const unlinked = await getAsAdmin(emulator().url, '/v2/user/me', 1003);
    expect(unlinked).toMatchObject({ status: 400, body: { code: -101 } });
    const noTarget = await getJson(emulator().url, '/v2/user/me', ADMIN);
    expect(noTarget).toMatchObject({ status: 400, body: { code: -2 } });
    const badKey = await getAsAdmin(emulator().url, '/v2/user/me', 1002, 'wrong');
    expect(badKey).toMatchObject({ status: 401, body: { code: -401 } });
  });
});

describe('/v1/user/access_token_info', () => {
  it('returns id, remaining expires_in and app_id', async () => {
    const tokens = await tokensFor(emulator().url);
    await control(emulator().url, 'POST', 'clock', { advanceSeconds: 100 });
    const { status, body } = await getJson(
      emulator().url,
      '/v1/user/access_token_info',
      bearer(tokens.access_token),
    );
    expect(status).toBe(200);
    expect(body).toEqual({ id: 1001, expires_in: expect.any(Number), app_id: 100001 });
    expect(body.expires_in as number).toBeLessThanOrEqual(21499);
    expect(body.expires_in as number).toBeGreaterThan(21400);
  });

  it('admin key is not accepted here', async () => {
    const { status } = await getJson(emulator().url, '/v1/user/access_token_info', ADMIN);
    expect(status).toBe(401);
  });
});

describe('/v1/user/logout', () => {
  it('with a Bearer token revokes that token pair only', async () => {
    const a = await tokensFor(emulator().url);
    const b = await tokensFor(emulator().url);
    const { status, body } = await postForm(emulator().url, '/v1/user/logout', {}, bearer(a.access_token));
    expect({ status, body }).toEqual({ status: 200, body: { id: 1001 } });
    expect((await getJson(emulator().url, '/v2/user/me', bearer(a.access_token))).status).toBe(401);
    expect((await refresh(a.refresh_token)).body.error_code).toBe('KOE322');
    expect((await getJson(emulator().url, '/v2/user/me', bearer(b.access_token))).status).toBe(200);
  });

  it('with the admin key revokes all of the user’s tokens', async () => {
    const a = await tokensFor(emulator().url);
    const b = await tokensFor(emulator().url);
    const response = await postForm(
      emulator().url,
      '/v1/user/logout',
      { target_id_type: 'user_id', target_id: '1001' },
      ADMIN,
    );
    expect(response.body).toEqual({ id: 1001 });
    for (const tokens of [a, b]) {
      expect((await getJson(emulator().url, '/v2/user/me', bearer(tokens.access_token))).status).toBe(401);
    }
  });
});

describe('/v1/user/unlink', () => {
  let webhookServer: Server;
  let webhookUrl: string;
  const received: { headers: IncomingMessage['headers']; body: string }[] = [];

  beforeAll(async () => {
    webhookServer = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk) => {
        body += chunk;
      });
      request.on('end', () => {
        received.push({ headers: request.headers, body });
        response.end('ok');
      });
    });
    await new Promise<void>((resolve) => webhookServer.listen(0, '127.0.0.1', resolve));
    const address = webhookServer.address();
    webhookUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/unlinked`;
  });
  afterAll(async () => {
    await new Promise((resolve) => webhookServer.close(resolve));
  });

  async function waitForWebhooks(count: number) {
    for (let attempt = 0; attempt < 100; attempt++) {
      const { body } = await control(emulator().url, 'GET', 'webhooks');
      const calls = body.webhooks as { status?: number; error?: string }[];
      if (calls.length >= count && calls.every((call) => call.status || call.error)) return calls;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    throw new Error('webhook never completed');
  }

  it('revokes every token and the consent; later refresh → KOE322; login asks consent again', async () => {
    const tokens = await tokensFor(emulator().url);
    const { status, body } = await postForm(
      emulator().url,
      '/v1/user/unlink',
      {},
      bearer(tokens.access_token),
    );
    expect({ status, body }).toEqual({ status: 200, body: { id: 1001 } });
    expect((await refresh(tokens.refresh_token)).body.error_code).toBe('KOE322');
    expect((await getJson(emulator().url, '/v2/user/me', bearer(tokens.access_token))).status).toBe(401);
    const browser = new TestBrowser(emulator().url);
    const login = await browser.get(authorizeUrl());
    const next = await browser.submit((await formsOf(login))[0]!, { name: 'account_id', value: '1001' });
    expect(await next.text()).toContain('/oauth/authorize/consent');
  });

  it('calls the unlink webhook with app_id, user_id, referrer_type and the admin key', async () => {
    received.length = 0;
    await registerApp(emulator().url, {
      clientId: 'hooked',
      appId: 42,
      adminKey: 'hook-admin',
      unlinkCallbackUrl: webhookUrl,
    });
    const tokens = await signInToApp(emulator().url, 'hooked', { accountId: 1002 });
    await postForm(emulator().url, '/v1/user/unlink', {}, bearer(tokens.body.access_token));
    const calls = await waitForWebhooks(1);
    expect(calls[0]).toMatchObject({ url: webhookUrl, status: 200 });
    expect(received).toHaveLength(1);
    expect(received[0]!.headers.authorization).toBe('KakaoAK hook-admin');
    expect(Object.fromEntries(new URLSearchParams(received[0]!.body))).toEqual({
      app_id: '42',
      user_id: '1002',
      referrer_type: 'UNLINK_FROM_API',
    });
  });

  it('an unreachable webhook is logged as an error and does not affect the unlink', async () => {
    await registerApp(emulator().url, {
      clientId: 'dead-hook',
      appId: 43,
      unlinkCallbackUrl: 'http://127.0.0.1:1/unlinked',
    });
    const tokens = await signInToApp(emulator().url, 'dead-hook');
    const unlink = await postForm(emulator().url, '/v1/user/unlink', {}, bearer(tokens.body.access_token));
    expect(unlink.status).toBe(200);
    const calls = await waitForWebhooks(1);
    expect(calls[0]!.error).toBeTruthy();
  });

  it('admin-key unlink and the control-API "unlink from Kakao settings" both revoke', async () => {
    const a = await tokensFor(emulator().url);
    const unlink = await postForm(
      emulator().url,
      '/v1/user/unlink',
      { target_id_type: 'user_id', target_id: '1001' },
      ADMIN,
    );
    expect(unlink.body).toEqual({ id: 1001 });
    expect((await refresh(a.refresh_token)).body.error_code).toBe('KOE322');

    const b = await tokensFor(emulator().url);
    expect(
      (await control(emulator().url, 'POST', 'unlink', { clientId: APP.clientId, userId: 1001 })).status,
    ).toBe(200);
    expect((await refresh(b.refresh_token)).body.error_code).toBe('KOE322');
  });
});
