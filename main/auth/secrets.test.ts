import { describe, expect, it } from 'vitest';
import { codeChallengeS256, createAuthRequestSecrets, sameSecret } from './secrets';

describe('auth request secrets', () => {
  it('computes the RFC 7636 Appendix B S256 challenge', () => {
    expect(codeChallengeS256('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('makes state, nonce and verifier of at least 128 bits, base64url, with a matching challenge', () => {
    const secrets = createAuthRequestSecrets();
    for (const value of [secrets.state, secrets.nonce, secrets.codeVerifier]) {
      expect(value).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(Buffer.from(value, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
    }
    expect(secrets.codeVerifier).toMatch(/^[A-Za-z0-9\-._~]{43,128}$/);
    expect(secrets.codeChallenge).toBe(codeChallengeS256(secrets.codeVerifier));
  });

  it('never repeats itself', () => {
    const states = new Set(Array.from({ length: 200 }, () => createAuthRequestSecrets().state));
    expect(states.size).toBe(200);
    const one = createAuthRequestSecrets();
    expect(new Set([one.state, one.nonce, one.codeVerifier]).size).toBe(3);
  });

  it('compares secrets exactly', () => {
    expect(sameSecret('abc', 'abc')).toBe(true);
    expect(sameSecret('abc', 'abd')).toBe(false);
    expect(sameSecret('abc', 'abcd')).toBe(false);
    expect(sameSecret('', 'a')).toBe(false);
  });
});
