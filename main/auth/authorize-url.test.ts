import { describe, expect, it } from 'vitest';
import { allowedAuthOrigins } from './auth-config';
import { buildAuthorizeUrl } from './authorize-url';

const config = {
  clientId: 'kakao-desktop-dev',
  authBaseUrl: 'http://127.0.0.1:9010/',
  redirectUri: 'http://localhost:9021/callback',
  scopes: ['openid', 'profile_nickname'],
};
const secrets = {
  state: 'st&ate=1',
  nonce: 'n0nce',
  codeChallenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
};

describe('buildAuthorizeUrl', () => {
  it('carries every parameter Kakao needs, encoded', () => {
    const url = new URL(buildAuthorizeUrl(config, secrets));
    expect(url.origin + url.pathname).toBe('http://127.0.0.1:9010/oauth/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      client_id: 'kakao-desktop-dev',
      redirect_uri: 'http://localhost:9021/callback',
      response_type: 'code',
      scope: 'openid,profile_nickname',
      state: 'st&ate=1',
      nonce: 'n0nce',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    });
  });

  it.each(['select_account', 'login'] as const)('adds prompt=%s for account switching', (prompt) => {
    expect(new URL(buildAuthorizeUrl(config, secrets, { prompt })).searchParams.get('prompt')).toBe(prompt);
  });

  it('omits prompt and an empty scope when not asked for', () => {
    const url = new URL(buildAuthorizeUrl({ ...config, scopes: [] }, secrets));
    expect(url.searchParams.has('prompt')).toBe(false);
    expect(url.searchParams.has('scope')).toBe(false);
  });
});

describe('allowedAuthOrigins', () => {
  it('is the auth base URL origin (the emulator)', () => {
    expect(allowedAuthOrigins({ authBaseUrl: 'http://127.0.0.1:9010/x' })).toEqual(['http://127.0.0.1:9010']);
  });

  it("adds Kakao's login origin for real Kakao", () => {
    expect(allowedAuthOrigins({ authBaseUrl: 'https://kauth.kakao.com' }).sort()).toEqual([
      'https://accounts.kakao.com',
      'https://kauth.kakao.com',
    ]);
  });
});
