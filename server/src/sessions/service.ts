/**
 * Sessions = refresh-token families. Rotation is one atomic UPDATE … WHERE token_hash = $1 AND spent_at IS NULL,
 * so exactly one of any number of concurrent refreshes (on any number of backend processes) wins; the others
 * find the token spent and, inside the grace window, get the winner's pair back (stored encrypted).
 * A spent token presented after the grace window revokes the whole family (RFC 9700 §4.14.2).
 * Under load, concurrent rotations share one statement (ROTATE_BATCH via createBatcher): same rules, row by row.
 */
import { randomUUID } from 'node:crypto';
import type { RefreshRefusalReason } from '@kakao-desktop/contract';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { createBatcher } from '../db/batcher';
import type { Database } from '../db/client';
import { refreshTokens, sessions } from '../db/schema';
import { refreshRefused } from '../problem';
import type { AccessTokenService } from '../tokens/access-token';
import type { CryptoBox } from '../tokens/crypto-box';
import { hashRefreshToken, newRefreshToken, parseRefreshToken } from '../tokens/refresh-token';
import type { UserRecord } from '../users/repository';

export interface TokenPair {
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
  sessionId: string;
  userId: string;
}

export interface SessionInfo {
  id: string;
  deviceName: string | null;
  createdAt: Date;
  lastUsedAt: Date;
}

/** What the audit log records: never token values. */
export type AuditEvent =
  | 'sign_in'
  | 'refresh'
  | 'reuse_detected'
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

export interface SessionServiceOptions {
  refreshTtlSeconds: number;
  refreshGraceSeconds: number;
}

/** Stored revocation reasons; the first one presented is also what a refresh of that family is told. */
type RevokeReason = Extract<RefreshRefusalReason, 'revoked' | 'user_deleted' | 'kakao_unlinked'>;

interface TokenRow {
  session_id: string;
  expires_at: Date | string;
  spent_at: Date | string | null;
  successor_enc: string | null;
  user_id: string | null;
  device_name: string | null;
  revoked_reason: string | null;
  revoked: boolean;
  email: string | null;
  email_verified: boolean | null;
  nickname: string | null;
  profile_image_url: string | null;
  thumbnail_image_url: string | null;
  name: string | null;
  age_range: string | null;
  created_at: Date | string | null;
  kakao_id: string | null;
}

function userOf(row: TokenRow): UserRecord {
  return {
    id: row.user_id!,
    email: row.email,
    emailVerified: row.email_verified ?? false,
    nickname: row.nickname,
    profileImageUrl: row.profile_image_url,
    thumbnailImageUrl: row.thumbnail_image_url,
    name: row.name,
    ageRange: row.age_range,
    createdAt: toDate(row.created_at!),
    kakaoId: row.kakao_id,
  };
}

// --- Hot-path SQL (prepared statements on PostgreSQL) ---

/** The token, its family and the user's profile in one indexed lookup. */
const READ_TOKEN = `
  select rt.session_id, rt.expires_at, rt.spent_at, rt.successor_enc,
         s.user_id, s.device_name, s.revoked_reason, (s.revoked_at is not null) as revoked,
         u.email, u.email_verified, u.nickname, u.profile_image_url, u.thumbnail_image_url, u.name, u.age_range,
         u.created_at,
         (select i.provider_user_id from identities i where i.user_id = u.id and i.provider = 'kakao' limit 1) as kakao_id
  from refresh_tokens rt
  join sessions s on s.id = rt.session_id
  left join users u on u.id = s.user_id
  where rt.token_hash = $1`;

/**
 * THE rotation, one statement: spend the presented token only if it is unspent, unexpired and its family live (and
 * the user's), insert the successor, and return the profile for the response. (The session's "last used" time is
 * the newest token's issued_at, read when listing, so the hot path writes no session row.) No row = refused or
 * lost a race; the slow path then reads the token to say why (or to replay the winner's pair in the grace window).
 */
const ROTATE = `
  with spent as (
    update refresh_tokens set spent_at = $2::timestamptz, successor_enc = $3
    where token_hash = $1 and spent_at is null and expires_at > $2::timestamptz
      and exists (select 1 from sessions s
                  where s.id = refresh_tokens.session_id and s.user_id = $6 and s.revoked_at is null)
    returning session_id
  ), fresh as (
    insert into refresh_tokens (token_hash, session_id, issued_at, expires_at)
    select $4, session_id, $2::timestamptz, $5::timestamptz from spent
  )
  select spent.session_id, s.user_id, s.device_name,
         u.email, u.email_verified, u.nickname, u.profile_image_url, u.thumbnail_image_url, u.name, u.age_range,
         u.created_at,
         (select i.provider_user_id from identities i where i.user_id = u.id and i.provider = 'kakao' limit 1) as kakao_id
  from spent join sessions s on s.id = spent.session_id join users u on u.id = s.user_id`;

/**
 * ROTATE for many tokens at once (see createBatcher): one row per presented token, each with its own clock
 * reading; `i` says which input a returned row belongs to. Inputs arrive sorted by token hash, so concurrent batches
 * lock rows in the same order.
 */
const ROTATE_BATCH = `
  with req as (
    select * from unnest($1::text[], $2::timestamptz[], $3::text[], $4::text[], $5::timestamptz[], $6::uuid[])
      with ordinality as r(token_hash, now, successor_enc, fresh_hash, fresh_expires_at, user_id, i)
  ), spent as (
    update refresh_tokens rt set spent_at = req.now, successor_enc = req.successor_enc
    from req
    -- Written so that no statistics can lead the planner astray (PGlite never analyzes): the tokens are found
    -- through the primary key (= any), and the family check is a per-row subquery, never a join on user_id (which,
    -- for a user with many sessions, once cost 100,000 index probes for 20 tokens).
    where rt.token_hash = any($1::text[]) and rt.token_hash = req.token_hash
      and rt.spent_at is null and rt.expires_at > req.now
      and (select s.user_id = req.user_id and s.revoked_at is null from sessions s where s.id = rt.session_id)
    returning req.i, req.fresh_hash, req.now, req.fresh_expires_at, rt.session_id
  ), fresh as (
    insert into refresh_tokens (token_hash, session_id, issued_at, expires_at)
    select fresh_hash, session_id, now, fresh_expires_at from spent
  )
  select spent.i, spent.session_id, s.user_id, s.device_name,
         u.email, u.email_verified, u.nickname, u.profile_image_url, u.thumbnail_image_url, u.name, u.age_range,
         u.created_at,
         (select i.provider_user_id from identities i where i.user_id = u.id and i.provider = 'kakao' limit 1) as kakao_id
  from spent join sessions s on s.id = spent.session_id join users u on u.id = s.user_id`;

/** One rotation as the batcher sees it: the ROTATE parameters. */
interface Rotation {
  hash: string;
  now: string;
  successorEnc: string;
  freshHash: string;
  freshExpiresAt: string;
  userId: string;
}

const IS_LIVE = 'select 1 as live from sessions where id = $1 and user_id = $2 and revoked_at is null';

interface Successor {
  r: string;
  a: string;
  ae: number;
  re: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const toDate = (v: Date | string) => (v instanceof Date ? v : new Date(v));
const iso = (d: Date) => d.toISOString();

export interface SessionService {
  /** Starts a new family for a freshly signed-in user. */
  start(input: { userId: string; deviceName: string | null; now: Date }): Promise<TokenPair>;
  /** Rotates; throws ApiError invalid_grant with a reason when refused. */
  refresh(refreshToken: string, now: Date): Promise<TokenPair & { user: UserRecord }>;
  /** Revokes the token's family. Returns what was revoked, or undefined for an unknown token (idempotent). */
  revokeByToken(
    refreshToken: string,
    now: Date,
  ): Promise<{ sessionId: string; userId: string | null; deviceName: string | null } | undefined>;
  /** Ends one of the user's sessions; false when it is not theirs or does not exist. */
  revokeOwned(userId: string, sessionId: string, now: Date): Promise<boolean>;
  revokeAllForUser(userId: string, reason: RevokeReason, now: Date): Promise<number>;
  isLive(sessionId: string, userId: string): Promise<boolean>;
  list(userId: string): Promise<SessionInfo[]>;
}

export function createSessionService(
  database: Database,
  box: CryptoBox,
  accessTokens: AccessTokenService,
  options: SessionServiceOptions,
  audit: Audit,
): SessionService {
  const db = database.db;
  const refreshExpiry = (now: Date) => new Date(now.getTime() + options.refreshTtlSeconds * 1000);

  const rotationParams = (r: Rotation) => [
    r.hash,
    r.now,
    r.successorEnc,
    r.freshHash,
    r.freshExpiresAt,
    r.userId,
  ];
  /** Spends the token and inserts its successor; undefined = refused or lost a race (the slow path says why). */
  const rotate = createBatcher<Rotation, TokenRow | undefined>({
    runOne: async (r) =>
      (await database.query<TokenRow>('kd_rotate', ROTATE, rotationParams(r), { durable: false }))[0],
    async runBatch(inputs) {
      // One row per token: a token presented twice in one batch is rotated once (for the first presenter); the
      // others see it spent, after this batch commits, and get the same pair back through the grace window.
      const firsts = new Map<string, number>();
      inputs.forEach((r, i) => {
        if (!firsts.has(r.hash)) firsts.set(r.hash, i);
      });
      const order = [...firsts.values()].sort((a, b) => (inputs[a]!.hash < inputs[b]!.hash ? -1 : 1));
      const column = <K extends keyof Rotation>(k: K) => order.map((i) => inputs[i]![k]);
      const rows = await database.query<TokenRow & { i: string }>(
        'kd_rotate_batch',
        ROTATE_BATCH,
        [
          column('hash'),
          column('now'),
          column('successorEnc'),
          column('freshHash'),
          column('freshExpiresAt'),
          column('userId'),
        ],
        { durable: false },
      );
      const results: (TokenRow | undefined)[] = new Array(inputs.length);
      for (const row of rows) results[order[Number(row.i) - 1]!] = row;
      return results;
    },
    maxBatch: 64,
    maxInFlight: database.kind === 'postgres' ? 2 : 1,
  });

  async function readToken(hash: string): Promise<TokenRow | undefined> {
    const rows = await database.query<TokenRow>('kd_read_token', READ_TOKEN, [hash]);
    return rows[0];
  }

  async function revokeSession(sessionId: string, reason: RevokeReason, now: Date): Promise<boolean> {
    const rows = await db
      .update(sessions)
      .set({ revokedAt: now, revokedReason: reason })
      .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)))
      .returning({ id: sessions.id });
    return rows.length > 0;
  }

  /** A spent token came back: the winner's pair inside the grace window, else reuse → family revoked. */
  async function replayOrRevoke(row: TokenRow, now: Date): Promise<TokenPair & { user: UserRecord }> {
    const spentAt = toDate(row.spent_at!);
    const withinGrace = now.getTime() - spentAt.getTime() <= options.refreshGraceSeconds * 1000;
    if (withinGrace && row.successor_enc && row.user_id) {
      const s = JSON.parse(box.open(row.successor_enc)) as Successor;
      return {
        accessToken: s.a,
        accessTokenExpiresAt: new Date(s.ae),
        refreshToken: s.r,
        refreshTokenExpiresAt: new Date(s.re),
        sessionId: row.session_id,
        userId: row.user_id,
        user: userOf(row),
      };
    }
    const fields = { userId: row.user_id, sessionId: row.session_id, deviceName: row.device_name };
    audit('reuse_detected', fields);
    if (await revokeSession(row.session_id, 'revoked', now))
      audit('family_revoked', { ...fields, reason: 'reused' });
    throw refreshRefused('reused');
  }

  return {
    async start({ userId, deviceName, now }) {
      const [session] = await db
        .insert(sessions)
        .values({ id: randomUUID(), userId, deviceName, createdAt: now, lastUsedAt: now })
        .returning({ id: sessions.id });
      const refreshToken = newRefreshToken(userId, session!.id);
      const refreshTokenExpiresAt = refreshExpiry(now);
      await db.insert(refreshTokens).values({
        tokenHash: hashRefreshToken(refreshToken),
        sessionId: session!.id,
        issuedAt: now,
        expiresAt: refreshTokenExpiresAt,
      });
      const access = await accessTokens.sign({ userId, sessionId: session!.id, now });
      return {
        accessToken: access.token,
        accessTokenExpiresAt: access.expiresAt,
        refreshToken,
        refreshTokenExpiresAt,
        sessionId: session!.id,
        userId,
      };
    },

    async refresh(presented, now) {
      const hash = hashRefreshToken(presented);
      const claimed = parseRefreshToken(presented);
      if (claimed) {
        // Fast path: everything signed up front, then the one atomic statement.
        const refreshToken = newRefreshToken(claimed.userId, claimed.sessionId);
        const refreshTokenExpiresAt = refreshExpiry(now);
        const access = await accessTokens.sign({ userId: claimed.userId, sessionId: claimed.sessionId, now });
        const successor: Successor = {
          r: refreshToken,
          a: access.token,
          ae: access.expiresAt.getTime(),
          re: refreshTokenExpiresAt.getTime(),
        };
        const rotated = await rotate({
          hash,
          now: iso(now),
          successorEnc: box.seal(JSON.stringify(successor)),
          freshHash: hashRefreshToken(refreshToken),
          freshExpiresAt: iso(refreshTokenExpiresAt),
          userId: claimed.userId,
        });
        if (rotated) {
          audit('refresh', {
            userId: claimed.userId,
            sessionId: rotated.session_id,
            deviceName: rotated.device_name,
          });
          return {
            accessToken: access.token,
            accessTokenExpiresAt: access.expiresAt,
            refreshToken,
            refreshTokenExpiresAt,
            sessionId: rotated.session_id,
            userId: claimed.userId,
            user: userOf(rotated),
          };
        }
      }
      // Slow path: say why it was refused, or replay the winner's pair within the grace window.
      const row = await readToken(hash);
      if (!row) throw refreshRefused('unknown');
      if (row.revoked || !row.user_id) {
        throw refreshRefused(
          !row.user_id ? 'user_deleted' : ((row.revoked_reason as RevokeReason | null) ?? 'revoked'),
        );
      }
      if (row.spent_at) return replayOrRevoke(row, now);
      if (toDate(row.expires_at).getTime() <= now.getTime()) throw refreshRefused('expired');
      // Unspent, live and unexpired yet not rotated: the token does not carry its own ids (not ours).
      throw refreshRefused('unknown');
    },

    async revokeByToken(presented, now) {
      const row = await readToken(hashRefreshToken(presented));
      if (!row) return undefined;
      if (await revokeSession(row.session_id, 'revoked', now))
        audit('family_revoked', {
          userId: row.user_id,
          sessionId: row.session_id,
          deviceName: row.device_name,
          reason: 'logout',
        });
      return { sessionId: row.session_id, userId: row.user_id, deviceName: row.device_name };
    },

    async revokeOwned(userId, sessionId, now) {
      const rows = await db
        .update(sessions)
        .set({ revokedAt: now, revokedReason: 'revoked' })
        .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId), isNull(sessions.revokedAt)))
        .returning({ id: sessions.id, deviceName: sessions.deviceName });
      if (rows[0])
        audit('family_revoked', {
          userId,
          sessionId,
          deviceName: rows[0].deviceName,
          reason: 'session_deleted',
        });
      return rows.length > 0;
    },

    async revokeAllForUser(userId, reason, now) {
      const rows = await db
        .update(sessions)
        .set({ revokedAt: now, revokedReason: reason })
        .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)))
        .returning({ id: sessions.id, deviceName: sessions.deviceName });
      for (const r of rows)
        audit('family_revoked', { userId, sessionId: r.id, deviceName: r.deviceName, reason });
      return rows.length;
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
