import { type Problem, type TokenResponse, tokenResponseSchema } from '@kakao-desktop/contract';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../../src/app';
import { openDatabase } from '../../../src/db/client';
import { newRefreshToken } from '../../../src/tokens/refresh-token';
import { DATABASES, unavailable } from '../../helpers/databases';
import { bearer, useHarness } from '../../helpers/harness';

describe.each(DATABASES)('POST /auth/refresh and /auth/logout on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    const h = useHarness(kind, { REFRESH_GRACE_SECONDS: '10', REFRESH_TOKEN_TTL_SECONDS: '3600' });

    async function signedIn(accountId = 1001): Promise<TokenResponse> {
      const res = await h.signIn({ accountId, deviceName: 'Laptop' });
      expect(res.statusCode).toBe(200);
      return res.json();
    }
    const refresh = (token: string) => h.post('/auth/refresh', { refresh_token: token });

    it('rotates: a new pair, same session, old token spent', async () => {
      const first = await signedIn();
      const res = await refresh(first.refresh_token);
      expect(res.statusCode).toBe(200);
      const second = tokenResponseSchema.parse(res.json());
      expect(second.refresh_token).not.toBe(first.refresh_token);
      expect(second.access_token).not.toBe(first.access_token);
      expect(second.session_id).toBe(first.session_id);
      expect(second.refresh_token).toMatch(/^[A-Za-z0-9_-]{86}$/);
      expect(second.user.id).toBe(first.user.id);
      expect(h.logs.some((l) => l.event === 'refresh' && l.sessionId === first.session_id)).toBe(true);
      // The successor rotates in turn.
      expect((await refresh(second.refresh_token)).statusCode).toBe(200);
    });

    it('answers a retry within the grace window with THE SAME successor refresh token (new access token), audited', async () => {
      const first = await signedIn();
      const a = (await refresh(first.refresh_token)).json() as TokenResponse;
      h.clock.advance(5);
      const b = await refresh(first.refresh_token);
      expect(b.statusCode).toBe(200);
      const replayed = tokenResponseSchema.parse(b.json());
      expect(replayed).toMatchObject({ refresh_token: a.refresh_token, session_id: first.session_id });
      // The access token is freshly signed for the same session: it works.
      expect(replayed.access_token).not.toBe(a.access_token);
      expect((await h.app.inject({ url: '/me', headers: bearer(replayed.access_token) })).statusCode).toBe(
        200,
      );
      const replays = h.logs.filter((l) => l.event === 'grace_replay');
      expect(replays).toEqual([
        expect.objectContaining({
          sessionId: first.session_id,
          userId: first.user.id,
          spentSecondsAgo: expect.closeTo(5, 0),
        }),
      ]);
      expect(h.rawLogs()).not.toContain(a.refresh_token);
      expect(h.rawLogs()).not.toContain(first.refresh_token);
      // Not a logout: the successor still works.
      expect((await refresh(a.refresh_token)).statusCode).toBe(200);
    });

    it('refuses a grace retry whose successor was itself rotated: reuse, family revoked, audited', async () => {
      const first = await signedIn(); // A
      const b = (await refresh(first.refresh_token)).json() as TokenResponse; // A → B
      const c = (await refresh(b.refresh_token)).json() as TokenResponse; // B → C
      h.clock.advance(2); // still within A's grace window
      const replay = await refresh(first.refresh_token);
      expect(replay.statusCode).toBe(401);
      expect(replay.json<Problem>()).toMatchObject({ code: 'invalid_grant', reason: 'reused' });
      // No pair came back (neither B nor C), and the whole family is dead.
      expect(replay.body).not.toContain(b.refresh_token);
      expect(replay.body).not.toContain(c.refresh_token);
      expect((await refresh(c.refresh_token)).json<Problem>()).toMatchObject({ reason: 'revoked' });
      expect((await h.app.inject({ url: '/me', headers: bearer(c.access_token) })).statusCode).toBe(401);
      expect(h.logs.filter((l) => l.event === 'grace_replay')).toEqual([]);
      expect(h.logs.find((l) => l.event === 'reuse_detected')).toMatchObject({
        sessionId: first.session_id,
        withinGrace: true,
      });
      expect(h.logs.find((l) => l.event === 'family_revoked')).toMatchObject({
        sessionId: first.session_id,
        reason: 'reused',
      });
    });

    it('a reuse whose caller already hung up is refused without revoking: an abandoned attempt that ran late', async () => {
      const first = await signedIn(); // A
      const b = (await refresh(first.refresh_token)).json() as TokenResponse; // A → B (the app's retry got B)
      const c = (await refresh(b.refresh_token)).json() as TokenResponse; // B → C
      // The app's first attempt with A, abandoned during a database outage, runs now: nobody can receive its answer.
      await expect(
        h.app.services.sessions.refresh(first.refresh_token, h.clock.now(), () => true),
      ).rejects.toMatchObject({ code: 'invalid_grant' });
      expect(h.logs.find((l) => l.event === 'reuse_detected')).toMatchObject({
        sessionId: first.session_id,
        callerGone: true,
      });
      expect(h.logs.filter((l) => l.event === 'family_revoked')).toEqual([]);
      // The family lives on: the app's current token rotates.
      expect((await refresh(c.refresh_token)).statusCode).toBe(200);
      // The same replay from a caller still connected (a thief waiting for the answer) revokes the family.
      expect((await refresh(first.refresh_token)).json<Problem>()).toMatchObject({ reason: 'reused' });
      expect(h.logs.find((l) => l.event === 'family_revoked')).toMatchObject({ reason: 'reused' });
    });

    it('refuses a grace retry of a middle token whose successor was rotated (B after B → C)', async () => {
      const first = await signedIn();
      const b = (await refresh(first.refresh_token)).json() as TokenResponse;
      const c = (await refresh(b.refresh_token)).json() as TokenResponse;
      // A replay of B while C is unspent is a legitimate retry...
      expect((await refresh(b.refresh_token)).json<TokenResponse>().refresh_token).toBe(c.refresh_token);
      // ...but once C is spent, it is reuse.
      expect((await refresh(c.refresh_token)).statusCode).toBe(200);
      expect((await refresh(b.refresh_token)).json<Problem>()).toMatchObject({ reason: 'reused' });
    });

    it('revokes the whole family when a spent token comes back after the grace window', async () => {
      const first = await signedIn();
      const second = (await refresh(first.refresh_token)).json() as TokenResponse;
      h.clock.advance(11);
      const reuse = await refresh(first.refresh_token);
      expect(reuse.statusCode).toBe(401);
      expect(reuse.json<Problem>()).toMatchObject({ code: 'invalid_grant', reason: 'reused' });
      // The legitimate successor is dead too, and so is the family's access token.
      const after = await refresh(second.refresh_token);
      expect(after.json<Problem>()).toMatchObject({ code: 'invalid_grant', reason: 'revoked' });
      expect((await h.app.inject({ url: '/me', headers: bearer(second.access_token) })).statusCode).toBe(401);
      expect(h.logs.map((l) => l.event)).toEqual(
        expect.arrayContaining(['reuse_detected', 'family_revoked']),
      );
    });

    it('20 concurrent refreshes of one token: one rotation, everyone gets the same pair, no logout', async () => {
      const first = await signedIn();
      const results = await Promise.all(Array.from({ length: 20 }, () => refresh(first.refresh_token)));
      expect(results.map((r) => r.statusCode)).toEqual(Array(20).fill(200));
      const tokens = new Set(results.map((r) => (r.json() as TokenResponse).refresh_token));
      expect(tokens.size).toBe(1);
      expect(h.logs.filter((l) => l.event === 'refresh')).toHaveLength(1);
      expect(h.logs.some((l) => l.event === 'family_revoked')).toBe(false);
      expect((await refresh([...tokens][0]!)).statusCode).toBe(200);
    });

    it('concurrent refreshes of different families (one batch): each rotates its own, refusals stay per token', async () => {
      const a = await signedIn(1001);
      const b = await signedIn(1002);
      const c = await signedIn(1003);
      expect((await h.post('/auth/logout', { refresh_token: c.refresh_token })).statusCode).toBe(204);
      const stranger = newRefreshToken(a.user.id, '00000000-0000-4000-8000-000000000000');
      const [a1, bRes, cRes, unknown, a2] = await Promise.all(
        [a, b, c]
          .map((t) => t.refresh_token)
          .concat(stranger, a.refresh_token)
          .map(refresh),
      );
      expect([a1, bRes, a2].map((r) => r!.statusCode)).toEqual([200, 200, 200]);
      expect(a1!.json<TokenResponse>()).toMatchObject({ session_id: a.session_id, user: { id: a.user.id } });
      expect(a2!.json<TokenResponse>().refresh_token).toBe(a1!.json<TokenResponse>().refresh_token);
      expect(bRes!.json<TokenResponse>()).toMatchObject({
        session_id: b.session_id,
        user: { id: b.user.id },
      });
      expect(cRes!.json<Problem>()).toMatchObject({ code: 'invalid_grant', reason: 'revoked' });
      expect(unknown!.json<Problem>()).toMatchObject({ code: 'invalid_grant', reason: 'unknown' });
      const rotated = h.logs.filter((l) => l.event === 'refresh').map((l) => l.sessionId);
      expect(rotated.sort()).toEqual([a.session_id, b.session_id].sort());
      for (const next of [a1!, bRes!])
        expect((await refresh(next.json<TokenResponse>().refresh_token)).statusCode).toBe(200);
    });

    // Only meaningful on a shared server database (defined, not skipped, so CI counts no skip on PGlite).
    if (kind === 'postgres')
      it('two backend processes on one PostgreSQL: still exactly one rotation', async () => {
        const first = await signedIn();
        const otherDatabase = await openDatabase({ url: h.db.url, poolMax: 5 });
        const other = await buildApp(h.config, {
          database: otherDatabase,
          clock: h.clock.now,
          logger: pino({ level: 'silent' }),
        });
        try {
          const results = await Promise.all(
            Array.from({ length: 20 }, (_, i) =>
              (i % 2 ? other : h.app).inject({
                method: 'POST',
                url: '/auth/refresh',
                payload: { refresh_token: first.refresh_token },
              }),
            ),
          );
          expect(results.map((r) => r.statusCode)).toEqual(Array(20).fill(200));
          expect(new Set(results.map((r) => (r.json() as TokenResponse).refresh_token)).size).toBe(1);
        } finally {
          await other.close();
          await otherDatabase.close();
        }
      });

    it('refuses an unknown token with reason unknown', async () => {
      const res = await refresh('x'.repeat(43));
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      expect(res.json<Problem>()).toMatchObject({ code: 'invalid_grant', reason: 'unknown' });
    });

    it('expires refresh tokens on our clock', async () => {
      const first = await signedIn();
      h.clock.advance(3601);
      const res = await refresh(first.refresh_token);
      expect(res.json<Problem>()).toMatchObject({ code: 'invalid_grant', reason: 'expired' });
    });

    it('expires access tokens on our clock', async () => {
      const first = await signedIn();
      expect((await h.app.inject({ url: '/me', headers: bearer(first.access_token) })).statusCode).toBe(200);
      h.clock.advance(901);
      const me = await h.app.inject({ url: '/me', headers: bearer(first.access_token) });
      expect(me.statusCode).toBe(401);
      expect(me.json().code).toBe('unauthorized');
    });

    it('keeps working while Kakao is down (refresh never calls Kakao)', async () => {
      const first = await signedIn();
      await h.fault({ endpoint: '*', kind: 'kakao_error', code: -1 });
      const res = await refresh(first.refresh_token);
      expect(res.statusCode).toBe(200);
    });

    it('logout revokes the family, calls Kakao logout, and is idempotent', async () => {
      const first = await signedIn();
      const out = await h.post('/auth/logout', { refresh_token: first.refresh_token });
      expect(out.statusCode).toBe(204);
      const { requests } = (await h.control('/__emulator/requests', undefined, 'GET')) as {
        requests: { path: string }[];
      };
      expect(requests.some((r) => r.path === '/v1/user/logout')).toBe(true);
      expect((await refresh(first.refresh_token)).json<Problem>()).toMatchObject({ reason: 'revoked' });
      expect((await h.app.inject({ url: '/me', headers: bearer(first.access_token) })).statusCode).toBe(401);
      expect((await h.post('/auth/logout', { refresh_token: first.refresh_token })).statusCode).toBe(204);
      expect((await h.post('/auth/logout', { refresh_token: 'never-issued' })).statusCode).toBe(204);
      expect(h.logs.some((l) => l.event === 'logout')).toBe(true);
    });

    it('logout succeeds even when Kakao logout fails', async () => {
      const first = await signedIn();
      await h.fault({ endpoint: '/v1/user/logout', kind: 'hang' });
      const out = await h.post('/auth/logout', { refresh_token: first.refresh_token });
      expect(out.statusCode).toBe(204);
      expect((await refresh(first.refresh_token)).json<Problem>()).toMatchObject({ reason: 'revoked' });
    });
  });
});
