import { type Problem, type TokenResponse, tokenResponseSchema } from '@kakao-desktop/contract';
import { decodeJwt } from 'jose';
import { describe, expect, it } from 'vitest';
import { DATABASES, unavailable } from '../../helpers/databases';
import {
  type DpopKey,
  hs256Proof,
  newDpopKey,
  proofWithPrivateJwk,
  TEST_ORIGIN,
  unsignedProof,
} from '../../helpers/dpop';
import { useHarness } from '../../helpers/harness';
import { kakaoLogin } from '../../helpers/kakao-login';

describe.each(DATABASES)('DPoP-bound sessions (RFC 9449) on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    const h = useHarness(kind, { REFRESH_GRACE_SECONDS: '10' });

    /** Signs in through the emulator; with `key`, the exchange carries a proof of it. */
    async function signIn(key?: DpopKey, headers: Record<string, string> = {}) {
      const { code, codeVerifier, redirectUri } = await kakaoLogin(h.emulator.url, { accountId: 1001 });
      return h.post(
        '/auth/kakao/exchange',
        { code, redirect_uri: redirectUri, code_verifier: codeVerifier, device_name: 'Laptop' },
        { ...(key && (await key.headers({ url: '/auth/kakao/exchange' }))), ...headers },
      );
    }
    async function boundSession(key: DpopKey): Promise<TokenResponse> {
      const res = await signIn(key);
      expect(res.statusCode).toBe(200);
      return tokenResponseSchema.parse(res.json());
    }
    const refresh = async (token: string, key?: DpopKey, headers: Record<string, string> = {}) =>
      h.post(
        '/auth/refresh',
        { refresh_token: token },
        {
          ...(key && (await key.headers({ url: '/auth/refresh' }))),
          ...headers,
        },
      );
    const expectDpopRefusal = (res: Awaited<ReturnType<typeof refresh>>) => {
      expect(res.statusCode).toBe(401);
      expect(res.json<Problem>().code).toBe('invalid_dpop_proof');
      expect(res.headers['www-authenticate']).toBe('DPoP error="invalid_dpop_proof"');
    };

    it('binds at sign-in, rotates with proofs of the key, and logs out with one', async () => {
      const key = await newDpopKey(h.clock.now);
      const first = await boundSession(key);
      expect(first.token_type).toBe('DPoP');
      expect(decodeJwt(first.access_token).cnf).toEqual({ jkt: key.jkt });
      const stored = await h.db.database.query<{ dpop_jkt: string }>(
        't_jkt',
        'select dpop_jkt from sessions where id = $1',
        [first.session_id],
      );
      expect(stored).toEqual([{ dpop_jkt: key.jkt }]);

      const res = await refresh(first.refresh_token, key);
      expect(res.statusCode).toBe(200);
      const second = tokenResponseSchema.parse(res.json());
      expect(second.token_type).toBe('DPoP');
      expect(decodeJwt(second.access_token).cnf).toEqual({ jkt: key.jkt });

      const noProof = await h.post('/auth/logout', { refresh_token: second.refresh_token });
      expectDpopRefusal(noProof);
      const out = await h.post(
        '/auth/logout',
        { refresh_token: second.refresh_token },
        await key.headers({ url: '/auth/logout' }),
      );
      expect(out.statusCode).toBe(204);
      expect((await refresh(second.refresh_token, key)).json<Problem>()).toMatchObject({ reason: 'revoked' });
    });

    it('theft: a valid proof of another key revokes the family (key_mismatch, audited); the install is told so', async () => {
      const install = await newDpopKey(h.clock.now);
      const thief = await newDpopKey(h.clock.now);
      const first = await boundSession(install);
      const stolen = await refresh(first.refresh_token, thief);
      expect(stolen.statusCode).toBe(401);
      expect(stolen.json<Problem>()).toMatchObject({ code: 'invalid_grant', reason: 'key_mismatch' });
      expect(stolen.body).not.toContain('refresh_token');
      expect(h.logs.find((l) => l.event === 'key_mismatch')).toMatchObject({ sessionId: first.session_id });
      expect(h.logs.find((l) => l.event === 'family_revoked')).toMatchObject({
        sessionId: first.session_id,
        reason: 'key_mismatch',
      });
      const [row] = await h.db.database.query<{ revoked_reason: string }>(
        't_reason',
        'select revoked_reason from sessions where id = $1',
        [first.session_id],
      );
      expect(row?.revoked_reason).toBe('key_mismatch');
      const original = await refresh(first.refresh_token, install);
      expect(original.statusCode).toBe(401);
      expect(original.json<Problem>()).toMatchObject({ code: 'invalid_grant', reason: 'key_mismatch' });
      expect(h.rawLogs()).not.toContain(first.refresh_token);
    });

    it('theft on logout: another key revokes with key_mismatch too', async () => {
      const first = await boundSession(await newDpopKey(h.clock.now));
      const thief = await newDpopKey(h.clock.now);
      const res = await h.post(
        '/auth/logout',
        { refresh_token: first.refresh_token },
        await thief.headers({ url: '/auth/logout' }),
      );
      expect(res.json<Problem>()).toMatchObject({ code: 'invalid_grant', reason: 'key_mismatch' });
      expect(h.logs.find((l) => l.event === 'family_revoked')).toMatchObject({ reason: 'key_mismatch' });
    });

    it('refuses bad proofs without spending the token: the same token works afterwards with a good proof', async () => {
      const key = await newDpopKey(h.clock.now);
      const first = await boundSession(key);
      const now = Math.floor(h.clock.now().getTime() / 1000);
      const base = { jti: 'j', htm: 'POST', htu: `${TEST_ORIGIN}/auth/refresh`, iat: now };
      const replayed = await key.proof({ url: '/auth/refresh' });
      // Its first use (with a token that is not ours) records its jti.
      const firstUse = await refresh('x'.repeat(86), undefined, { dpop: replayed });
      expect(firstUse.json<Problem>()).toMatchObject({ code: 'invalid_grant', reason: 'unknown' });
      const bad: Record<string, string> = {
        'no proof': '',
        'replayed jti': replayed,
        'stale iat (past)': await key.proof({ url: '/auth/refresh', iat: now - 61 }),
        'stale iat (future)': await key.proof({ url: '/auth/refresh', iat: now + 61 }),
        'wrong htu': await key.proof({ url: 'http://localhost:80/auth/logout' }),
        'wrong host': await key.proof({ url: 'https://evil.example/auth/refresh' }),
        'wrong htm': await key.proof({ url: '/auth/refresh', method: 'GET' }),
        'alg none': unsignedProof(key.publicJwk, base),
        HS256: await hs256Proof(key.publicJwk, base),
        'jwk with private d': await proofWithPrivateJwk(base),
        'wrong typ': await key.proof({ url: '/auth/refresh', header: { typ: 'JWT' } }),
        'no jti': await key.proof({ url: '/auth/refresh', claims: { jti: undefined } }),
        'jti over 256 chars': await key.proof({ url: '/auth/refresh', jti: 'x'.repeat(257) }),
        'not a JWT': 'garbage',
      };
      for (const [name, proof] of Object.entries(bad)) {
        const res = await refresh(first.refresh_token, undefined, proof ? { dpop: proof } : {});
        expect(res.statusCode, name).toBe(401);
        expect(res.json<Problem>().code, name).toBe('invalid_dpop_proof');
        expect(res.headers['www-authenticate'], name).toBe('DPoP error="invalid_dpop_proof"');
      }
      // Two DPoP headers: refused too (light-my-request sends an array as repeated headers).
      const two = await h.app.inject({
        method: 'POST',
        url: '/auth/refresh',
        payload: { refresh_token: first.refresh_token },
        headers: {
          dpop: [await key.proof({ url: '/auth/refresh' }), await key.proof({ url: '/auth/refresh' })],
        },
      });
      expectDpopRefusal(two);
      expect(h.logs.filter((l) => l.event === 'family_revoked')).toEqual([]);
      const ok = await refresh(first.refresh_token, key);
      expect(ok.statusCode).toBe(200);
      expect(h.logs.filter((l) => l.event === 'grace_replay')).toEqual([]);
    });

    it('grace replay: answered only with a proof of the bound key', async () => {
      const key = await newDpopKey(h.clock.now);
      const first = await boundSession(key);
      const a = tokenResponseSchema.parse((await refresh(first.refresh_token, key)).json());
      h.clock.advance(3);
      expectDpopRefusal(await refresh(first.refresh_token));
      const replay = await refresh(first.refresh_token, key);
      expect(replay.statusCode).toBe(200);
      const b = tokenResponseSchema.parse(replay.json());
      expect(b.refresh_token).toBe(a.refresh_token);
      expect(b.token_type).toBe('DPoP');
      expect(decodeJwt(b.access_token).cnf).toEqual({ jkt: key.jkt });
      expect((await refresh(a.refresh_token, key)).statusCode).toBe(200);
    });

    it('unbound families keep working as before, with or without a proof (a proof binds nothing mid-family)', async () => {
      const res = await signIn();
      const first = tokenResponseSchema.parse(res.json());
      expect(first.token_type).toBe('Bearer');
      expect(decodeJwt(first.access_token).cnf).toBeUndefined();
      const plain = tokenResponseSchema.parse((await refresh(first.refresh_token)).json());
      const key = await newDpopKey(h.clock.now);
      const withProof = await refresh(plain.refresh_token, key);
      expect(withProof.statusCode).toBe(200);
      const next = tokenResponseSchema.parse(withProof.json());
      expect(next.token_type).toBe('Bearer');
      expect(decodeJwt(next.access_token).cnf).toBeUndefined();
      // Still unbound: another key or none at all rotates it.
      const other = await newDpopKey(h.clock.now);
      const again = tokenResponseSchema.parse((await refresh(next.refresh_token, other)).json());
      expect((await refresh(again.refresh_token)).statusCode).toBe(200);
      // A bad proof is refused even on an unbound family (the proof is checked before the family is known).
      const bad = await refresh(again.refresh_token, undefined, { dpop: 'garbage' });
      expect(bad.json<Problem>().code).toBe('invalid_dpop_proof');
    });

    it('/auth/kakao/token binds too', async () => {
      const key = await newDpopKey(h.clock.now);
      const login = await kakaoLogin(h.emulator.url, { accountId: 1001 });
      const kakao = await fetch(`${h.emulator.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          client_id: 'kakao-desktop-dev',
          client_secret: 'dev-client-secret',
          redirect_uri: login.redirectUri,
          code: login.code,
          code_verifier: login.codeVerifier,
        }),
      });
      const kakaoAccessToken = ((await kakao.json()) as { access_token: string }).access_token;
      const res = await h.post(
        '/auth/kakao/token',
        { kakao_access_token: kakaoAccessToken },
        await key.headers({ url: '/auth/kakao/token' }),
      );
      expect(res.statusCode).toBe(200);
      expect(res.json<TokenResponse>().token_type).toBe('DPoP');
    });
  });
});
