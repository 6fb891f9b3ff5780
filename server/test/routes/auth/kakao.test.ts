import { type Problem, type TokenResponse, tokenResponseSchema } from '@kakao-desktop/contract';
import { describe, expect, it } from 'vitest';
import { createUserWithIdentity } from '../../../src/users/repository';
import { DATABASES, unavailable } from '../../helpers/databases';
import { bearer, useHarness } from '../../helpers/harness';
import { kakaoLogin, newCodeVerifier } from '../../helpers/kakao-login';

describe.each(DATABASES)('POST /auth/kakao/* on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    const h = useHarness(kind);

    it('signs in through Kakao: code → tokens → profile', async () => {
      const res = await h.signIn({ accountId: 1001, nonce: 'n-123', deviceName: 'Test Mac' });
      expect(res.statusCode).toBe(200);
      const body = tokenResponseSchema.parse(res.json());
      expect(body.user).toMatchObject({
        kakao_id: '1001',
        nickname: '김카카오',
        email: 'kim@kakao.test',
        email_verified: true,
      });
      expect(body.token_type).toBe('Bearer');
      expect(body.refresh_token).toMatch(/^[A-Za-z0-9_-]{86}$/);
      // The access token works at /me.
      const me = await h.app.inject({ url: '/me', headers: bearer(body.access_token) });
      expect(me.statusCode).toBe(200);
      expect(me.json().id).toBe(body.user.id);
      // Our request to Kakao carried the secret and the verifier, form-encoded.
      const { requests } = (await h.control('/__emulator/requests', undefined, 'GET')) as {
        requests: { path: string; body: Record<string, unknown>; headers: Record<string, string> }[];
      };
      const tokenCall = requests.find((r) => r.path === '/oauth/token')!;
      expect(tokenCall.headers['content-type']).toMatch(/application\/x-www-form-urlencoded/);
      expect(tokenCall.body).toMatchObject({
        client_secret: 'dev-client-secret',
        grant_type: 'authorization_code',
      });
      // Audit line without token values.
      const audit = h.logs.find((l) => l.event === 'sign_in')!;
      expect(audit).toMatchObject({
        userId: body.user.id,
        sessionId: body.session_id,
        deviceName: 'Test Mac',
      });
      expect(h.rawLogs()).not.toContain(body.refresh_token);
      expect(h.rawLogs()).not.toContain(body.access_token);
      expect(h.rawLogs()).not.toContain('kim@kakao.test');
    });

    it('returns the same user on a second sign-in (one user per Kakao id)', async () => {
      const first = (await h.signIn({ accountId: 1002 })).json() as TokenResponse;
      const second = (await h.signIn({ accountId: 1002 })).json() as TokenResponse;
      expect(second.user.id).toBe(first.user.id);
      expect(second.session_id).not.toBe(first.session_id);
    });

    it('signs in a Kakao account without email', async () => {
      const res = await h.signIn({ accountId: 1003 });
      expect(res.statusCode).toBe(200);
      expect(res.json().user).toMatchObject({ kakao_id: '1003', email: null, email_verified: false });
    });

    describe('email collision with a user of another provider', () => {
      it('links when Kakao says the email is verified and valid', async () => {
        const google = await createUserWithIdentity(
          h.db.database.db,
          { email: 'Alice@Example.test', emailVerified: true, nickname: 'Alice G' },
          { provider: 'google', providerUserId: 'g-1' },
        );
        const res = await h.signIn({ accountId: 1002 });
        expect(res.statusCode).toBe(200);
        expect(res.json().user).toMatchObject({ id: google.id, kakao_id: '1002', nickname: 'Alice G' });
        expect(h.logs.some((l) => l.event === 'link' && l.userId === google.id)).toBe(true);
      });

      // Was a 409 email_conflict: an unverified email then blocked the owner's address for its Kakao account.
      // Now it neither blocks nor captures: the Kakao account gets its own user, the address stays with Bob.
      it('gives an unverified Kakao account its own user, neither linked nor refused', async () => {
        const bob = await createUserWithIdentity(
          h.db.database.db,
          { email: 'bob@example.test', emailVerified: true },
          { provider: 'local', providerUserId: 'bob' },
        );
        const res = await h.signIn({ accountId: 1004 });
        expect(res.statusCode).toBe(200);
        expect(res.json().user.id).not.toBe(bob.id);
        expect(res.json().user).toMatchObject({ email: 'bob@example.test', email_verified: false });
        expect(h.logs.some((l) => l.event === 'link')).toBe(false);
      });

      it('signs in the unverified account when nobody else has the email', async () => {
        const res = await h.signIn({ accountId: 1004 });
        expect(res.statusCode).toBe(200);
        expect(res.json().user).toMatchObject({ email: 'bob@example.test', email_verified: false });
      });
    });

    it('refuses a redirect_uri outside the allow-list before calling Kakao', async () => {
      const res = await h.post('/auth/kakao/exchange', {
        code: 'x',
        redirect_uri: 'http://evil.test/callback',
        code_verifier: newCodeVerifier(),
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('redirect_uri_not_allowed');
    });

    it('maps a PKCE mismatch to 400 invalid_grant', async () => {
      const login = await kakaoLogin(h.emulator.url, { accountId: 1001 });
      const res = await h.post('/auth/kakao/exchange', {
        code: login.code,
        redirect_uri: login.redirectUri,
        code_verifier: newCodeVerifier(),
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('invalid_grant');
    });

    it('maps a reused code (KOE320) to 400 invalid_grant', async () => {
      const login = await kakaoLogin(h.emulator.url, { accountId: 1001 });
      const payload = {
        code: login.code,
        redirect_uri: login.redirectUri,
        code_verifier: login.codeVerifier,
      };
      expect((await h.post('/auth/kakao/exchange', payload)).statusCode).toBe(200);
      const again = await h.post('/auth/kakao/exchange', payload);
      expect(again.statusCode).toBe(400);
      expect(again.json().code).toBe('invalid_grant');
    });

    it('maps a code expired on the emulator clock to invalid_grant', async () => {
      const login = await kakaoLogin(h.emulator.url, { accountId: 1001 });
      await h.control('/__emulator/clock', { advanceSeconds: 3600 });
      const res = await h.post('/auth/kakao/exchange', {
        code: login.code,
        redirect_uri: login.redirectUri,
        code_verifier: login.codeVerifier,
      });
      expect(res.json().code).toBe('invalid_grant');
    });

    it('refuses an id_token whose nonce differs from the one sent', async () => {
      const login = await kakaoLogin(h.emulator.url, { accountId: 1001, nonce: 'the-real-nonce' });
      const res = await h.post('/auth/kakao/exchange', {
        code: login.code,
        redirect_uri: login.redirectUri,
        code_verifier: login.codeVerifier,
        nonce: 'another-nonce',
      });
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe('id_token_invalid');
    });

    // --- Kakao failures, injected in the real emulator ---
    const faults: [string, Record<string, unknown>, number, string][] = [
      [
        'kauth KOE320',
        { endpoint: '/oauth/token', kind: 'kakao_error', code: 'KOE320' },
        400,
        'invalid_grant',
      ],
      [
        'kauth KOE010 (our secret wrong)',
        { endpoint: '/oauth/token', kind: 'kakao_error', code: 'KOE010' },
        502,
        'internal_error',
      ],
      ['kauth 500', { endpoint: '/oauth/token', kind: 'http_status', status: 500 }, 503, 'kakao_unavailable'],
      ['kauth hangs past our timeout', { endpoint: '/oauth/token', kind: 'hang' }, 503, 'kakao_unavailable'],
      [
        'kapi -1 on user/me',
        { endpoint: '/v2/user/me', kind: 'kakao_error', code: -1 },
        503,
        'kakao_unavailable',
      ],
      [
        'kapi 503 on user/me',
        { endpoint: '/v2/user/me', kind: 'http_status', status: 503 },
        503,
        'kakao_unavailable',
      ],
      ['kapi hang on user/me', { endpoint: '/v2/user/me', kind: 'hang' }, 503, 'kakao_unavailable'],
      [
        'kapi -401 on user/me',
        { endpoint: '/v2/user/me', kind: 'kakao_error', code: -401 },
        401,
        'kakao_token_invalid',
      ],
      [
        'kapi -2 on user/me',
        { endpoint: '/v2/user/me', kind: 'kakao_error', code: -2 },
        400,
        'kakao_bad_request',
      ],
    ];
    it.each(faults)('exchange: %s', async (_name, fault, status, code) => {
      const login = await kakaoLogin(h.emulator.url, { accountId: 1001 });
      await h.fault(fault);
      const res = await h.post('/auth/kakao/exchange', {
        code: login.code,
        redirect_uri: login.redirectUri,
        code_verifier: login.codeVerifier,
      });
      expect(res.statusCode).toBe(status);
      expect(res.json<Problem>()).toMatchObject({ code, status });
      if (status === 503) expect(res.headers['retry-after']).toBe('5');
      expect(JSON.stringify(res.json())).not.toMatch(/dev-client-secret|at [\w.]+ \(/);
      if (code === 'internal_error') {
        expect(h.rawLogs()).toMatch(/KAKAO_CLIENT_SECRET/);
        expect(h.rawLogs()).not.toContain('dev-client-secret');
      }
    });

    it('retries an idempotent read once: a single -1 on user/me still signs in', async () => {
      const login = await kakaoLogin(h.emulator.url, { accountId: 1001 });
      await h.fault({ endpoint: '/v2/user/me', kind: 'kakao_error', code: -1, times: 1 });
      const res = await h.post('/auth/kakao/exchange', {
        code: login.code,
        redirect_uri: login.redirectUri,
        code_verifier: login.codeVerifier,
      });
      expect(res.statusCode).toBe(200);
    });

    it('never retries the code exchange', async () => {
      const login = await kakaoLogin(h.emulator.url, { accountId: 1001 });
      await h.fault({ endpoint: '/oauth/token', kind: 'http_status', status: 500, times: 1 });
      const res = await h.post('/auth/kakao/exchange', {
        code: login.code,
        redirect_uri: login.redirectUri,
        code_verifier: login.codeVerifier,
      });
      expect(res.statusCode).toBe(503);
      const { requests } = (await h.control('/__emulator/requests', undefined, 'GET')) as {
        requests: { path: string }[];
      };
      expect(requests.filter((r) => r.path === '/oauth/token')).toHaveLength(1);
    });

    // --- POST /auth/kakao/token ---

    async function kakaoAccessToken(
      clientId = 'kakao-desktop-dev',
      secret = 'dev-client-secret',
    ): Promise<string> {
      const login = await kakaoLogin(h.emulator.url, { accountId: 1001, clientId });
      const res = await fetch(`${h.emulator.url}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          client_id: clientId,
          client_secret: secret,
          redirect_uri: login.redirectUri,
          code: login.code,
          code_verifier: login.codeVerifier,
        }),
      });
      return ((await res.json()) as { access_token: string }).access_token;
    }

    it('signs in with a Kakao access token of our app', async () => {
      const res = await h.post('/auth/kakao/token', {
        kakao_access_token: await kakaoAccessToken(),
        device_name: 'Phone',
      });
      expect(res.statusCode).toBe(200);
      expect(res.json().user.kakao_id).toBe('1001');
    });

    it("refuses another app's Kakao access token with wrong_app", async () => {
      await h.control('/__emulator/apps', {
        clientId: 'other-app',
        clientSecret: 'other-secret',
        appId: 200002,
        redirectUris: ['http://localhost:9021/callback'],
      });
      const res = await h.post('/auth/kakao/token', {
        kakao_access_token: await kakaoAccessToken('other-app', 'other-secret'),
      });
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('wrong_app');
    });

    it('maps an unknown Kakao access token (-401) to kakao_token_invalid', async () => {
      const res = await h.post('/auth/kakao/token', { kakao_access_token: 'not-a-kakao-token' });
      expect(res.statusCode).toBe(401);
      expect(res.json().code).toBe('kakao_token_invalid');
    });

    it('maps access_token_info -1 to 503 kakao_unavailable', async () => {
      await h.fault({ endpoint: '/v1/user/access_token_info', kind: 'kakao_error', code: -1 });
      const res = await h.post('/auth/kakao/token', { kakao_access_token: 'whatever' });
      expect(res.statusCode).toBe(503);
      expect(res.json().code).toBe('kakao_unavailable');
    });
  });
});
