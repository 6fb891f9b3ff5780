import type { TokenResponse } from '@kakao-desktop/contract';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app';
import { loadConfig } from '../../src/config';
import { createTestDatabase, DATABASES, unavailable } from '../helpers/databases';
import { TEST_ENV, useHarness } from '../helpers/harness';

describe.each(DATABASES)('JWKS, health and readiness on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    const h = useHarness(kind);

    it('publishes the key that verifies our access tokens (ES256, kid, iss/aud/sub/sid/exp/iat/jti)', async () => {
      const s = (await h.signIn({ accountId: 1001 })).json() as TokenResponse;
      const url = await h.app.listen({ port: 0, host: '127.0.0.1' });
      try {
        const { payload, protectedHeader } = await jwtVerify(
          s.access_token,
          createRemoteJWKSet(new URL(`${url}/.well-known/jwks.json`)),
          { issuer: h.config.tokens.issuer, audience: h.config.tokens.audience, currentDate: h.clock.now() },
        );
        expect(protectedHeader).toMatchObject({ alg: 'ES256', typ: 'at+jwt' });
        expect(protectedHeader.kid).toBe(decodeProtectedHeader(s.access_token).kid);
        expect(payload).toMatchObject({ sub: s.user.id, sid: s.session_id });
        expect(payload.exp! - payload.iat!).toBe(900);
        expect(payload.jti).toBeTruthy();
      } finally {
        await h.app.server.close();
      }
    });

    it('keeps the signing key across restarts (persisted in the database)', async () => {
      const before = (await h.app.inject({ url: '/.well-known/jwks.json' })).json();
      const again = await buildApp(h.config, { database: h.db.database, logger: h.app.log });
      expect((await again.inject({ url: '/.well-known/jwks.json' })).json()).toEqual(before);
      await again.close();
    });

    it('healthz and readyz answer ok; /docs serves the OpenAPI document', async () => {
      expect((await h.app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
      expect((await h.app.inject({ url: '/readyz' })).json()).toEqual({ status: 'ok' });
      const doc = (await h.app.inject({ url: '/docs/json' })).json();
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining(['/auth/kakao/exchange', '/auth/refresh', '/me']),
      );
    });
  });
});

describe('readyz without a database', () => {
  it('answers 503 not_ready when the database is gone', async () => {
    const db = await createTestDatabase('pglite');
    const app = await buildApp(loadConfig({ ...TEST_ENV, LOG_LEVEL: 'silent' }), { database: db.database });
    await db.database.close();
    const res = await app.inject({ url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ code: 'not_ready' });
    expect(res.headers['retry-after']).toBe('5');
    await app.close();
  });
});
