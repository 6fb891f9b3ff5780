import { type Problem, tokenResponseSchema } from '@kakao-desktop/contract';
import { describe, expect, it } from 'vitest';
import { DATABASES, unavailable } from '../../helpers/databases';
import { type DpopKey, newDpopKey } from '../../helpers/dpop';
import { useHarness } from '../../helpers/harness';
import { kakaoLogin } from '../../helpers/kakao-login';

async function exchangeBody(emulatorUrl: string) {
  const { code, codeVerifier, redirectUri } = await kakaoLogin(emulatorUrl, { accountId: 1001 });
  return { code, redirect_uri: redirectUri, code_verifier: codeVerifier };
}

describe.each(DATABASES)('DPoP nonces (DPOP_NONCE_REQUIRED) on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    const h = useHarness(kind, { DPOP_NONCE_REQUIRED: 'true', DPOP_NONCE_WINDOW_SECONDS: '60' });

    it('the one-retry dance: use_dpop_nonce with a fresh nonce, then the retry with it succeeds', async () => {
      const key = await newDpopKey(h.clock.now);
      const body = await exchangeBody(h.emulator.url);
      const first = await h.post(
        '/auth/kakao/exchange',
        body,
        await key.headers({ url: '/auth/kakao/exchange' }),
      );
      expect(first.statusCode).toBe(401);
      expect(first.json<Problem>().code).toBe('use_dpop_nonce');
      expect(first.headers['www-authenticate']).toBe('DPoP error="use_dpop_nonce"');
      const nonce = String(first.headers['dpop-nonce']);
      expect(nonce).toMatch(/^[A-Za-z0-9_-]{20,}$/);
      // The code was not spent by the refused call: the retry with the nonce signs in.
      const retry = await h.post(
        '/auth/kakao/exchange',
        body,
        await key.headers({ url: '/auth/kakao/exchange', nonce }),
      );
      expect(retry.statusCode).toBe(200);
      expect(retry.headers['dpop-nonce']).toBe(nonce);
      const signedIn = tokenResponseSchema.parse(retry.json());

      const refresh = (token: string, dpop: DpopKey, n?: string) =>
        dpop
          .headers({ url: '/auth/refresh', ...(n && { nonce: n }) })
          .then((headers) => h.post('/auth/refresh', { refresh_token: token }, headers));
      const wrong = await refresh(signedIn.refresh_token, key, 'not-the-nonce');
      expect(wrong.json<Problem>().code).toBe('use_dpop_nonce');
      expect((await refresh(signedIn.refresh_token, key)).json<Problem>().code).toBe('use_dpop_nonce');
      // Still valid in the next window...
      h.clock.advance(60);
      const next = await refresh(signedIn.refresh_token, key, nonce);
      expect(next.statusCode).toBe(200);
      const rotated = tokenResponseSchema.parse(next.json()).refresh_token;
      // ...not two windows later: refused, with a fresh nonce that works.
      h.clock.advance(60);
      const stale = await refresh(rotated, key, nonce);
      expect(stale.json<Problem>().code).toBe('use_dpop_nonce');
      const fresh = String(stale.headers['dpop-nonce']);
      expect(fresh).not.toBe(nonce);
      const ok = await refresh(rotated, key, fresh);
      expect(ok.statusCode).toBe(200);
      expect(ok.headers['dpop-nonce']).toBe(fresh);
    });

    it('unbound refreshes without a proof need no nonce', async () => {
      const res = await h.post('/auth/kakao/exchange', await exchangeBody(h.emulator.url));
      expect(res.statusCode).toBe(200);
      const token = tokenResponseSchema.parse(res.json()).refresh_token;
      expect((await h.post('/auth/refresh', { refresh_token: token })).statusCode).toBe(200);
    });
  });
});

describe.each(DATABASES)('nonces off (the default) on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    const h = useHarness(kind);

    it('sends no DPoP-Nonce and ignores a proof nonce', async () => {
      const key = await newDpopKey(h.clock.now);
      const res = await h.post(
        '/auth/kakao/exchange',
        await exchangeBody(h.emulator.url),
        await key.headers({ url: '/auth/kakao/exchange', nonce: 'anything' }),
      );
      expect(res.statusCode).toBe(200);
      expect(res.headers['dpop-nonce']).toBeUndefined();
    });
  });
});

describe.each(DATABASES)('DPOP_REQUIRED_FOR_SIGN_IN on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    const h = useHarness(kind, { DPOP_REQUIRED_FOR_SIGN_IN: 'true' });

    it('refuses a sign-in without a proof (code unspent), binds one with a proof', async () => {
      const body = await exchangeBody(h.emulator.url);
      const bare = await h.post('/auth/kakao/exchange', body);
      expect(bare.statusCode).toBe(401);
      expect(bare.json<Problem>().code).toBe('invalid_dpop_proof');
      expect(bare.headers['www-authenticate']).toBe('DPoP error="invalid_dpop_proof"');
      const tokenRoute = await h.post('/auth/kakao/token', { kakao_access_token: 'x' });
      expect(tokenRoute.json<Problem>().code).toBe('invalid_dpop_proof');
      const key = await newDpopKey(h.clock.now);
      const bound = await h.post(
        '/auth/kakao/exchange',
        body,
        await key.headers({ url: '/auth/kakao/exchange' }),
      );
      expect(bound.statusCode).toBe(200);
      expect(bound.json().token_type).toBe('DPoP');
    });
  });
});
