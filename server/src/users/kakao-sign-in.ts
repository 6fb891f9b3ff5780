/**
 * Get-or-create the user for a Kakao account: one user per Kakao id, one Kakao identity per user. The email rules
 * (who holds an address, when to link, when to refuse) are the pure decisions in email-claims.ts.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { identities, users } from '../db/schema';
import type { KakaoUser } from '../kakao/types';
import { ApiError } from '../problem';
import { type AddressHolder, type EmailClaim, emailAfterSignIn, planFirstSignIn } from './email-claims';
import {
  createUserWithIdentity,
  findAddressHolder,
  findCurrentEmail,
  findUserById,
  findUserIdByIdentity,
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

const PROVIDER = 'kakao';

/** Racing first sign-ins end in a unique violation for all but one; each retry sees the winner's rows. */
const MAX_RETRIES = 2;

const secondKakaoAccount = () =>
  new ApiError(409, 'kakao_account_conflict', {
    detail:
      'This email address belongs to an account that is already connected to a different Kakao account, and an ' +
      'account can have only one Kakao account. Sign in with the Kakao account you used before, or use a Kakao ' +
      'account with another email address.',
  });

const reportedEmail = (k: KakaoUser): EmailClaim => ({ address: k.email, verified: k.emailTrusted });

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
      const userId = await findUserIdByIdentity(tx, PROVIDER, kakao.kakaoId);
      return userId === undefined
        ? signInFirstTime(tx, kakao, tokens, now)
        : signInAgain(tx, userId, kakao, tokens, now);
    });
  } catch (error) {
    // Two first sign-ins racing for one Kakao id, one address or one user: the retry sees the other's rows.
    if (isUniqueViolation(error) && attempt < MAX_RETRIES) {
      return upsertKakaoUser(db, kakao, tokens, now, attempt + 1);
    }
    throw error;
  }
}

async function signInAgain(
  tx: Db,
  userId: string,
  kakao: KakaoUser,
  tokens: SealedKakaoTokens,
  now: Date,
): Promise<KakaoSignInResult> {
  const reported = reportedEmail(kakao);
  const holder = await verifiedHolder(tx, reported);
  const email = emailAfterSignIn(
    await findCurrentEmail(tx, userId, PROVIDER),
    reported,
    holder !== undefined && holder.userId !== userId,
  );
  await tx
    .update(users)
    .set({ ...profileFields(kakao), email: email.address, emailVerified: email.verified, updatedAt: now })
    .where(eq(users.id, userId));
  await storeTokens(tx, kakao.kakaoId, tokens, now);
  return { user: (await findUserById(tx, userId))!, outcome: 'existing' };
}

async function signInFirstTime(
  tx: Db,
  kakao: KakaoUser,
  tokens: SealedKakaoTokens,
  now: Date,
): Promise<KakaoSignInResult> {
  const reported = reportedEmail(kakao);
  const holder = await verifiedHolder(tx, reported);
  const plan = planFirstSignIn(reported, holder);
  if (plan.kind === 'refuse_second_identity') {
    // Each statement sees the latest commits: a racing first sign-in of this same Kakao account may have committed
    // since our identity lookup, and then its user is the holder. That is a returning sign-in, not a second account.
    const userId = await findUserIdByIdentity(tx, PROVIDER, kakao.kakaoId);
    if (userId !== undefined) return signInAgain(tx, userId, kakao, tokens, now);
    throw secondKakaoAccount();
  }
  if (plan.kind === 'link') {
    await tx
      .insert(identities)
      .values({ userId: plan.userId, provider: PROVIDER, providerUserId: kakao.kakaoId, ...tokens });
    await tx
      .update(users)
      .set({ updatedAt: now, ...fillMissing(kakao) })
      .where(eq(users.id, plan.userId));
    return { user: (await findUserById(tx, plan.userId))!, outcome: 'linked' };
  }
  const created = await createUserWithIdentity(
    tx,
    { ...profileFields(kakao), email: plan.email.address, emailVerified: plan.email.verified },
    { provider: PROVIDER, providerUserId: kakao.kakaoId },
  );
  await storeTokens(tx, kakao.kakaoId, tokens, now);
  return { user: (await findUserById(tx, created.id))!, outcome: 'created' };
}

/** Who holds the reported address; only a verified report is looked up (an unverified one never competes). */
function verifiedHolder(tx: Db, reported: EmailClaim): Promise<AddressHolder | undefined> {
  if (reported.address === null || !reported.verified) return Promise.resolve(undefined);
  return findAddressHolder(tx, reported.address, PROVIDER);
}

async function storeTokens(tx: Db, kakaoId: string, tokens: SealedKakaoTokens, now: Date): Promise<void> {
  await tx
    .update(identities)
    .set({ ...tokens, updatedAt: now })
    .where(and(eq(identities.provider, PROVIDER), eq(identities.providerUserId, kakaoId)));
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
