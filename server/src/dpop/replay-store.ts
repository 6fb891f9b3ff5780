/**
 * The DPoP replay cache, in the database so every instance shares it: a proof's (jkt, jti) is inserted once; a
 * second insert finds the row and the proof is a replay. Inserts arriving together share one statement
 * (createBatcher), as rotations do. Rows expire when their proof's iat leaves the acceptance window.
 */
import { createBatcher } from '../db/batcher';
import type { Database } from '../db/client';

export interface SeenProof {
  jkt: string;
  jti: string;
  expiresAt: Date;
}

export interface ReplayStore {
  /** True when the proof is new (now recorded); false when it was seen before. */
  remember(proof: SeenProof): Promise<boolean>;
  /** Deletes at most `limit` expired rows; returns how many. */
  purgeExpired(now: Date, limit: number): Promise<number>;
}

const REMEMBER = `
  insert into dpop_proofs (jkt, jti, expires_at)
  select * from unnest($1::text[], $2::text[], $3::timestamptz[])
  on conflict do nothing
  returning jkt, jti`;

const PURGE = `
  with doomed as (select jkt, jti from dpop_proofs where expires_at < $1::timestamptz limit $2),
  gone as (delete from dpop_proofs p using doomed where p.jkt = doomed.jkt and p.jti = doomed.jti returning 1)
  select count(*)::int as n from gone`;

export function createReplayStore(database: Database): ReplayStore {
  async function rememberAll(proofs: SeenProof[]): Promise<boolean[]> {
    const rows = await database.query<{ jkt: string; jti: string }>(
      'kd_dpop_remember',
      REMEMBER,
      [proofs.map((p) => p.jkt), proofs.map((p) => p.jti), proofs.map((p) => p.expiresAt.toISOString())],
      { durable: false },
    );
    const inserted = new Set(rows.map((r) => `${r.jkt} ${r.jti}`));
    // The same proof twice in one batch: one row comes back, so only its first presenter counts as new.
    const claimed = new Set<string>();
    return proofs.map((p) => {
      const id = `${p.jkt} ${p.jti}`;
      if (!inserted.has(id) || claimed.has(id)) return false;
      claimed.add(id);
      return true;
    });
  }

  return {
    remember: createBatcher<SeenProof, boolean>({
      runBatch: rememberAll,
      runOne: async (proof) => (await rememberAll([proof]))[0]!,
      maxBatch: 64,
      maxInFlight: database.kind === 'postgres' ? 2 : 1,
    }),
    async purgeExpired(now, limit) {
      const [row] = await database.query<{ n: number }>('kd_dpop_purge', PURGE, [now.toISOString(), limit]);
      return Number(row?.n ?? 0);
    },
  };
}
