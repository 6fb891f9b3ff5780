import type { Problem, TokenResponse } from '@kakao-desktop/contract';
import { sql } from 'drizzle-orm';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app';
import { hashRefreshToken } from '../../src/tokens/refresh-token';
import { DATABASES, unavailable } from '../helpers/databases';
import { useHarness } from '../helpers/harness';
import { manualTimers } from '../helpers/timers';

const TTL = 3600;
const RETENTION = 600;

describe.each(DATABASES)('retention on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    const h = useHarness(kind, {
      REFRESH_TOKEN_TTL_SECONDS: String(TTL),
      TOKEN_RETENTION_SECONDS: String(RETENTION),
      RETENTION_BATCH_SIZE: '3',
    });
    const refresh = (token: string) => h.post('/auth/refresh', { refresh_token: token });
    const purge = () => h.app.services.retention.purge(h.clock.now());
    const signedIn = async (deviceName: string) =>
      (await h.signIn({ accountId: 1001, deviceName })).json<TokenResponse>();
    const rotate = async (token: string) => (await refresh(token)).json<TokenResponse>().refresh_token;

    async function tokenRows(): Promise<Set<string>> {
      const result = (await h.db.database.db.execute(
        sql`select token_hash from refresh_tokens`,
      )) as unknown as {
        rows: { token_hash: string }[];
      };
      return new Set(result.rows.map((r) => r.token_hash));
    }
    async function sessionCount(): Promise<number> {
      const result = (await h.db.database.db.execute(
        sql`select count(*)::int as n from sessions`,
      )) as unknown as {
        rows: { n: number }[];
      };
      return Number(result.rows[0]!.n);
    }

    it('keeps spent rows until they expire (reuse is still detected), purges them RETENTION after expiry', async () => {
      const a = (await signedIn('Laptop')).refresh_token;
      h.clock.advance(1000);
      const b = await rotate(a);
      h.clock.advance(1000);
      const c = await rotate(b);
      expect(await purge()).toEqual({ tokens: 0, sessions: 0 });

      // A expired; within the retention period it stays. (Margins of 30 s: the harness clock also runs.)
      h.clock.advance(TTL - 2000 + RETENTION - 30);
      expect(await purge()).toEqual({ tokens: 0, sessions: 0 });
      // A's expiry is now more than RETENTION ago: only A goes.
      h.clock.advance(60);
      expect(await purge()).toEqual({ tokens: 1, sessions: 0 });
      expect(await tokenRows()).toEqual(new Set([hashRefreshToken(b), hashRefreshToken(c)]));
      // The spent, unexpired B is still known: presenting it is still a detected reuse.
      const reuse = await refresh(b);
      expect(reuse.json<Problem>()).toMatchObject({ reason: 'reused' });
    });

    it('deletes a dead session with its last token row; a live family is untouched', async () => {
      const idle = (await signedIn('Old laptop')).refresh_token;
      let live = (await signedIn('Laptop')).refresh_token;
      // The live family rotates every half TTL; the idle one never does.
      for (let i = 0; i < 4; i++) {
        h.clock.advance(TTL / 2);
        live = await rotate(live);
      }
      h.clock.advance(RETENTION - 60);
      // Expired for more than RETENTION: the idle family's token and the live family's first two rows.
      const first = await purge();
      expect(first.tokens).toBe(3);
      const rest = await purge();
      expect(first.sessions + rest.sessions).toBe(1);
      expect(await sessionCount()).toBe(1);
      expect((await tokenRows()).has(hashRefreshToken(idle))).toBe(false);
      expect((await refresh(idle)).json<Problem>()).toMatchObject({ reason: 'unknown' });
      expect((await refresh(live)).statusCode).toBe(200);
    });

    it('purges a revoked family RETENTION after revocation, at most RETENTION_BATCH_SIZE rows per run', async () => {
      let token = (await signedIn('Laptop')).refresh_token;
      const keep = (await signedIn('Desk')).refresh_token;
      for (let i = 0; i < 4; i++) token = await rotate(token); // 5 rows in the family
      expect((await h.post('/auth/logout', { refresh_token: token })).statusCode).toBe(204);

      h.clock.advance(RETENTION - 30);
      expect(await purge()).toEqual({ tokens: 0, sessions: 0 });
      expect((await refresh(token)).json<Problem>()).toMatchObject({ reason: 'revoked' });

      h.clock.advance(60);
      expect(await purge()).toEqual({ tokens: 3, sessions: 0 });
      expect(await purge()).toEqual({ tokens: 2, sessions: 1 });
      expect(await purge()).toEqual({ tokens: 0, sessions: 0 });
      expect(await tokenRows()).toEqual(new Set([hashRefreshToken(keep)]));
      expect(await sessionCount()).toBe(1);
      expect((await refresh(token)).json<Problem>()).toMatchObject({ reason: 'unknown' });
      expect((await refresh(keep)).statusCode).toBe(200);
    });

    it('runs on the app timer from ready until close, on the app clock', async () => {
      const revoked = (await signedIn('Laptop')).refresh_token;
      await h.post('/auth/logout', { refresh_token: revoked });
      const timers = manualTimers();
      const app = await buildApp(
        { ...h.config, retention: { ...h.config.retention, intervalSeconds: 60 } },
        { database: h.db.database, clock: h.clock.now, logger: pino({ level: 'silent' }), timers },
      );
      try {
        expect(timers.pending()).toEqual([]);
        await app.ready();
        expect(timers.pending()).toEqual([60_000]);
        // Not yet RETENTION past the revocation on the app clock: the run purges nothing.
        await timers.fire();
        expect(await sessionCount()).toBe(1);
        expect(timers.pending()).toEqual([60_000]);
        h.clock.advance(RETENTION + 1);
        await timers.fire();
        expect(await sessionCount()).toBe(0);
      } finally {
        await app.close();
      }
      expect(timers.pending()).toEqual([]);
    });
  });
});
