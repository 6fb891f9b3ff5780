/** User store: users + their provider identities. */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { identities, users } from '../db/schema';
import type { AddressHolder, CurrentEmail } from './email-claims';

export interface UserRecord {
  id: string;
  email: string | null;
  emailVerified: boolean;
  nickname: string | null;
  profileImageUrl: string | null;
  thumbnailImageUrl: string | null;
  name: string | null;
  ageRange: string | null;
  createdAt: Date;
  /** The user's Kakao id, when a Kakao identity is linked. */
  kakaoId: string | null;
}

export type UserFields = Partial<Omit<UserRecord, 'id' | 'createdAt' | 'kakaoId'>>;

/** The one list of a user record's columns (Drizzle reads them; USER_RECORD_SQL is built from them). */
const userColumns = {
  id: users.id,
  email: users.email,
  emailVerified: users.emailVerified,
  nickname: users.nickname,
  profileImageUrl: users.profileImageUrl,
  thumbnailImageUrl: users.thumbnailImageUrl,
  name: users.name,
  ageRange: users.ageRange,
  createdAt: users.createdAt,
} as const;

const USER_FIELDS = [...Object.keys(userColumns), 'kakaoId'] as (keyof UserRecord)[];

/** The same columns in raw SQL over `users u`, each aliased to its UserRecord field, for the prepared statements. */
export const USER_RECORD_SQL = [
  ...Object.entries(userColumns).map(([field, column]) => `u.${column.name} as "${field}"`),
  `(select i.provider_user_id from identities i where i.user_id = u.id and i.provider = 'kakao' limit 1) as "kakaoId"`,
].join(', ');

/** What USER_RECORD_SQL yields: raw drivers may hand back timestamps as text. */
export type UserRecordRow = Omit<UserRecord, 'createdAt'> & { createdAt: Date | string };

/** A UserRecord out of a raw row that carries USER_RECORD_SQL (and other columns, which are left behind). */
export function userFromRow(row: UserRecordRow): UserRecord {
  const user = {} as Record<keyof UserRecord, unknown>;
  for (const field of USER_FIELDS) user[field] = row[field];
  user.createdAt = row.createdAt instanceof Date ? row.createdAt : new Date(row.createdAt);
  return user as UserRecord;
}

export async function findUserById(db: Db, id: string): Promise<UserRecord | undefined> {
  const rows = await db
    .select({ ...userColumns, kakaoId: identities.providerUserId })
    .from(users)
    .leftJoin(identities, and(eq(identities.userId, users.id), eq(identities.provider, 'kakao')))
    .where(eq(users.id, id))
    .limit(1);
  return rows[0];
}

export async function findUserByIdentity(
  db: Db,
  provider: string,
  providerUserId: string,
): Promise<UserRecord | undefined> {
  const id = await findUserIdByIdentity(db, provider, providerUserId);
  return id ? findUserById(db, id) : undefined;
}

/** The user whose identity this is. */
export async function findUserIdByIdentity(
  db: Db,
  provider: string,
  providerUserId: string,
): Promise<string | undefined> {
  const rows = await db
    .select({ id: identities.userId })
    .from(identities)
    .where(and(eq(identities.provider, provider), eq(identities.providerUserId, providerUserId)))
    .limit(1);
  return rows[0]?.id;
}

/**
 * The user holding this address (its verified claim; case-insensitive, matching the partial unique index), and
 * whether that user already has an identity of `provider`.
 */
export async function findAddressHolder(
  db: Db,
  email: string,
  provider: string,
): Promise<AddressHolder | undefined> {
  const [holder] = await db
    .select({ id: users.id })
    .from(users)
    .where(and(sql`lower(${users.email}) = lower(${email})`, eq(users.emailVerified, true)))
    .limit(1);
  if (!holder) return undefined;
  const providers = await identityProviders(db, holder.id);
  return { userId: holder.id, hasProviderIdentity: providers.includes(provider) };
}

/** The user's email claim, and whether an identity of a provider other than `provider` backs the user. */
export async function findCurrentEmail(db: Db, userId: string, provider: string): Promise<CurrentEmail> {
  const [row] = await db
    .select({ address: users.email, verified: users.emailVerified })
    .from(users)
    .where(eq(users.id, userId));
  if (!row) throw new Error(`user ${userId} vanished inside its own transaction`);
  const providers = await identityProviders(db, userId);
  return { ...row, hasOtherProviders: providers.some((p) => p !== provider) };
}

async function identityProviders(db: Db, userId: string): Promise<string[]> {
  const rows = await db
    .select({ provider: identities.provider })
    .from(identities)
    .where(eq(identities.userId, userId));
  return rows.map((r) => r.provider);
}

/** Creates a user and its first identity. Used for Kakao sign-ups and to seed users of other providers. */
export async function createUserWithIdentity(
  db: Db,
  fields: UserFields,
  identity: { provider: string; providerUserId: string },
): Promise<UserRecord> {
  return db.transaction(async (tx) => {
    const [user] = await tx.insert(users).values(fields).returning({ id: users.id });
    await tx.insert(identities).values({ userId: user!.id, ...identity });
    return (await findUserById(tx as unknown as Db, user!.id))!;
  });
}

export async function deleteUser(db: Db, id: string): Promise<void> {
  await db.delete(users).where(eq(users.id, id));
}

/** Whether a Postgres error is a unique violation (e.g. two sign-ups racing for one address). */
export function isUniqueViolation(error: unknown): boolean {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    if ((e as { code?: unknown }).code === '23505') return true;
  }
  return false;
}
