import type { Problem, SessionList, TokenResponse } from '@kakao-desktop/contract';
import { describe, expect, it } from 'vitest';
import { DATABASES, unavailable } from '../helpers/databases';
import { bearer, useHarness } from '../helpers/harness';

describe.each(DATABASES)('/me and /auth/sessions on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    const h = useHarness(kind);
    const signedIn = async (accountId: number, deviceName: string) =>
      (await h.signIn({ accountId, deviceName })).json() as TokenResponse;

    it('GET /me needs our bearer token', async () => {
      expect((await h.app.inject({ url: '/me' })).json<Problem>().code).toBe('unauthorized');
      expect((await h.app.inject({ url: '/me', headers: bearer('a.b.c') })).statusCode).toBe(401);
      const s = await signedIn(1001, 'A');
      const me = await h.app.inject({ url: '/me', headers: bearer(s.access_token) });
      expect(me.json()).toMatchObject({ id: s.user.id, kakao_id: '1001', nickname: '김카카오' });
    });

    it('lists my sessions with the current one marked, and ends one of them', async () => {
      const laptop = await signedIn(1001, 'Laptop');
      const desktop = await signedIn(1001, 'Desktop');
      const other = await signedIn(1002, 'Someone else');
      const list = await h.app.inject({ url: '/auth/sessions', headers: bearer(laptop.access_token) });
      const { sessions } = list.json() as SessionList;
      expect(sessions.map((s) => s.device_name).sort()).toEqual(['Desktop', 'Laptop']);
      expect(sessions.find((s) => s.current)?.id).toBe(laptop.session_id);

      // Someone else's session id → 404, and it stays alive.
      const foreign = await h.app.inject({
        method: 'DELETE',
        url: `/auth/sessions/${other.session_id}`,
        headers: bearer(laptop.access_token),
      });
      expect(foreign.statusCode).toBe(404);
      expect((await h.post('/auth/refresh', { refresh_token: other.refresh_token })).statusCode).toBe(200);

      const end = await h.app.inject({
        method: 'DELETE',
        url: `/auth/sessions/${desktop.session_id}`,
        headers: bearer(laptop.access_token),
      });
      expect(end.statusCode).toBe(204);
      expect((await h.post('/auth/refresh', { refresh_token: desktop.refresh_token })).json()).toMatchObject({
        reason: 'revoked',
      });
      const again = await h.app.inject({ url: '/auth/sessions', headers: bearer(laptop.access_token) });
      expect((again.json() as SessionList).sessions.map((s) => s.id)).toEqual([laptop.session_id]);
    });

    it("a session's last_used_at follows its latest refresh", async () => {
      const s = await signedIn(1001, 'Laptop');
      h.clock.advance(120);
      const r = (await h.post('/auth/refresh', { refresh_token: s.refresh_token })).json() as TokenResponse;
      const { sessions } = (
        await h.app.inject({ url: '/auth/sessions', headers: bearer(r.access_token) })
      ).json() as SessionList;
      const [only] = sessions;
      expect(Date.parse(only!.last_used_at) - Date.parse(only!.created_at)).toBeGreaterThanOrEqual(119_000);
    });

    it('DELETE /me unlinks at Kakao and deletes our data; old tokens say user_deleted', async () => {
      const s = await signedIn(1001, 'A');
      const res = await h.app.inject({ method: 'DELETE', url: '/me', headers: bearer(s.access_token) });
      expect(res.statusCode).toBe(204);
      const { requests } = (await h.control('/__emulator/requests', undefined, 'GET')) as {
        requests: { path: string; headers: Record<string, string> }[];
      };
      const unlink = requests.find((r) => r.path === '/v1/user/unlink');
      expect(unlink?.headers.authorization).toBe('KakaoAK dev-admin-key');
      expect((await h.post('/auth/refresh', { refresh_token: s.refresh_token })).json()).toMatchObject({
        code: 'invalid_grant',
        reason: 'user_deleted',
      });
      expect((await h.app.inject({ url: '/me', headers: bearer(s.access_token) })).statusCode).toBe(401);
      expect(h.logs.some((l) => l.event === 'deletion')).toBe(true);
      // Signing in again makes a brand-new user.
      const again = await signedIn(1001, 'A');
      expect(again.user.id).not.toBe(s.user.id);
    });

    it('DELETE /me keeps the account when Kakao is unavailable', async () => {
      const s = await signedIn(1001, 'A');
      await h.fault({ endpoint: '/v1/user/unlink', kind: 'http_status', status: 503 });
      const res = await h.app.inject({ method: 'DELETE', url: '/me', headers: bearer(s.access_token) });
      expect(res.statusCode).toBe(503);
      expect(res.json().code).toBe('kakao_unavailable');
      expect((await h.app.inject({ url: '/me', headers: bearer(s.access_token) })).statusCode).toBe(200);
    });
  });
});
