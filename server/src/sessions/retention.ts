/**
 * Retention of refresh-token rows and sessions: what is dead for longer than the retention period goes.
 * - a token row, once its expiry is older than the period (a spent row must outlive its expiry: presenting it is
 *   how reuse is detected, and after expiry it is refused anyway);
 * - every token row of a family revoked longer ago than the period;
 * - a session, in the same statement that deletes its last token row (a session with no token can never refresh).
 * One run deletes at most `batchSize` token rows (and the sessions they empty), so a backlog is worked off in steps.
 */
import type { Database } from '../db/client';

export interface RetentionOptions {
  retentionSeconds: number;
  batchSize: number;
}

export interface PurgeResult {
  tokens: number;
  sessions: number;
}

export interface Retention {
  /** One bounded purge at `now`. */
  purge(now: Date): Promise<PurgeResult>;
  batchSize: number;
}

/**
 * $1 = cutoff (now − retention), $2 = batch size. Each branch stops at $2 rows (union all, no dedup over the whole
 * table; a duplicate is deleted once). `emptied` deletes the sessions left without a token: the statement's snapshot
 * still shows the rows `gone` deletes, hence the inner not-exists.
 */
const PURGE = `
  with doomed as (
    select token_hash from (
      (select rt.token_hash from refresh_tokens rt where rt.expires_at < $1::timestamptz limit $2)
      union all
      (select rt.token_hash from sessions s join refresh_tokens rt on rt.session_id = s.id
       where s.revoked_at < $1::timestamptz limit $2)
    ) candidates limit $2
  ), gone as (
    delete from refresh_tokens rt using doomed where rt.token_hash = doomed.token_hash
    returning rt.token_hash, rt.session_id
  ), emptied as (
    delete from sessions s
    where s.id in (select session_id from gone)
      and not exists (select 1 from refresh_tokens kept
                      where kept.session_id = s.id
                        and not exists (select 1 from gone where gone.token_hash = kept.token_hash))
    returning s.id
  )
  select (select count(*) from gone)::int as tokens, (select count(*) from emptied)::int as sessions`;

export function createRetention(database: Database, options: RetentionOptions): Retention {
  return {
    batchSize: options.batchSize,
    async purge(now) {
      const cutoff = new Date(now.getTime() - options.retentionSeconds * 1000);
      const [row] = await database.query<PurgeResult>('kd_purge', PURGE, [
        cutoff.toISOString(),
        options.batchSize,
      ]);
      return { tokens: Number(row?.tokens ?? 0), sessions: Number(row?.sessions ?? 0) };
    },
  };
}
