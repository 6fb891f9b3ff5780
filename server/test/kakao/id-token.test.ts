/** The id_token verifier with locally signed tokens (wrong aud/iss/nonce/expired/key), and Kakao's JWKS down. */
import { createLocalJWKSet, exportJWK, generateKeyPair, SignJWT } from 'jose';
import { startEmulator } from 'kakao-emulator';
import { describe, expect, it } from 'vitest';
import { KakaoError } from '../../src/kakao/errors';
import { kakaoJwks, verifyKakaoIdToken } from '../../src/kakao/id-token';
import { ApiError } from '../../src/problem';

const ISS = 'https://kauth.kakao.com';
const AUD = 'our-rest-key';
const now = new Date('2026-11-30T12:00:00Z');
const iat = Math.floor(now.getTime() / 1000);

const kakaoKey = await generateKeyPair('RS256');
const otherKey = await generateKeyPair('RS256');
const jwks = createLocalJWKSet({
  keys: [{ ...(await exportJWK(kakaoKey.publicKey)), kid: 'k1', alg: 'RS256' }],
});

function token(claims: Record<string, unknown>, key = kakaoKey.privateKey, kid = 'k1') {
  return new SignJWT({ sub: '1001', nonce: 'n1', ...claims })
    .setProtectedHeader({ alg: 'RS256', kid })
    .setIssuer((claims.iss as string) ?? ISS)
    .setAudience((claims.aud as string) ?? AUD)
    .setIssuedAt(iat)
    .setExpirationTime(iat + 3600)
    .sign(key);
}

const expect_ = { issuer: ISS, audience: AUD, nonce: 'n1' as string | undefined, now };

describe('verifyKakaoIdToken', () => {
  it('accepts a good token and returns its subject', async () => {
    expect((await verifyKakaoIdToken(await token({}), jwks, expect_)).sub).toBe('1001');
  });

  it.each([
    ['another audience (a token minted for another app)', { aud: 'other-app' }],
    ['another issuer', { iss: 'https://evil.test' }],
    ['a different nonce', { nonce: 'n2' }],
    ['no nonce although we sent one', { nonce: undefined }],
  ])('refuses %s', async (_name, claims) => {
    await expect(verifyKakaoIdToken(await token(claims), jwks, expect_)).rejects.toMatchObject({
      code: 'id_token_invalid',
      status: 401,
    });
  });

  it('refuses a nonce when we sent none', async () => {
    await expect(
      verifyKakaoIdToken(await token({}), jwks, { ...expect_, nonce: undefined }),
    ).rejects.toBeInstanceOf(ApiError);
  });

  it('refuses an expired token', async () => {
    const later = new Date(now.getTime() + 2 * 3600_000);
    await expect(verifyKakaoIdToken(await token({}), jwks, { ...expect_, now: later })).rejects.toMatchObject(
      {
        code: 'id_token_invalid',
      },
    );
  });

  it('refuses a token signed by another key', async () => {
    await expect(
      verifyKakaoIdToken(await token({}, otherKey.privateKey), jwks, expect_),
    ).rejects.toMatchObject({
      code: 'id_token_invalid',
    });
  });

  it("treats Kakao's JWKS being down as Kakao unavailable (after one retry), not as a bad token", async () => {
    const emulator = await startEmulator({ port: 0 });
    try {
      await fetch(`${emulator.url}/__emulator/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ endpoint: '/.well-known/jwks.json', kind: 'http_status', status: 500 }),
      });
      const remote = kakaoJwks(emulator.url, 1000);
      const error = await verifyKakaoIdToken(await token({}), remote, expect_).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(KakaoError);
      const { requests } = (await (await fetch(`${emulator.url}/__emulator/requests`)).json()) as {
        requests: { path: string }[];
      };
      expect(requests.filter((r) => r.path === '/.well-known/jwks.json')).toHaveLength(2);
    } finally {
      await emulator.close();
    }
  });
});
