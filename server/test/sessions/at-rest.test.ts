/**
 * The attack on refresh tokens at rest: a full database dump plus every key the server holds, taken after the
 * grace window, must not yield a live refresh token — not in clear, not by decryption, not by recomputing a
 * successor, and no string found that way rotates.
 */
import { createHmac } from 'node:crypto';
import type { TokenResponse } from '@kakao-desktop/contract';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import {
  hashRefreshToken,
  parseRefreshToken,
  rotationKeyFrom,
  successorRefreshToken,
} from '../../src/tokens/refresh-token';
import { DATABASES, unavailable } from '../helpers/databases';
import { useHarness } from '../helpers/harness';

/** Every string inside a value (JSON strings and their parsed content included). */
function stringsIn(value: unknown, out: Set<string>): Set<string> {
  if (typeof value === 'string') {
    out.add(value);
    try {
      const parsed: unknown = JSON.parse(value);
      if (typeof parsed === 'object' && parsed !== null) stringsIn(parsed, out);
    } catch {}
  } else if (value instanceof Date) out.add(value.toISOString());
  else if (Array.isArray(value)) for (const v of value) stringsIn(v, out);
  else if (typeof value === 'object' && value !== null)
    for (const v of Object.values(value)) stringsIn(v, out);
  else if (value !== null && value !== undefined) out.add(String(value));
  return out;
}

describe.each(DATABASES)('refresh tokens at rest on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    const h = useHarness(kind, { REFRESH_GRACE_SECONDS: '10' });
    const refresh = (token: string) => h.post('/auth/refresh', { refresh_token: token });

    /** Every row of every table (all schemas but the system's), as the attacker's copy. */
    async function dump(): Promise<{ tables: string[]; rows: Record<string, unknown>[] }> {
      const q = async (text: string) =>
        ((await h.db.database.db.execute(sql.raw(text))) as unknown as { rows: Record<string, unknown>[] })
          .rows;
      const tables = await q(
        `select table_schema, table_name from information_schema.tables
         where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')`,
      );
      const rows: Record<string, unknown>[] = [];
      for (const t of tables)
        rows.push(...(await q(`select * from "${String(t.table_schema)}"."${String(t.table_name)}"`)));
      return { tables: tables.map((t) => String(t.table_name)), rows };
    }

    it('a dump plus every server key, after the grace window, yields no live refresh token', async () => {
      // Two devices; one family rotated three times (one grace retry among them), the other once.
      const laptop = (await h.signIn({ accountId: 1001, deviceName: 'Laptop' })).json<TokenResponse>();
      const desk = (await h.signIn({ accountId: 1001, deviceName: 'Desk' })).json<TokenResponse>();
      let live = laptop.refresh_token;
      for (let i = 0; i < 3; i++) {
        const next = (await refresh(live)).json<TokenResponse>().refresh_token;
        if (i === 1) expect((await refresh(live)).json<TokenResponse>().refresh_token).toBe(next);
        live = next;
      }
      const deskLive = (await refresh(desk.refresh_token)).json<TokenResponse>().refresh_token;
      h.clock.advance(11);

      const { tables, rows } = await dump();
      expect(tables).toEqual(expect.arrayContaining(['refresh_tokens', 'sessions', 'signing_keys']));
      // The live tokens' rows are in the dump (unspent): the dump is complete, only the tokens are missing.
      const tokenRows = rows.filter((r) => 'token_hash' in r);
      expect(tokenRows.length).toBe(6);
      for (const token of [live, deskLive])
        expect(tokenRows.find((r) => r.token_hash === hashRefreshToken(token))).toMatchObject({
          spent_at: null,
        });

      // Every key the server holds: the encryption key, what is derived from it, and the signing key it unseals.
      const { box, config } = h.app.services;
      const rotationKey = rotationKeyFrom(config.tokens.encryptionKey);
      const found = stringsIn(rows, new Set());
      for (const s of [...found]) {
        try {
          stringsIn(box.open(s), found);
        } catch {}
      }
      const families = rows
        .filter((r) => 'device_name' in r && 'revoked_at' in r)
        .map((r) => ({ userId: String(r.user_id), sessionId: String(r.id) }));
      expect(families).toHaveLength(2);
      const token = (ids: { userId: string; sessionId: string }, secret: Buffer) =>
        Buffer.concat([
          Buffer.from(ids.userId.replaceAll('-', ''), 'hex'),
          Buffer.from(ids.sessionId.replaceAll('-', ''), 'hex'),
          secret,
        ]).toString('base64url');
      const candidates = new Set(found);
      for (const s of found) {
        for (const ids of families) {
          // The server's own successor function, and keyed hashes of the stored value under every key.
          candidates.add(successorRefreshToken(s, parseRefreshToken(s) ?? ids, rotationKey));
          for (const key of [rotationKey, config.tokens.encryptionKey])
            candidates.add(token(ids, createHmac('sha256', key).update(s).digest()));
          // A hash's bytes taken as a token's secret part.
          const bytes = Buffer.from(s, 'base64url');
          if (bytes.length === 32) {
            candidates.add(token(ids, bytes));
            candidates.add(successorRefreshToken(token(ids, bytes), ids, rotationKey));
          }
        }
      }
      const everything = [...candidates].join('\n');
      for (const token of [live, deskLive, laptop.refresh_token, desk.refresh_token])
        expect(everything).not.toContain(token);

      // Nothing found rotates (and nothing found is even a spent token: the families stay live).
      const tokenShaped = [...candidates].filter((c) => parseRefreshToken(c));
      expect(tokenShaped.length).toBeGreaterThan(0);
      for (const c of tokenShaped) expect((await refresh(c)).statusCode).toBe(401);
      expect(h.logs.some((l) => l.event === 'reuse_detected')).toBe(false);
      // The live tokens themselves still work: they were live all along, just not recoverable.
      expect((await refresh(live)).statusCode).toBe(200);
      expect((await refresh(deskLive)).statusCode).toBe(200);
    });
  });
});
