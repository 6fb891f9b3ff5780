/**
 * The SQL of sessions outside rotation: revocation (one session, one user's own, all of a user's), the liveness
 * check behind every bearer request, the device list, and the tombstones a deleted user leaves. Rotation's SQL is in
 * rotation-store.ts; the rules are in service.ts.
 */
import type { RefreshRefusalReason } from '@kakao-desktop/contract';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { refreshTokens, sessions } from '../db/schema';
import { toDate } from './rotation-store';

/** Stored revocation reasons; the first one presented is also what a refresh of that family is told. */
export type RevokeReason = Extract<
  RefreshRefusalReason,
  'revoked' | 'user_deleted' | 'kakao_unlinked' | 'key_mismatch'
>;

export interface SessionInfo {
  id: string;
  deviceName: string | null;
  createdAt: Date;
  lastUsedAt: Date;
}

export interface RevokedSession {
  id: string;
  deviceName: string | null;
}

export interface SessionStore {
  /** Revokes the session if it is live; false when it was already revoked. */
  revoke(sessionId: string, reason: RevokeReason, now: Date): Promise<boolean>;
  /** Revokes the session if it is live and the user's; undefined otherwise. */
  revokeOwned(userId: string, sessionId: string, now: Date): Promise<RevokedSession | undefined>;
  /** Revokes every live session of the user; returns those it revoked. */
  revokeAllForUser(userId: string, reason: RevokeReason, now: Date): Promise<RevokedSession[]>;
  /** Drops the device names of the user's sessions (they stay as tombstones once the user is deleted). */
  forgetDevices(userId: string): Promise<void>;
  isLive(sessionId: string, userId: string): Promise<boolean>;
  /** The user's live sessions, newest first; "last used" is the newest rotation. */
  list(userId: string): Promise<SessionInfo[]>;
}

// Raw and prepared: it runs on every bearer request.
const IS_LIVE = 'select 1 as live from sessions where id = $1 and user_id = $2 and revoked_at is null';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function createSessionStore(database: Database): SessionStore {
  const db = database.db;
  const revokeWhere = async (where: ReturnType<typeof and>, reason: RevokeReason, now: Date) =>
    db
      .update(sessions)
      .set({ revokedAt: now, revokedReason: reason })
      .where(and(where, isNull(sessions.revokedAt)))
      .returning({ id: sessions.id, deviceName: sessions.deviceName });

  return {
    async revoke(sessionId, reason, now) {
      return (await revokeWhere(eq(sessions.id, sessionId), reason, now)).length > 0;
    },

    async revokeOwned(userId, sessionId, now) {
      const where = and(eq(sessions.id, sessionId), eq(sessions.userId, userId));
      return (await revokeWhere(where, 'revoked', now))[0];
    },

    revokeAllForUser(userId, reason, now) {
      return revokeWhere(eq(sessions.userId, userId), reason, now);
    },

    async forgetDevices(userId) {
      await db.update(sessions).set({ deviceName: null }).where(eq(sessions.userId, userId));
    },

    async isLive(sessionId, userId) {
      if (!UUID.test(sessionId) || !UUID.test(userId)) return false;
      return (await database.query('kd_is_live', IS_LIVE, [sessionId, userId])).length > 0;
    },

    async list(userId) {
      const lastRotation = sql<Date>`(select max(${refreshTokens.issuedAt}) from ${refreshTokens} where ${refreshTokens.sessionId} = ${sessions.id})`;
      const rows = await db
        .select({
          id: sessions.id,
          deviceName: sessions.deviceName,
          createdAt: sessions.createdAt,
          lastUsedAt: sessions.lastUsedAt,
          lastRotation,
        })
        .from(sessions)
        .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)))
        .orderBy(desc(sessions.createdAt));
      return rows.map(({ lastRotation: rotated, ...r }) => {
        const at = rotated ? toDate(rotated).getTime() : 0;
        return { ...r, lastUsedAt: new Date(Math.max(at, r.lastUsedAt.getTime())) };
      });
    },
  };
}
