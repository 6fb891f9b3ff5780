import { describe, expect, it } from 'vitest';
import {
  APP,
  bearer,
  codeFor,
  control,
  exchangeAsApp,
  exchangeCode,
  getJson,
  pkcePair,
  postForm,
  redirectQuery,
  registerApp,
  signIn,
  signInToApp,
  TestBrowser,
  tokensFor,
  useEmulator,
} from './helpers';

const emulator = useEmulator();

function freshCode(params: Record<string, string> = {}): Promise<string> {
  return codeFor(emulator().url, params);
}

const DAY = 24 * 3600;

describe('POST /oauth/token grant_type=authorization_code', () => {
  it('returns Kakao’s exact token fields', async () => {
    const code = await freshCode({ scope: 'openid profile_nickname account_email' });
    const { status, body, headers } = await exchangeCode(emulator().url, code);
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('application/json;charset=UTF-8');
    expect(Object.keys(body).sort()).toEqual(
      [
        'access_token',
        'expires_in',
        'id_token',
        'refresh_token',
        'refresh_token_expires_in',
        'scope',
        'token_type',
      ].sort(),
    );
    expect(body).toMatchObject({
      token_type: 'bearer',
      expires_in: 21599,
      refresh_token_expires_in: 5183999,
    });
    expect(String(body.scope).split(' ').sort()).toEqual(['account_email', 'openid', 'profile_nickname']);
  });

  it('no id_token for a non-OIDC app unless openid is requested', async () => {
    await registerApp(emulator().url, {
      clientId: 'no-oidc',
      appId: 5,
      oidc: false,
      allowedScopes: ['profile_nickname', 'openid'],
    });
    const tokens = await signInToApp(emulator().url, 'no-oidc');
    expect(tokens.status).toBe(200);
    expect(tokens.body.id_token).toBeUndefined();
    expect(tokens.body.scope).toBe('profile_nickname');

    const withOpenid = await codeFor(emulator().url, {
      client_id: 'no-oidc',
      scope: 'openid profile_nickname',
    });
    const oidcTokens = await exchangeAsApp(emulator().url, 'no-oidc', withOpenid);
    expect(oidcTokens.body.id_token).toEqual(expect.any(String));
  });

  it('additional consent on an OIDC app: a new id_token only when scope names openid', async () => {
    const browser = new TestBrowser(emulator().url);
    const first = redirectQuery(await signIn(browser, {}, { decline: ['account_email'] }));
    expect((await exchangeCode(emulator().url, first.code!)).body.id_token).toEqual(expect.any(String));

    const without = redirectQuery(await signIn(browser, { scope: 'account_email' }));
    const plain = await exchangeCode(emulator().url, without.code!);
    expect(plain.status).toBe(200);
    expect(plain.body.id_token).toBeUndefined();
    expect(plain.body.access_token).toEqual(expect.any(String));
    // Its refresh does not start issuing id_tokens either.
    const refreshed = await postForm(emulator().url, '/oauth/token', {
      grant_type: 'refresh_token',
      client_id: APP.clientId,
      client_secret: APP.clientSecret,
      refresh_token: String(plain.body.refresh_token),
    });
    expect(refreshed.body.id_token).toBeUndefined();

    const withOpenid = redirectQuery(await signIn(browser, { scope: 'account_email openid' }));
    const oidc = await exchangeCode(emulator().url, withOpenid.code!);
    expect(oidc.body.id_token).toEqual(expect.any(String));
  });

  it('also accepts a JSON body', async () => {
    const code = await freshCode();
    const response = await fetch(`${emulator().url}/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json;charset=UTF-8' },
      body: JSON.stringify({
        grant_type: 'authorization_code',
        client_id: APP.clientId,
        client_secret: APP.clientSecret,
        redirect_uri: APP.redirectUri,
        code,
      }),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { token_type: string }).token_type).toBe('bearer');
  });

  it('accepts a missing redirect_uri by default (python-social-auth)', async () => {
    const code = await freshCode();
    expect((await exchangeCode(emulator().url, code, { redirect_uri: '' })).status).toBe(200);
  });

  it('rejects a missing redirect_uri with KOE303 when the app requires it', async () => {
    await registerApp(emulator().url, { clientId: 'strict', appId: 6, requireTokenRedirectUri: true });
    const response = await signInToApp(emulator().url, 'strict');
    expect(response.status).toBe(400);
    expect(response.body.error_code).toBe('KOE303');
  });

  it('redirect_uri differing from authorize → KOE303 (even if registered), and the code is burnt', async () => {
    const code = await freshCode();
    const response = await exchangeCode(emulator().url, code, {
      redirect_uri: 'http://127.0.0.1:9021/callback',
    });
    expect(response).toMatchObject({ status: 400, body: { error: 'invalid_grant', error_code: 'KOE303' } });
    expect((await exchangeCode(emulator().url, code)).body.error_code).toBe('KOE320');
  });

  it.each([
    ['missing', undefined],
    ['wrong', 'nope'],
  ])('%s client_secret while the feature is on → KOE010 invalid_client 401', async (_name, secret) => {
    const code = await freshCode();
    const response = await postForm(emulator().url, '/oauth/token', {
      grant_type: 'authorization_code',
      client_id: APP.clientId,
      client_secret: secret,
      redirect_uri: APP.redirectUri,
      code,
    });
    expect(response).toMatchObject({ status: 401, body: { error: 'invalid_client', error_code: 'KOE010' } });
  });

  it('ignores a secret sent to an app without one, unless configured to reject it', async () => {
    for (const reject of [false, true]) {
      await registerApp(emulator().url, { clientId: 'public', appId: 7, rejectSecretWhenDisabled: reject });
      const response = await signInToApp(emulator().url, 'public', { extra: { client_secret: 'kakao' } });
      expect(response.status).toBe(reject ? 401 : 200);
    }
  });

  it('unknown client_id → KOE101', async () => {
    const response = await exchangeAsApp(emulator().url, 'x', 'y');
    expect(response.body.error_code).toBe('KOE101');
  });

  it.each([
    ['unknown code', 'not-a-code'],
    ['missing code', undefined],
  ])('%s → KOE320', async (_name, code) => {
    const response = await postForm(emulator().url, '/oauth/token', {
      grant_type: 'authorization_code',
      client_id: APP.clientId,
      client_secret: APP.clientSecret,
      code,
    });
    expect(response).toMatchObject({ status: 400, body: { error: 'invalid_grant', error_code: 'KOE320' } });
  });

  it('expired code (lifetimes.code) → KOE320', async () => {
    const code = await freshCode();
    await control(emulator().url, 'POST', 'clock', { advanceSeconds: 600 });
    expect((await exchangeCode(emulator().url, code)).body.error_code).toBe('KOE320');
  });

  it('code of another app → KOE320', async () => {
    await registerApp(emulator().url, { clientId: 'other', appId: 8 });
    const code = await freshCode();
    const response = await exchangeAsApp(emulator().url, 'other', code);
    expect(response.body.error_code).toBe('KOE320');
  });

  it('reused code → KOE320 and the tokens from the first exchange are revoked', async () => {
    const code = await freshCode();
    const first = await exchangeCode(emulator().url, code);
    expect(first.status).toBe(200);
    expect((await getJson(emulator().url, '/v2/user/me', bearer(first.body.access_token))).status).toBe(200);

    const second = await exchangeCode(emulator().url, code);
    expect(second).toMatchObject({ status: 400, body: { error_code: 'KOE320' } });

    const me = await getJson(emulator().url, '/v2/user/me', bearer(first.body.access_token));
    expect(me.status).toBe(401);
    const refresh = await postForm(emulator().url, '/oauth/token', {
      grant_type: 'refresh_token',
      client_id: APP.clientId,
      client_secret: APP.clientSecret,
      refresh_token: String(first.body.refresh_token),
    });
    expect(refresh.body.error_code).toBe('KOE322');
  });

  describe('PKCE S256', () => {
    it('matching verifier → tokens', async () => {
      const { verifier, challenge } = pkcePair();
      const code = await freshCode({ code_challenge: challenge, code_challenge_method: 'S256' });
      expect((await exchangeCode(emulator().url, code, { code_verifier: verifier })).status).toBe(200);
    });

    it.each([
      ['wrong verifier', pkcePair().verifier],
      ['missing verifier', undefined],
    ])('%s → invalid_grant KOE324 (emulator code, unconfirmed)', async (_name, verifier) => {
      const { challenge } = pkcePair();
      const code = await freshCode({ code_challenge: challenge, code_challenge_method: 'S256' });
      const extra: Record<string, string> = verifier ? { code_verifier: verifier } : {};
      const response = await exchangeCode(emulator().url, code, extra);
      expect(response).toMatchObject({ status: 400, body: { error: 'invalid_grant', error_code: 'KOE324' } });
    });

    it('a verifier without a stored challenge is ignored', async () => {
      const code = await freshCode();
      expect((await exchangeCode(emulator().url, code, { code_verifier: pkcePair().verifier })).status).toBe(
        200,
      );
    });
  });
});

describe('POST /oauth/token grant_type=refresh_token', () => {
  function refresh(token: string | undefined, extra: Record<string, string> = {}) {
    return postForm(emulator().url, '/oauth/token', {
      grant_type: 'refresh_token',
      client_id: APP.clientId,
      client_secret: APP.clientSecret,
      refresh_token: token,
      ...extra,
    });
  }

  it('missing refresh_token → KOE319', async () => {
    expect((await refresh(undefined)).body).toMatchObject({ error: 'invalid_grant', error_code: 'KOE319' });
  });

  it('unknown refresh_token → KOE322 with Kakao’s description', async () => {
    expect((await refresh('nope')).body).toEqual({
      error: 'invalid_grant',
      error_description: 'expired_or_invalid_refresh_token',
      error_code: 'KOE322',
    });
  });

  it('more than 30 days left: new access token + id_token, no refresh_token', async () => {
    const tokens = await tokensFor(emulator().url);
    const response = await refresh(String(tokens.refresh_token), { redirect_uri: APP.redirectUri });
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      token_type: 'bearer',
      expires_in: 21599,
      id_token: expect.any(String),
    });
    expect(response.body.access_token).not.toBe(tokens.access_token);
    expect(response.body.refresh_token).toBeUndefined();
    expect(response.body.refresh_token_expires_in).toBeUndefined();
    // The old refresh token keeps working.
    expect((await refresh(String(tokens.refresh_token))).status).toBe(200);
  });

  it('less than 30 days left: rotates, and the old refresh token dies', async () => {
    const tokens = await tokensFor(emulator().url);
    await control(emulator().url, 'POST', 'clock', { advanceSeconds: 31 * DAY });
    const rotated = await refresh(String(tokens.refresh_token));
    expect(rotated.status).toBe(200);
    expect(rotated.body).toMatchObject({
      refresh_token: expect.any(String),
      refresh_token_expires_in: 5183999,
    });
    expect(rotated.body.refresh_token).not.toBe(tokens.refresh_token);
    expect((await refresh(String(tokens.refresh_token))).body.error_code).toBe('KOE322');
    expect((await refresh(String(rotated.body.refresh_token))).status).toBe(200);
  });

  it('expired refresh token → KOE322', async () => {
    const tokens = await tokensFor(emulator().url);
    await control(emulator().url, 'POST', 'clock', { advanceSeconds: 5183999 });
    expect((await refresh(String(tokens.refresh_token))).body.error_code).toBe('KOE322');
  });

  it('refresh with the wrong secret → KOE010', async () => {
    const tokens = await tokensFor(emulator().url);
    expect((await refresh(String(tokens.refresh_token), { client_secret: 'x' })).status).toBe(401);
  });

  it('refresh_token of another app → KOE322', async () => {
    await registerApp(emulator().url, { clientId: 'other', appId: 8 });
    const tokens = await tokensFor(emulator().url);
    const response = await postForm(emulator().url, '/oauth/token', {
      grant_type: 'refresh_token',
      client_id: 'other',
      refresh_token: String(tokens.refresh_token),
    });
    expect(response.body.error_code).toBe('KOE322');
  });
});

describe('token endpoint input errors', () => {
  it.each([
    ['missing grant_type', { client_id: APP.clientId }, 'invalid_request'],
    ['unknown grant_type', { grant_type: 'password', client_id: APP.clientId }, 'unsupported_grant_type'],
    ['missing client_id', { grant_type: 'authorization_code', code: 'x' }, 'invalid_request'],
  ])('%s → 400 %s', async (_name, fields, error) => {
    const response = await postForm(emulator().url, '/oauth/token', fields);
    expect(response.status).toBe(400);
    expect(response.body.error).toBe(error);
    expect(response.body.error_code).toEqual(expect.stringMatching(/^KOE\d{3}$/));
  });
});
