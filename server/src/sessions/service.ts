/**
 * Sessions = refresh-token families, and the rules of rotation (RFC 9700 §4.14.2):
 * - a token is spent by the one atomic rotation (rotation-store.ts), which inserts its successor;
 * - a spent token presented again within the grace window gets its successor back, but only while that successor
 *   is itself unspent (it is recomputed from the presented token, never stored), with a freshly signed access token;
 * - anything else presented spent is a reuse: the whole family is revoked.
 * - a family bound to a DPoP key at sign-in rotates (or replays, or logs out) only for a proof of that key; the
 *   rotation statement itself checks it, so a refused call never spends the token (key-binding.ts).
 * Every replay is audited: 'grace_replay' when answered, 'reuse_detected' (withinGrace true/false) when refused.
 */
import { randomUUID } from 'node:crypto';
import type { Database } from '../db/client';
import { refreshRefused } from '../problem';
import type { AccessTokenService } from '../tokens/access-token';
import {
  hashRefreshToken,
  newRefreshToken,
  parseRefreshToken,
  successorRefreshToken,
} from '../tokens/refresh-token';
import { type UserRecord, userFromRow } from '../users/repository';
import { enforceKeyBinding } from './key-binding';
import { createRotationStore, type TokenRow, toDate } from './rotation-store';
import { createSessionStore, type RevokeReason, type SessionInfo } from './session-store';

export type { SessionInfo } from './session-store';

export interface TokenPair {
  /** When the pair was issued (the response's expires_in counts from it). */
  issuedAt: Date;
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
  sessionId: string;
  userId: string;
  /** The DPoP key the family is bound to (the response's token_type is then DPoP); null = Bearer. */
  dpopJkt: string | null;
}

/** What the audit log records: never token values. */
export type AuditEvent =
  | 'sign_in'
  | 'refresh'
  | 'grace_replay'
  | 'reuse_detected'
  | 'key_mismatch'
  | 'family_revoked'
  | 'logout'
  | 'link'
  | 'deletion'
  | 'unlink_callback';

/** Audit fields are flat primitives: no nested object can smuggle a token in (see AUDIT_REDACT_PATHS). */
export type Audit = (
  event: AuditEvent,
  fields: {
    userId?: string | null;
    sessionId?: string;
    deviceName?: string | null;
    [k: string]: string | number | boolean | null | undefined;
  },
) => void;

export interface SessionServiceDeps {
  database: Database;
  accessTokens: AccessTokenService;
  audit: Audit;
  refreshTtlSeconds: number;
  refreshGraceSeconds: number;
  /** HMAC key of successor derivation (rotationKeyFrom). */
  rotationKey: Buffer;
}

export interface SessionService {
  /** Starts a new family for a freshly signed-in user, bound to `dpopJkt` when given. */
  start(input: {
    userId: string;
    deviceName: string | null;
    now: Date;
    dpopJkt?: string | undefined;
  }): Promise<TokenPair>;
  /**
   * Rotates; throws ApiError invalid_grant with a reason when refused. `callerGone` tells whether the caller has
   * already hung up: such a request can hand nobody a token, so a reuse it finds does not revoke the family (below).
   * `proofJkt` = the key of the request's verified DPoP proof (key-binding.ts has the rule for bound families).
   */
  refresh(
    refreshToken: string,
    now: Date,
    callerGone?: () => boolean,
    proofJkt?: string,
  ): Promise<TokenPair & { user: UserRecord }>;
  /**
   * Revokes the token's family. Returns what was revoked, or undefined for an unknown token (idempotent). A bound
   * family needs a proof of its key (`proofJkt`), as for refresh.
   */
  revokeByToken(
    refreshToken: string,
    now: Date,
    proofJkt?: string,
  ): Promise<{ sessionId: string; userId: string | null; deviceName: string | null } | undefined>;
  /** Ends one of the user's sessions; false when it is not theirs or does not exist. */
  revokeOwned(userId: string, sessionId: string, now: Date): Promise<boolean>;
  revokeAllForUser(userId: string, reason: RevokeReason, now: Date): Promise<number>;
  /** A deleted user's sessions stay as tombstones without a device name. */
  forgetDevices(userId: string): Promise<void>;
  isLive(sessionId: string, userId: string): Promise<boolean>;
  list(userId: string): Promise<SessionInfo[]>;
}

export function createSessionService(deps: SessionServiceDeps): SessionService {
  const { database, accessTokens, audit, ...options } = deps;
  const rotation = createRotationStore(database);
  const store = createSessionStore(database);
  const refreshExpiry = (now: Date) => new Date(now.getTime() + options.refreshTtlSeconds * 1000);
  /** The access token of a family: bound to its key (`cnf.jkt`) exactly when the family is. */
  const signAccess = (userId: string, sessionId: string, now: Date, familyJkt: string | null) =>
    accessTokens.sign({ userId, sessionId, now, jkt: familyJkt ?? undefined });

  /**
   * A spent token of a live family came back. Within the grace window, and only while its successor is unspent and
   * unexpired, the answer is that successor with a freshly signed access token; anything else is a reuse.
   */
  async function replayOrRevoke(
    row: TokenRow,
    successor: string | undefined,
    now: Date,
    callerGone: () => boolean,
  ): Promise<TokenPair & { user: UserRecord }> {
    const fields = { userId: row.user_id, sessionId: row.session_id, deviceName: row.device_name };
    const spentSecondsAgo = (now.getTime() - toDate(row.spent_at!).getTime()) / 1000;
    const withinGrace = spentSecondsAgo <= options.refreshGraceSeconds;
    const successorLive =
      row.successor_exists &&
      !row.successor_spent &&
      row.successor_expires_at !== null &&
      toDate(row.successor_expires_at).getTime() > now.getTime();
    if (withinGrace && successorLive && successor && row.user_id) {
      const access = await signAccess(row.user_id, row.session_id, now, row.dpop_jkt);
      audit('grace_replay', { ...fields, spentSecondsAgo });
      return {
        issuedAt: now,
        accessToken: access.token,
        accessTokenExpiresAt: access.expiresAt,
        refreshToken: successor,
        refreshTokenExpiresAt: toDate(row.successor_expires_at!),
        sessionId: row.session_id,
        userId: row.user_id,
        dpopJkt: row.dpop_jkt,
        user: userFromRow(row),
      };
    }
    // A request whose caller hung up (an app's abandoned attempt that waited out a database outage, then ran after
    // the app had retried and rotated on) is refused without revoking: nobody can receive what it would return, and
    // a thief's live replay of a spent token still revokes, as it keeps its connection to get the answer.
    const ghost = callerGone();
    audit('reuse_detected', { ...fields, withinGrace, spentSecondsAgo, ...(ghost && { callerGone: true }) });
    if (ghost) throw refreshRefused('reused');
    if (await store.revoke(row.session_id, 'revoked', now))
      audit('family_revoked', { ...fields, reason: 'reused' });
    throw refreshRefused('reused');
  }

  return {
    async start({ userId, deviceName, now, dpopJkt }) {
      const sessionId = randomUUID();
      const refreshToken = newRefreshToken(userId, sessionId);
      const refreshTokenExpiresAt = refreshExpiry(now);
      await rotation.startFamily({
        sessionId,
        userId,
        deviceName,
        now,
        tokenHash: hashRefreshToken(refreshToken),
        expiresAt: refreshTokenExpiresAt,
        dpopJkt: dpopJkt ?? null,
      });
      const access = await accessTokens.sign({ userId, sessionId, now, jkt: dpopJkt });
      return {
        issuedAt: now,
        accessToken: access.token,
        accessTokenExpiresAt: access.expiresAt,
        refreshToken,
        refreshTokenExpiresAt,
        sessionId,
        userId,
        dpopJkt: dpopJkt ?? null,
      };
    },

    async refresh(presented, now, callerGone = () => false, proofJkt) {
      const hash = hashRefreshToken(presented);
      const claimed = parseRefreshToken(presented);
      let successor: string | undefined;
      let successorHash: string | undefined;
      if (claimed) {
        // Fast path: the successor derived up front, then the one atomic statement; the access token is signed for
        // the family the statement rotated (bound to its key exactly when the family is).
        successor = successorRefreshToken(presented, claimed, options.rotationKey);
        successorHash = hashRefreshToken(successor);
        const successorExpiresAt = refreshExpiry(now);
        // A bound family rotates only for a proof of its key (the statement checks); a proof binds nothing else.
        const rotated = await rotation.rotate({
          tokenHash: hash,
          now,
          successorHash,
          successorExpiresAt,
          userId: claimed.userId,
          jkt: proofJkt,
        });
        if (rotated) {
          const access = await signAccess(claimed.userId, rotated.session_id, now, rotated.dpop_jkt);
          audit('refresh', {
            userId: claimed.userId,
            sessionId: rotated.session_id,
            deviceName: rotated.device_name,
          });
          return {
            issuedAt: now,
            accessToken: access.token,
            accessTokenExpiresAt: access.expiresAt,
            refreshToken: successor,
            refreshTokenExpiresAt: successorExpiresAt,
            sessionId: rotated.session_id,
            userId: claimed.userId,
            dpopJkt: rotated.dpop_jkt,
            user: userFromRow(rotated),
          };
        }
      }
      // Slow path: say why it was refused, or replay the successor within the grace window.
      const row = await rotation.read(hash, successorHash);
      if (!row) throw refreshRefused('unknown');
      // Before anything that spends or revokes: a bound family's token answers only to a proof of its key.
      if (!row.revoked && row.user_id) await enforceKeyBinding(row, proofJkt, now, { store, audit });
      if (row.revoked || !row.user_id) {
        throw refreshRefused(
          !row.user_id ? 'user_deleted' : ((row.revoked_reason as RevokeReason | null) ?? 'revoked'),
        );
      }
      if (row.spent_at) return replayOrRevoke(row, successor, now, callerGone);
      if (toDate(row.expires_at).getTime() <= now.getTime()) throw refreshRefused('expired');
      // Unspent, live and unexpired yet not rotated: the token does not carry its own ids (not ours).
      throw refreshRefused('unknown');
    },

    async revokeByToken(presented, now, proofJkt) {
      const row = await rotation.read(hashRefreshToken(presented), undefined);
      if (!row) return undefined;
      await enforceKeyBinding(row, proofJkt, now, { store, audit });
      if (await store.revoke(row.session_id, 'revoked', now))
        audit('family_revoked', {
          userId: row.user_id,
          sessionId: row.session_id,
          deviceName: row.device_name,
          reason: 'logout',
        });
      return { sessionId: row.session_id, userId: row.user_id, deviceName: row.device_name };
    },

    async revokeOwned(userId, sessionId, now) {
      const revoked = await store.revokeOwned(userId, sessionId, now);
      if (revoked)
        audit('family_revoked', {
          userId,
          sessionId,
          deviceName: revoked.deviceName,
          reason: 'session_deleted',
        });
      return revoked !== undefined;
    },

    async revokeAllForUser(userId, reason, now) {
      const revoked = await store.revokeAllForUser(userId, reason, now);
      for (const r of revoked)
        audit('family_revoked', { userId, sessionId: r.id, deviceName: r.deviceName, reason });
      return revoked.length;
    },

    forgetDevices: store.forgetDevices,
    isLive: store.isLive,
    list: store.list,
  };
}
