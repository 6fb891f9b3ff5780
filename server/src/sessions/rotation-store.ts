/**
 * The SQL behind refresh-token families: start a family, rotate (one statement, batched under load), and read a
 * token with its successor when a rotation was refused. Rules (grace window, reuse) live in the session service.
 *
 * Rotation spends the presented token only if it is unspent, unexpired and its family live, and inserts its
 * successor in the same statement, so exactly one of any number of concurrent rotations (on any number of backend
 * processes) wins. Under load, the rotations that arrive while one is running share the next statement
 * (createBatcher); an idle server sends each alone, through the same statement.
 */
import { createBatcher } from '../db/batcher';
import type { Database } from '../db/client';
import { USER_RECORD_SQL, type UserRecordRow } from '../users/repository';

/** The family's session and device, with its user's record (for the response). */
export interface FamilyRow extends UserRecordRow {
  session_id: string;
  user_id: string | null;
  device_name: string | null;
  /** The DPoP key thumbprint the family is bound to; null = unbound. */
  dpop_jkt: string | null;
}

/** A presented token's row, its family, and the row of the successor it would have (if that exists). */
export interface TokenRow extends FamilyRow {
  expires_at: Date | string;
  spent_at: Date | string | null;
  revoked_reason: string | null;
  revoked: boolean;
  successor_exists: boolean;
  successor_spent: boolean;
  successor_expires_at: Date | string | null;
}

export interface RotationRequest {
  tokenHash: string;
  now: Date;
  successorHash: string;
  successorExpiresAt: Date;
  /** The user the token claims: the family must be theirs. */
  userId: string;
  /** The presented DPoP proof's key: a bound family rotates only for its own key (never spent otherwise). */
  jkt: string | undefined;
}

export interface RotationStore {
  /** Inserts a session and its first token in one statement. */
  startFamily(input: {
    sessionId: string;
    userId: string;
    deviceName: string | null;
    now: Date;
    tokenHash: string;
    expiresAt: Date;
    dpopJkt: string | null;
  }): Promise<void>;
  /** Spends the token and inserts its successor; undefined = refused or lost a race (read() says why). */
  rotate(request: RotationRequest): Promise<FamilyRow | undefined>;
  read(tokenHash: string, successorHash: string | undefined): Promise<TokenRow | undefined>;
}

export const toDate = (v: Date | string) => (v instanceof Date ? v : new Date(v));

const START_FAMILY = `
  with family as (
    insert into sessions (id, user_id, device_name, created_at, last_used_at, dpop_jkt)
    values ($1, $2, $3, $4::timestamptz, $4::timestamptz, $7)
    returning id
  )
  insert into refresh_tokens (token_hash, session_id, issued_at, expires_at)
  select $5, id, $4::timestamptz, $6::timestamptz from family`;

/**
 * THE rotation, for one or many tokens: one row per presented token, each with its own clock reading; `i` says
 * which input a returned row belongs to. Inputs arrive sorted by token hash, so concurrent batches lock rows in the
 * same order. (The session's "last used" time is the newest token's issued_at, read when listing, so the hot path
 * writes no session row.)
 */
const ROTATE = `
  with request as (
    select * from unnest($1::text[], $2::timestamptz[], $3::text[], $4::timestamptz[], $5::uuid[], $6::text[])
      with ordinality as r(token_hash, now, successor_hash, successor_expires_at, user_id, jkt, i)
  ), spent as (
    update refresh_tokens rt set spent_at = request.now
    from request
    -- Written so that no statistics can lead the planner astray (PGlite never analyzes): the tokens are found
    -- through the primary key (= any), and the family check is a per-row subquery, never a join on user_id (which,
    -- for a user with many sessions, turns into an index probe per session; see bench/README.md).
    where rt.token_hash = any($1::text[]) and rt.token_hash = request.token_hash
      and rt.spent_at is null and rt.expires_at > request.now
      -- A bound family only for a proof of its key (a null jkt compares to null: refused).
      and (select s.user_id = request.user_id and s.revoked_at is null
                  and (s.dpop_jkt is null or s.dpop_jkt = request.jkt)
           from sessions s where s.id = rt.session_id)
    returning request.i, request.successor_hash, request.now, request.successor_expires_at, rt.session_id
  ), successor as (
    insert into refresh_tokens (token_hash, session_id, issued_at, expires_at)
    select successor_hash, session_id, now, successor_expires_at from spent
  )
  select spent.i, spent.session_id, s.user_id, s.device_name, s.dpop_jkt, ${USER_RECORD_SQL}
  from spent join sessions s on s.id = spent.session_id join users u on u.id = s.user_id`;

const READ_TOKEN = `
  select rt.session_id, rt.expires_at, rt.spent_at,
         s.user_id, s.device_name, s.dpop_jkt, s.revoked_reason, (s.revoked_at is not null) as revoked,
         (next.token_hash is not null) as successor_exists, (next.spent_at is not null) as successor_spent,
         next.expires_at as successor_expires_at, ${USER_RECORD_SQL}
  from refresh_tokens rt
  join sessions s on s.id = rt.session_id
  left join users u on u.id = s.user_id
  left join refresh_tokens next on next.token_hash = $2 and next.session_id = rt.session_id
  where rt.token_hash = $1`;

export function createRotationStore(database: Database): RotationStore {
  async function rotateAll(requests: RotationRequest[]): Promise<(FamilyRow | undefined)[]> {
    // One row per token: a token presented twice in one batch is rotated once (for the first presenter); the
    // others see it spent, after this batch commits, and get its successor through the grace window.
    const firsts = new Map<string, number>();
    requests.forEach((r, i) => {
      if (!firsts.has(r.tokenHash)) firsts.set(r.tokenHash, i);
    });
    const order = [...firsts.values()].sort((a, b) =>
      requests[a]!.tokenHash < requests[b]!.tokenHash ? -1 : 1,
    );
    const column = <T>(pick: (r: RotationRequest) => T) => order.map((i) => pick(requests[i]!));
    const rows = await database.query<FamilyRow & { i: string }>(
      'kd_rotate',
      ROTATE,
      [
        column((r) => r.tokenHash),
        column((r) => r.now.toISOString()),
        column((r) => r.successorHash),
        column((r) => r.successorExpiresAt.toISOString()),
        column((r) => r.userId),
        column((r) => r.jkt ?? null),
      ],
      { durable: false },
    );
    const results: (FamilyRow | undefined)[] = new Array(requests.length);
    for (const row of rows) results[order[Number(row.i) - 1]!] = row;
    return results;
  }

  const rotate = createBatcher<RotationRequest, FamilyRow | undefined>({
    runBatch: rotateAll,
    runOne: async (request) => (await rotateAll([request]))[0],
    maxBatch: 64,
    maxInFlight: database.kind === 'postgres' ? 2 : 1,
  });

  return {
    async startFamily({ sessionId, userId, deviceName, now, tokenHash, expiresAt, dpopJkt }) {
      await database.query('kd_start_family', START_FAMILY, [
        sessionId,
        userId,
        deviceName,
        now.toISOString(),
        tokenHash,
        expiresAt.toISOString(),
        dpopJkt,
      ]);
    },
    rotate,
    async read(tokenHash, successorHash) {
      // '' matches no row: a token that is not ours has no successor.
      const rows = await database.query<TokenRow>('kd_read_token', READ_TOKEN, [
        tokenHash,
        successorHash ?? '',
      ]);
      return rows[0];
    },
  };
}
