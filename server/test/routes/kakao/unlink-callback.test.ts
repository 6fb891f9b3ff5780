import type { TokenResponse } from '@kakao-desktop/contract';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASES, unavailable } from '../../helpers/databases';
import { useHarness } from '../../helpers/harness';

describe.each(DATABASES)('POST /kakao/unlink-callback on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    const h = useHarness(kind);
    afterEach(async () => {
      if (h.app.server.listening) await h.app.server.close();
    });

    it("Kakao's real webhook call (user unlinks in Kakao settings) ends all the user's sessions", async () => {
      const a = (await h.signIn({ accountId: 1001 })).json() as TokenResponse;
      const b = (await h.signIn({ accountId: 1001 })).json() as TokenResponse;
      const url = await h.app.listen({ port: 0, host: '127.0.0.1' });
      await h.control('/__emulator/apps', {
        clientId: 'kakao-desktop-dev',
        clientSecret: 'dev-client-secret',
        appId: 100001,
        adminKey: 'dev-admin-key',
        redirectUris: ['http://localhost:9021/callback'],
        allowedScopes: ['profile_nickname', 'profile_image', 'account_email', 'name', 'age_range', 'openid'],
        unlinkCallbackUrl: `${url}/kakao/unlink-callback`,
      });
      await h.control('/__emulator/unlink', { clientId: 'kakao-desktop-dev', userId: 1001 });
      const { webhooks } = (await h.control('/__emulator/webhooks', undefined, 'GET')) as {
        webhooks: { status?: number }[];
      };
      expect(webhooks.at(-1)?.status).toBe(200);
      for (const s of [a, b]) {
        expect((await h.post('/auth/refresh', { refresh_token: s.refresh_token })).json()).toMatchObject({
          code: 'invalid_grant',
          reason: 'kakao_unlinked',
        });
      }
      expect(h.logs.some((l) => l.event === 'unlink_callback')).toBe(true);
    });

    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    it.each([
      ['no admin key', {}, 'app_id=100001&user_id=1001', 401],
      ['wrong admin key', { authorization: 'KakaoAK nope' }, 'app_id=100001&user_id=1001', 401],
      ['another app', { authorization: 'KakaoAK dev-admin-key' }, 'app_id=999&user_id=1001', 403],
      ['missing user_id', { authorization: 'KakaoAK dev-admin-key' }, 'app_id=100001', 400],
    ])('refuses %s', async (_name, headers, payload, status) => {
      const s = (await h.signIn({ accountId: 1001 })).json() as TokenResponse;
      const res = await h.app.inject({
        method: 'POST',
        url: '/kakao/unlink-callback',
        headers: { ...form, ...headers },
        payload,
      });
      expect(res.statusCode).toBe(status);
      expect(res.headers['content-type']).toMatch(/problem\+json/);
      expect((await h.post('/auth/refresh', { refresh_token: s.refresh_token })).statusCode).toBe(200);
    });

    it('accepts the parameters in the query string and answers 200 for unknown users', async () => {
      const res = await h.app.inject({
        method: 'POST',
        url: '/kakao/unlink-callback?app_id=100001&user_id=424242&referrer_type=UNLINK_FROM_APPS',
        headers: { authorization: 'KakaoAK dev-admin-key' },
      });
      expect(res.json()).toEqual({ status: 'ok' });
    });
  });
});
