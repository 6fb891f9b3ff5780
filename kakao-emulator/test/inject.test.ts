import { describe, expect, it } from 'vitest';
import { buildEmulatorApp } from '../src/index';

describe('buildEmulatorApp (no port, inject)', () => {
  it('serves discovery with the given publicUrl and an injected clock', async () => {
    const app = await buildEmulatorApp({
      publicUrl: 'http://kauth.emulator.test',
      clock: () => Date.UTC(2030, 0, 1),
    });
    try {
      const discovery = await app.inject({ method: 'GET', url: '/.well-known/openid-configuration' });
      expect(discovery.json()).toMatchObject({ issuer: 'http://kauth.emulator.test' });
      const clock = await app.inject({
        method: 'POST',
        url: '/__emulator/clock',
        payload: { advanceSeconds: 60 },
      });
      expect(clock.json()).toEqual({ ok: true, now: '2030-01-01T00:01:00.000Z' });
    } finally {
      await app.close();
    }
  });

  it('the onRequest line carries method, path and status, never the query', async () => {
    const lines: string[] = [];
    const app = await buildEmulatorApp({ onRequest: (line) => lines.push(line) });
    try {
      await app.inject({ method: 'GET', url: '/v2/user/me?access_token=secret-token' });
      expect(lines).toEqual(['GET /v2/user/me → 401']);
    } finally {
      await app.close();
    }
  });
});
