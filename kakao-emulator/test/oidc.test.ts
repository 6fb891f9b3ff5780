import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import {
  APP,
  bearer,
  control,
  getJson,
  postForm,
  registerApp,
  signInToApp,
  tokensFor,
  useEmulator,
} from './helpers';

const emulator = useEmulator();

async function verifyIdToken(idToken: string) {
  const { body } = await getJson(emulator().url, '/.well-known/jwks.json');
  const jwks = createLocalJWKSet(body as never);
  return jwtVerify(idToken, jwks, { issuer: emulator().url, audience: APP.clientId });
}

describe('discovery and JWKS', () => {
  it('serves exactly Kakao’s discovery fields, pointing at the emulator', async () => {
    const { status, body } = await getJson(emulator().url, '/.well-known/openid-configuration');
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(
      [
        'issuer',
        'authorization_endpoint',
        'token_endpoint',
        'userinfo_endpoint',
        'jwks_uri',
        'token_endpoint_auth_methods_supported',
        'subject_types_supported',
        'id_token_signing_alg_values_supported',
        'request_uri_parameter_supported',
        'response_types_supported',
        'response_modes_supported',
        'grant_types_supported',
        'code_challenge_methods_supported',
        'claims_supported',
      ].sort(),
    );
    expect(body).toMatchObject({
      issuer: emulator().url,
      authorization_endpoint: `${emulator().url}/oauth/authorize`,
      token_endpoint: `${emulator().url}/oauth/token`,
      userinfo_endpoint: `${emulator().url}/v1/oidc/userinfo`,
      jwks_uri: `${emulator().url}/.well-known/jwks.json`,
      code_challenge_methods_supported: ['S256'],
      token_endpoint_auth_methods_supported: ['client_secret_post'],
      request_uri_parameter_supported: false,
    });
  });

  it('JWKS holds RSA signing keys with a 30-hex kid', async () => {
    const { body } = await getJson(emulator().url, '/.well-known/jwks.json');
    const keys = body.keys as Record<string, string>[];
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({
      kty: 'RSA',
      alg: 'RS256',
      use: 'sig',
      e: 'AQAB',
      kid: expect.stringMatching(/^[0-9a-f]{30}$/),
    });
    expect(keys[0]).not.toHaveProperty('d');
  });

  it('key rotation keeps the old key in the JWKS and signs with the new one', async () => {
    const before = await tokensFor(emulator().url);
    const rotated = await control(emulator().url, 'POST', 'keys/rotate');
    const { body } = await getJson(emulator().url, '/.well-known/jwks.json');
    expect((body.keys as unknown[]).length).toBe(2);
    await expect(verifyIdToken(String(before.id_token))).resolves.toBeTruthy();
    const after = await tokensFor(emulator().url);
    expect(decodeProtectedHeader(String(after.id_token)).kid).toBe(rotated.body.kid);
  });
});

describe('ID token', () => {
  it('is RS256 with kid and Kakao’s claims, exp = access token expiry', async () => {
    const tokens = await tokensFor(emulator().url, {
      nonce: 'n-123',
      scope: 'openid profile_nickname profile_image account_email',
    });
    const { payload, protectedHeader } = await verifyIdToken(String(tokens.id_token));
    expect(protectedHeader.alg).toBe('RS256');
    expect(protectedHeader.kid).toEqual(expect.any(String));
    expect(payload).toMatchObject({
      iss: emulator().url,
      aud: APP.clientId,
      sub: '1001',
      nonce: 'n-123',
      nickname: '김카카오',
      email: 'kim@kakao.test',
      picture: expect.stringMatching(/^https:/),
    });
    expect(payload.exp! - payload.iat!).toBe(21599);
    expect(payload.auth_time).toEqual(expect.any(Number));
    expect(payload).not.toHaveProperty('email_verified');
  });

  it.each([
    { name: 'unverified email', accountId: 1004, email: false },
    { name: 'no email', accountId: 1003, email: false },
    { name: 'verified + valid email', accountId: 1002, email: true },
  ])('email claim only when valid and verified: $name', async ({ accountId, email }) => {
    const tokens = await tokensFor(
      emulator().url,
      { scope: 'openid profile_nickname account_email' },
      { accountId },
    );
    const { payload } = await verifyIdToken(String(tokens.id_token));
    expect('email' in payload).toBe(email);
  });

  it('claims follow consent: nothing about the image without profile_image consent', async () => {
    const tokens = await tokensFor(emulator().url, { scope: 'openid profile_nickname' });
    const { payload } = await verifyIdToken(String(tokens.id_token));
    expect(payload.nickname).toBe('김카카오');
    expect(payload).not.toHaveProperty('picture');
    expect(payload).not.toHaveProperty('nonce');
  });

  it('a refreshed id_token keeps auth_time and the new exp', async () => {
    const tokens = await tokensFor(emulator().url);
    const first = await verifyIdToken(String(tokens.id_token));
    await control(emulator().url, 'POST', 'clock', { advanceSeconds: 60 });
    const refreshed = await postForm(emulator().url, '/oauth/token', {
      grant_type: 'refresh_token',
      client_id: APP.clientId,
      client_secret: APP.clientSecret,
      refresh_token: String(tokens.refresh_token),
    });
    const idToken = String(refreshed.body.id_token);
    const decoded = JSON.parse(Buffer.from(idToken.split('.')[1]!, 'base64url').toString());
    expect(decoded.auth_time).toBe(first.payload.auth_time);
    expect(decoded.exp - decoded.iat).toBe(21599);
    expect(decoded.iat - first.payload.iat!).toBeGreaterThanOrEqual(60);
  });
});

describe('POST /oauth/tokeninfo', () => {
  it('returns the decoded payload of a valid id_token', async () => {
    const tokens = await tokensFor(emulator().url);
    const { status, body } = await postForm(emulator().url, '/oauth/tokeninfo', {
      id_token: String(tokens.id_token),
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({ iss: emulator().url, aud: APP.clientId, sub: '1001' });
  });

  it.each([
    ['garbage', 'not.a.jwt'],
    ['missing', undefined],
  ])('%s id_token → 400 KOE400', async (_name, idToken) => {
    const { status, body } = await postForm(emulator().url, '/oauth/tokeninfo', { id_token: idToken });
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: 'invalid_token', error_code: 'KOE400' });
  });

  it('a tampered id_token → KOE400', async () => {
    const tokens = await tokensFor(emulator().url);
    const [header, payload, signature] = String(tokens.id_token).split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString());
    claims.sub = '9999';
    const forged = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
    expect((await postForm(emulator().url, '/oauth/tokeninfo', { id_token: forged })).body.error_code).toBe(
      'KOE400',
    );
  });

  it('an expired id_token → KOE400', async () => {
    const tokens = await tokensFor(emulator().url);
    await control(emulator().url, 'POST', 'clock', { advanceSeconds: 21600 });
    expect(
      (await postForm(emulator().url, '/oauth/tokeninfo', { id_token: String(tokens.id_token) })).status,
    ).toBe(400);
  });
});

describe('GET /v1/oidc/userinfo', () => {
  it('returns the consented OIDC claims with email_verified', async () => {
    const tokens = await tokensFor(
      emulator().url,
      { scope: 'openid profile_nickname account_email name' },
      { accountId: 1004 },
    );
    const { status, body } = await getJson(emulator().url, '/v1/oidc/userinfo', bearer(tokens.access_token));
    expect(status).toBe(200);
    expect(body).toEqual({
      sub: '1004',
      nickname: 'Bob Unverified',
      email: 'bob@example.test',
      email_verified: false,
    });
  });

  it('without openid consent → -402 with required_scopes', async () => {
    await registerApp(emulator().url, { clientId: 'no-oidc', appId: 5, oidc: false });
    const tokens = await signInToApp(emulator().url, 'no-oidc');
    const { status, body } = await getJson(
      emulator().url,
      '/v1/oidc/userinfo',
      bearer(tokens.body.access_token),
    );
    expect(status).toBe(403);
    expect(body).toMatchObject({ code: -402, required_scopes: ['openid'] });
  });

  it('without a token → 401 -401', async () => {
    const { status, body, headers } = await getJson(emulator().url, '/v1/oidc/userinfo');
    expect(status).toBe(401);
    expect(body.code).toBe(-401);
    expect(headers.get('www-authenticate')).toBe('Bearer error=invalid_token');
  });
});
