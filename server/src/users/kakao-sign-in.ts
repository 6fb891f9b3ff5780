/**
 * Get-or-create the user for a Kakao account: one user per Kakao id. An email already used by another user is
 * linked only when Kakao marks it verified AND valid; otherwise 409 email_conflict (seed 003's case done right).
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { identities, users } from '../db/schema';
import type { KakaoUser } from '../kakao/types';
import { ApiError } from '../problem';
import {
  createUserWithIdentity,
  findUserById,
  findUserIdByEmail,
  isUniqueViolation,
  type UserRecord,
} from './repository';

/** Kakao tokens, already sealed (encrypted) by the caller. */
export interface SealedKakaoTokens {
  accessTokenEnc: string;
  refreshTokenEnc: string | null;
  accessTokenExpiresAt: Date;
}

export interface KakaoSignInResult {
  user: UserRecord;
  /** 'created' = new user, 'linked' = Kakao joined an existing user by verified email, 'existing' = returning. */
  outcome: 'created' | 'linked' | 'existing';
}

function profileFields(k: KakaoUser) {
  return {
    nickname: k.nickname,
    profileImageUrl: k.profileImageUrl,
    thumbnailImageUrl: k.thumbnailImageUrl,
    name: k.name,
    ageRange: k.ageRange,
  };
}

const emailConflict = () =>
  new ApiError(409, 'email_conflict', {
    detail:
      'An account with this email already exists. Kakao has not verified this email, so it cannot be linked: ' +
      'sign in with your original method, or verify the email in your Kakao account and try again.',
  });

export async function upsertKakaoUser(
  db: Db,
  kakao: KakaoUser,
  tokens: SealedKakaoTokens,
  now: Date,
  attempt = 0,
): Promise<KakaoSignInResult> {
  try {
    return await db.transaction(async (txAny) => {
      const tx = txAny as unknown as Db;
      const tokenColumns = { ...tokens, updatedAt: now };
      const [identity] = await tx
        .select({ userId: identities.userId })
        .from(identities)
        .where(and(eq(identities.provider, 'kakao'), eq(identities.providerUserId, kakao.kakaoId)))
        .limit(1);

      if (identity) {
        const update: Record<string, unknown> = { ...profileFields(kakao), updatedAt: now };
        if (kakao.email) {
          const owner = await findUserIdByEmail(tx, kakao.email);
          if (owner === undefined || owner === identity.userId) {
            update.email = kakao.email;
            update.emailVerified = kakao.emailTrusted;
          }
        }
        await tx.update(users).set(update).where(eq(users.id, identity.userId));
        await tx
          .update(identities)
          .set(tokenColumns)
          .where(and(eq(identities.provider, 'kakao'), eq(identities.providerUserId, kakao.kakaoId)));
        return { user: (await findUserById(tx, identity.userId))!, outcome: 'existing' as const };
      }

      if (kakao.email) {
        const owner = await findUserIdByEmail(tx, kakao.email);
        if (owner !== undefined) {
          if (!kakao.emailTrusted) throw emailConflict();
          await tx
            .insert(identities)
            .values({ userId: owner, provider: 'kakao', providerUserId: kakao.kakaoId, ...tokenColumns });
          await tx
            .update(users)
            .set({ emailVerified: true, updatedAt: now, ...fillMissing(kakao) })
            .where(eq(users.id, owner));
          return { user: (await findUserById(tx, owner))!, outcome: 'linked' as const };
        }
      }

      const created = await createUserWithIdentity(
        tx,
        { ...profileFields(kakao), email: kakao.email, emailVerified: kakao.emailTrusted },
        { provider: 'kakao', providerUserId: kakao.kakaoId },
      );
      await tx
        .update(identities)
        .set(tokenColumns)
        .where(and(eq(identities.provider, 'kakao'), eq(identities.providerUserId, kakao.kakaoId)));
      return { user: created, outcome: 'created' as const };
    });
  } catch (error) {
    // Two first sign-ins racing: the identity or email was inserted by the other one. The retry sees it.
    if (isUniqueViolation(error) && attempt === 0) {
      if (
        kakao.email &&
        (await findUserIdByEmail(db, kakao.email)) &&
        !(await hasKakaoIdentity(db, kakao.kakaoId))
      )
        throw emailConflict();
      return upsertKakaoUser(db, kakao, tokens, now, 1);
    }
    throw error;
  }
}

async function hasKakaoIdentity(db: Db, kakaoId: string): Promise<boolean> {
  const rows = await db
    .select({ one: sql`1` })
    .from(identities)
    .where(and(eq(identities.provider, 'kakao'), eq(identities.providerUserId, kakaoId)))
    .limit(1);
  return rows.length > 0;
}

/** When linking, Kakao's profile fills only what the existing user lacks. */
function fillMissing(k: KakaoUser) {
  return {
    nickname: sql`coalesce(${users.nickname}, ${k.nickname})`,
    profileImageUrl: sql`coalesce(${users.profileImageUrl}, ${k.profileImageUrl})`,
    thumbnailImageUrl: sql`coalesce(${users.thumbnailImageUrl}, ${k.thumbnailImageUrl})`,
    name: sql`coalesce(${users.name}, ${k.name})`,
    ageRange: sql`coalesce(${users.ageRange}, ${k.ageRange})`,
  };
}
