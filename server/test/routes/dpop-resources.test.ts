import { type Problem, type TokenResponse, tokenResponseSchema } from '@kakao-desktop/contract';
import { describe, expect, it } from 'vitest';
import { DATABASES, unavailable } from '../helpers/databases';
import { type DpopKey, newDpopKey } from '../helpers/dpop';
import { bearer, useHarness } from '../helpers/harness';
import { kakaoLogin } from '../helpers/kakao-login';

describe.each(DATABASES)('bound access tokens on /me and /auth/sessions on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    const h = useHarness(kind);

    async function boundSession(key: DpopKey): Promise<TokenResponse> {
      const { code, codeVerifier, redirectUri } = await kakaoLogin(h.emulator.url, { accountId: 1001 });
      const res = await h.post(
        '/auth/kakao/exchange',
        { code, redirect_uri: redirectUri, code_verifier: codeVerifier },
        await key.headers({ url: '/auth/kakao/exchange' }),
      );
      return tokenResponseSchema.parse(res.json());
    }
    const dpopAuth = async (key: DpopKey, at: string, method: string, url: string) => ({
      authorization: `DPoP ${at}`,
      ...(await key.headers({ method, url, accessToken: at })),
    });

    it('accepts a bound token only as DPoP with a proof of its key carrying ath', async () => {
      const key = await newDpopKey(h.clock.now);
      const { access_token: at, session_id } = await boundSession(key);
      const ok = await h.app.inject({ url: '/me', headers: await dpopAuth(key, at, 'GET', '/me') });
      expect(ok.statusCode).toBe(200);

      const asBearer = await h.app.inject({ url: '/me', headers: bearer(at) });
      expect(asBearer.statusCode).toBe(401);
      expect(asBearer.json<Problem>().code).toBe('invalid_dpop_proof');
      expect(asBearer.headers['www-authenticate']).toBe('DPoP error="invalid_dpop_proof"');

      const refusals: Record<string, Record<string, string>> = {
        'no proof': { authorization: `DPoP ${at}` },
        'missing ath': { authorization: `DPoP ${at}`, ...(await key.headers({ method: 'GET', url: '/me' })) },
        'ath of another token': {
          authorization: `DPoP ${at}`,
          ...(await key.headers({ method: 'GET', url: '/me', accessToken: `${at}x` })),
        },
        'another key': await dpopAuth(await newDpopKey(h.clock.now), at, 'GET', '/me'),
        'proof for another route': await dpopAuth(key, at, 'GET', '/auth/sessions'),
      };
      for (const [name, headers] of Object.entries(refusals)) {
        const res = await h.app.inject({ url: '/me', headers });
        expect(res.statusCode, name).toBe(401);
        expect(res.json<Problem>().code, name).toBe('invalid_dpop_proof');
        expect(res.headers['www-authenticate'], name).toBe('DPoP error="invalid_dpop_proof"');
      }
      // Another key's proof on /me is not theft of the refresh token: the session lives on.
      const list = await h.app.inject({
        url: '/auth/sessions',
        headers: await dpopAuth(key, at, 'GET', '/auth/sessions'),
      });
      expect(list.statusCode).toBe(200);
      const del = await h.app.inject({
        method: 'DELETE',
        url: `/auth/sessions/${session_id}`,
        headers: await dpopAuth(key, at, 'DELETE', `/auth/sessions/${session_id}`),
      });
      expect(del.statusCode).toBe(204);
    });

    it('DELETE /me with a bound token needs its proof', async () => {
      const key = await newDpopKey(h.clock.now);
      const { access_token: at } = await boundSession(key);
      expect((await h.app.inject({ method: 'DELETE', url: '/me', headers: bearer(at) })).statusCode).toBe(
        401,
      );
      const res = await h.app.inject({
        method: 'DELETE',
        url: '/me',
        headers: await dpopAuth(key, at, 'DELETE', '/me'),
      });
      expect(res.statusCode).toBe(204);
    });

    it('unbound tokens keep Bearer, and are refused under the DPoP scheme', async () => {
      const res = await h.signIn({});
      const at = res.json<TokenResponse>().access_token;
      expect((await h.app.inject({ url: '/me', headers: bearer(at) })).statusCode).toBe(200);
      const key = await newDpopKey(h.clock.now);
      const asDpop = await h.app.inject({ url: '/me', headers: await dpopAuth(key, at, 'GET', '/me') });
      expect(asDpop.statusCode).toBe(401);
      expect(asDpop.json<Problem>().code).toBe('unauthorized');
    });
  });
});
