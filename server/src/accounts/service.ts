/**
 * Accounts: signing in with Kakao (get-or-create the user, start a session), signing out, the profile, deletion,
 * and Kakao's word that a user disconnected our app. Each step's order matters and is the rule:
 * - deletion unlinks at Kakao first, so a Kakao failure keeps the account (the user can retry) instead of leaving it
 *   deleted here but still connected at Kakao;
 * - a deleted user's sessions stay as anonymous tombstones, so old refresh tokens answer user_deleted.
 */
import type { Db } from '../db/client';
import type { KakaoService } from '../kakao/service';
import { ApiError } from '../problem';
import type { Audit, SessionService, TokenPair } from '../sessions/service';
import { upsertKakaoUser } from '../users/kakao-sign-in';
import { deleteUser, findUserById, findUserByIdentity, type UserRecord } from '../users/repository';

/** A signed-in session's tokens and its user (what a token response is built from). */
export type SignedIn = TokenPair & { user: UserRecord };

export interface AccountService {
  signInWithCode(input: {
    code: string;
    redirectUri: string;
    codeVerifier: string;
    nonce: string | undefined;
    deviceName: string | null;
    /** The DPoP key the new session is bound to (the request's verified proof); undefined = unbound. */
    dpopJkt?: string | undefined;
  }): Promise<SignedIn>;
  signInWithKakaoToken(input: {
    kakaoAccessToken: string;
    deviceName: string | null;
    dpopJkt?: string | undefined;
  }): Promise<SignedIn>;
  /**
   * Ends the token's session and, best effort, the user's Kakao login; an unknown token is fine (idempotent).
   * `proofJkt`: the key of the request's DPoP proof (required for a bound session).
   */
  signOut(refreshToken: string, proofJkt?: string): Promise<void>;
  /** Throws 401 when the user no longer exists. */
  profile(userId: string): Promise<UserRecord>;
  /** Unlink at Kakao, end every session, delete the user. `sessionId` = the session that asked (audit). */
  deleteAccount(userId: string, sessionId: string): Promise<void>;
  /** Kakao's unlink webhook, already authenticated by its admin key. */
  kakaoUnlinked(input: { appId: string; kakaoId: string; referrerType: string | undefined }): Promise<void>;
}

export interface AccountServiceDeps {
  db: Db;
  kakao: KakaoService;
  sessions: SessionService;
  kakaoAppId: number;
  clock: () => Date;
  audit: Audit;
}

const accountGone = () => new ApiError(401, 'unauthorized', { detail: 'This account no longer exists.' });

export function createAccountService(deps: AccountServiceDeps): AccountService {
  const { db, kakao, sessions, clock, audit } = deps;

  async function signIn(
    { kakaoUser, kakaoTokens }: Awaited<ReturnType<KakaoService['userFromCode']>>,
    deviceName: string | null,
    dpopJkt: string | undefined,
  ): Promise<SignedIn> {
    const now = clock();
    const { user, outcome } = await upsertKakaoUser(db, kakaoUser, kakao.seal(kakaoTokens), now);
    const pair = await sessions.start({ userId: user.id, deviceName, now, dpopJkt });
    const fields = { userId: user.id, sessionId: pair.sessionId, deviceName };
    if (outcome === 'linked') audit('link', { ...fields, provider: 'kakao' });
    audit('sign_in', { ...fields, newUser: outcome === 'created', dpopBound: Boolean(dpopJkt) });
    return { ...pair, user };
  }

  async function profile(userId: string): Promise<UserRecord> {
    const user = await findUserById(db, userId);
    if (!user) throw accountGone();
    return user;
  }

  return {
    async signInWithCode({ deviceName, dpopJkt, ...code }) {
      return signIn(await kakao.userFromCode(code), deviceName, dpopJkt);
    },

    async signInWithKakaoToken({ kakaoAccessToken, deviceName, dpopJkt }) {
      return signIn(await kakao.userFromAccessToken(kakaoAccessToken), deviceName, dpopJkt);
    },

    async signOut(refreshToken, proofJkt) {
      const revoked = await sessions.revokeByToken(refreshToken, clock(), proofJkt);
      if (!revoked?.userId) return;
      audit('logout', {
        userId: revoked.userId,
        sessionId: revoked.sessionId,
        deviceName: revoked.deviceName,
      });
      await kakao.logout(revoked.userId);
    },

    profile,

    async deleteAccount(userId, sessionId) {
      const user = await profile(userId);
      if (user.kakaoId) await kakao.unlink(user.kakaoId);
      await sessions.revokeAllForUser(userId, 'user_deleted', clock());
      await sessions.forgetDevices(userId);
      await deleteUser(db, userId);
      audit('deletion', { userId, sessionId });
    },

    async kakaoUnlinked({ appId, kakaoId, referrerType }) {
      if (Number(appId) !== deps.kakaoAppId) {
        throw new ApiError(403, 'wrong_app', { detail: 'app_id is not this app.' });
      }
      const user = await findUserByIdentity(db, 'kakao', kakaoId);
      if (user) {
        await sessions.revokeAllForUser(user.id, 'kakao_unlinked', clock());
        // Kakao revoked its tokens on unlink: drop our sealed copies.
        await kakao.forgetTokens(kakaoId);
      }
      audit('unlink_callback', { userId: user?.id ?? null, kakaoUserKnown: Boolean(user), referrerType });
    },
  };
}
