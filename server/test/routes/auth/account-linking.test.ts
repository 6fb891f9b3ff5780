/**
 * Account pre-hijack through email linking: each test performs the attack against the real emulator (accounts
 * configured with their email flags) and shows that it fails.
 */
import {
  type Problem,
  type SessionList,
  type TokenResponse,
  userProfileSchema,
} from '@kakao-desktop/contract';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { upsertKakaoUser } from '../../../src/users/kakao-sign-in';
import { createUserWithIdentity, isUniqueViolation } from '../../../src/users/repository';
import { DATABASES, unavailable } from '../../helpers/databases';
import { bearer, useHarness } from '../../helpers/harness';
import { kakaoLogin } from '../../helpers/kakao-login';

const ADDRESS = 'x@example.test';
const A = 2001; // unverified claim of ADDRESS: the attacker
const B = 2002; // verified and valid: the owner
const C = 2003; // a third Kakao account, also verified, same address in other letter case
const D = 2004; // verified but not valid

describe.each(DATABASES)('email linking rules on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    // Racing sign-ins make 3 Kakao calls each at once; on a loaded machine the default 800 ms cut-off turns a slow
    // emulator into a 503 that says nothing about the rules tested here.
    const h = useHarness(kind, { KAKAO_TIMEOUT_MS: '5000' });

    async function account(id: number, email: string | undefined, verified: boolean, valid = true) {
      await h.control('/__emulator/accounts', {
        id,
        nickname: `user ${id}`,
        ...(email !== undefined && { email }),
        isEmailVerified: verified,
        isEmailValid: valid,
      });
    }
    async function configureAll() {
      await account(A, ADDRESS, false);
      await account(B, ADDRESS, true);
      await account(C, 'X@Example.TEST', true);
      await account(D, ADDRESS, true, false);
    }
    async function signedIn(accountId: number, deviceName = `device of ${accountId}`) {
      const res = await h.signIn({ accountId, deviceName });
      expect(res.statusCode, res.body).toBe(200);
      return res.json() as TokenResponse;
    }
    const me = async (s: TokenResponse) =>
      userProfileSchema.parse((await h.app.inject({ url: '/me', headers: bearer(s.access_token) })).json());
    const sessionIds = async (s: TokenResponse) =>
      (
        (await h.app.inject({ url: '/auth/sessions', headers: bearer(s.access_token) })).json() as SessionList
      ).sessions
        .map((x) => x.id)
        .sort();
    async function unlinkedKakaoIds(): Promise<string[]> {
      const { requests } = (await h.control('/__emulator/requests', undefined, 'GET')) as {
        requests: { path: string; body: Record<string, string> }[];
      };
      return requests.filter((r) => r.path === '/v1/user/unlink').map((r) => r.body.target_id!);
    }
    const userCount = async () =>
      Number(
        (
          (await h.db.database.db.execute(sql`select count(*)::int as n from users`)) as unknown as {
            rows: { n: number }[];
          }
        ).rows[0]!.n,
      );

    it('A (unverified) first, then B (verified): B gets its own user; A never reaches B', async () => {
      await configureAll();
      const a = await signedIn(A);
      expect(a.user).toMatchObject({ kakao_id: String(A), email: ADDRESS, email_verified: false });

      const b = await signedIn(B);
      expect(b.user.id).not.toBe(a.user.id);
      expect(b.user).toMatchObject({ kakao_id: String(B), email: ADDRESS, email_verified: true });
      expect(h.logs.some((l) => l.event === 'link')).toBe(false);

      // A sees only its own sessions and cannot end B's.
      expect(await sessionIds(a)).toEqual([a.session_id]);
      const endB = await h.app.inject({
        method: 'DELETE',
        url: `/auth/sessions/${b.session_id}`,
        headers: bearer(a.access_token),
      });
      expect(endB.statusCode).toBe(404);
      expect((await h.post('/auth/refresh', { refresh_token: b.refresh_token })).statusCode).toBe(200);

      // A's next sign-in leaves B's verification alone.
      const a2 = await signedIn(A);
      expect(a2.user.id).toBe(a.user.id);
      expect(a2.user.email_verified).toBe(false);
      expect(await me(b)).toMatchObject({ id: b.user.id, email: ADDRESS, email_verified: true });

      // Each DELETE /me unlinks its own Kakao account only.
      const delA = await h.app.inject({ method: 'DELETE', url: '/me', headers: bearer(a2.access_token) });
      expect(delA.statusCode).toBe(204);
      expect(await unlinkedKakaoIds()).toEqual([String(A)]);
      expect(await me(b)).toMatchObject({ kakao_id: String(B), email_verified: true });
      const b2 = await signedIn(B);
      const delB = await h.app.inject({ method: 'DELETE', url: '/me', headers: bearer(b2.access_token) });
      expect(delB.statusCode).toBe(204);
      expect(await unlinkedKakaoIds()).toEqual([String(A), String(B)]);
    });

    it('B (verified) first, then A (unverified): A is neither blocked nor linked', async () => {
      await configureAll();
      const b = await signedIn(B);
      const a = await signedIn(A);
      expect(a.user.id).not.toBe(b.user.id);
      expect(a.user).toMatchObject({ kakao_id: String(A), email: ADDRESS, email_verified: false });
      expect(await sessionIds(b)).toEqual([b.session_id]);
      await signedIn(A);
      expect(await me(b)).toMatchObject({ email: ADDRESS, email_verified: true });
    });

    it('an unverified holder does not keep the address when its Kakao email becomes verified later', async () => {
      await configureAll();
      const a = await signedIn(A);
      const b = await signedIn(B);
      await account(A, ADDRESS, true); // A's Kakao now vouches for the address too
      const a2 = await signedIn(A);
      expect(a2.user).toMatchObject({ id: a.user.id, email: ADDRESS, email_verified: false });
      expect(await me(b)).toMatchObject({ email_verified: true });
    });

    it('an unverified holder gets the address once Kakao verifies it and nobody holds it', async () => {
      await configureAll();
      const a = await signedIn(A);
      await account(A, ADDRESS, true);
      expect((await signedIn(A)).user).toMatchObject({ id: a.user.id, email: ADDRESS, email_verified: true });
      // Now A holds it: a second Kakao account with the address is refused like any other.
      const res = await h.signIn({ accountId: B });
      expect(res.json<Problem>()).toMatchObject({ status: 409, code: 'kakao_account_conflict' });
    });

    it.each([
      ['after an unverified A', [A, B]],
      ['with only B', [B]],
      ['before an unverified A', [B, A]],
    ])('a third Kakao account with the same verified address is refused (%s)', async (_name, before) => {
      await configureAll();
      const earlier = [];
      for (const id of before) earlier.push(await signedIn(id));
      const users = await userCount();
      const res = await h.signIn({ accountId: C });
      expect(res.statusCode).toBe(409);
      expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
      const problem = res.json<Problem>();
      expect(problem).toMatchObject({ status: 409, code: 'kakao_account_conflict' });
      expect(problem.detail).toMatch(/different Kakao account/);
      expect(await userCount()).toBe(users);
      const b = earlier.find((s) => s.user.kakao_id === String(B))!;
      expect(await me(b)).toMatchObject({ kakao_id: String(B), email_verified: true });
      expect(await sessionIds(b)).toEqual([b.session_id]);
    });

    it('a verified but invalid email claims nothing: no link, no block', async () => {
      await configureAll();
      const google = await createUserWithIdentity(
        h.db.database.db,
        { email: ADDRESS, emailVerified: true },
        { provider: 'google', providerUserId: 'g-x' },
      );
      const d = await signedIn(D);
      expect(d.user.id).not.toBe(google.id);
      expect(d.user).toMatchObject({ kakao_id: String(D), email: ADDRESS, email_verified: false });
    });

    describe('a user of another provider holding the address', () => {
      const seedGoogle = () =>
        createUserWithIdentity(
          h.db.database.db,
          { email: 'X@example.test', emailVerified: true, nickname: 'X on Google' },
          { provider: 'google', providerUserId: 'g-x' },
        );

      it('links a verified Kakao account, and refuses a second one', async () => {
        await configureAll();
        const google = await seedGoogle();
        const b = await signedIn(B);
        expect(b.user).toMatchObject({ id: google.id, kakao_id: String(B), email_verified: true });
        expect(h.logs.some((l) => l.event === 'link' && l.userId === google.id)).toBe(true);
        const c = await h.signIn({ accountId: C });
        expect(c.json<Problem>()).toMatchObject({ status: 409, code: 'kakao_account_conflict' });
        expect((await me(b)).kakao_id).toBe(String(B));
      });

      it('does not link an unverified Kakao account (and does not block it)', async () => {
        await configureAll();
        const google = await seedGoogle();
        const a = await signedIn(A);
        expect(a.user.id).not.toBe(google.id);
        expect(a.user).toMatchObject({ kakao_id: String(A), email_verified: false });
        expect(h.logs.some((l) => l.event === 'link')).toBe(false);
      });

      it('a later Kakao sign-in never downgrades what the other provider verified', async () => {
        await configureAll();
        const google = await seedGoogle();
        await signedIn(B);
        await account(B, ADDRESS, false); // B's Kakao email is no longer verified
        const again = await signedIn(B);
        expect(again.user).toMatchObject({ id: google.id, email: 'X@example.test', email_verified: true });
        await account(B, 'other@example.test', false);
        expect((await signedIn(B)).user).toMatchObject({ email: 'X@example.test', email_verified: true });
        // Still held: a new Kakao account with the address cannot claim it.
        expect((await h.signIn({ accountId: C })).json<Problem>().code).toBe('kakao_account_conflict');
      });
    });

    it('racing first sign-ins of two Kakao accounts with one verified address: one user, one refusal', async () => {
      await configureAll();
      const logins = await Promise.all([B, C].map((accountId) => kakaoLogin(h.emulator.url, { accountId })));
      const results = await Promise.all(
        logins.map((l) =>
          h.post('/auth/kakao/exchange', {
            code: l.code,
            redirect_uri: l.redirectUri,
            code_verifier: l.codeVerifier,
          }),
        ),
      );
      expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
      expect(results.find((r) => r.statusCode === 409)!.json<Problem>().code).toBe('kakao_account_conflict');
      expect(await userCount()).toBe(1);
    });

    it('racing first sign-ins of one Kakao account end in one user', async () => {
      await configureAll();
      const logins = await Promise.all(
        [B, B, B].map((accountId) => kakaoLogin(h.emulator.url, { accountId })),
      );
      const results = await Promise.all(
        logins.map((l) =>
          h.post('/auth/kakao/exchange', {
            code: l.code,
            redirect_uri: l.redirectUri,
            code_verifier: l.codeVerifier,
          }),
        ),
      );
      expect(
        results.map((r) => r.statusCode),
        results.map((r) => r.body).join('\n'),
      ).toEqual([200, 200, 200]);
      expect(new Set(results.map((r) => (r.json() as TokenResponse).user.id)).size).toBe(1);
      expect(await userCount()).toBe(1);
    });

    it('racing first sign-ins of one Kakao account straight at the store (staggered by 1 ms): one user', async () => {
      // Between a racer's identity lookup and its address lookup the winner may commit: the racer then finds its own
      // Kakao account holding the address, which is a returning sign-in, never kakao_account_conflict.
      const tokens = { accessTokenEnc: 'sealed', refreshTokenEnc: null, accessTokenExpiresAt: new Date() };
      for (let round = 0; round < 5; round++) {
        const kakao = {
          kakaoId: `77${round}`,
          nickname: 'racer',
          profileImageUrl: null,
          thumbnailImageUrl: null,
          name: null,
          ageRange: null,
          email: `racer${round}@example.test`,
          emailTrusted: true,
        };
        const results = await Promise.allSettled(
          // Staggered starts, so some racers look up the identity just before the winner commits.
          Array.from({ length: 16 }, (_, i) =>
            new Promise((resolve) => setTimeout(resolve, i)).then(() =>
              upsertKakaoUser(h.db.database.db, kakao, tokens, new Date()),
            ),
          ),
        );
        const refused = results.filter((r) => r.status === 'rejected').map((r) => String(r.reason));
        expect(refused).toEqual([]);
        const ids = results.map((r) => (r as PromiseFulfilledResult<{ user: { id: string } }>).value.user.id);
        expect(new Set(ids).size).toBe(1);
      }
    });

    describe('the database enforces it too', () => {
      it('one identity per provider per user', async () => {
        const user = await createUserWithIdentity(
          h.db.database.db,
          { email: null },
          { provider: 'kakao', providerUserId: '1' },
        );
        const error = await h.db.database.db
          .execute(
            sql`insert into identities (user_id, provider, provider_user_id) values (${user.id}, 'kakao', '2')`,
          )
          .then(
            () => undefined,
            (e: unknown) => e,
          );
        expect(isUniqueViolation(error)).toBe(true);
      });

      it('one verified holder per address; unverified claims do not count', async () => {
        const db = h.db.database.db;
        await db.execute(sql`insert into users (email, email_verified) values ('y@example.test', false)`);
        await db.execute(sql`insert into users (email, email_verified) values ('Y@example.test', false)`);
        await db.execute(sql`insert into users (email, email_verified) values ('y@Example.test', true)`);
        const error = await db
          .execute(sql`insert into users (email, email_verified) values ('Y@EXAMPLE.TEST', true)`)
          .then(
            () => undefined,
            (e: unknown) => e,
          );
        expect(isUniqueViolation(error)).toBe(true);
      });
    });
  });
});
