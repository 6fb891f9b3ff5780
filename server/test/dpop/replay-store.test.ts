import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app';
import { createReplayStore } from '../../src/dpop/replay-store';
import { DATABASES, unavailable } from '../helpers/databases';
import { useHarness } from '../helpers/harness';
import { manualTimers } from '../helpers/timers';

describe.each(DATABASES)('DPoP replay cache on %s', (kind) => {
  describe.skipIf(unavailable(kind))('', () => {
    const h = useHarness(kind);
    const count = async () =>
      Number(
        (
          await h.db.database.query<{ n: number }>(
            't_dpop_n',
            'select count(*)::int as n from dpop_proofs',
            [],
          )
        )[0]!.n,
      );

    it('remembers a (jkt, jti) once, across concurrent presenters; the same jti of another key is distinct', async () => {
      const store = createReplayStore(h.db.database);
      const expiresAt = new Date(h.clock.now().getTime() + 60_000);
      const results = await Promise.all(
        Array.from({ length: 10 }, () => store.remember({ jkt: 'k1', jti: 'j1', expiresAt })),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      expect(await store.remember({ jkt: 'k2', jti: 'j1', expiresAt })).toBe(true);
      expect(await store.remember({ jkt: 'k1', jti: 'j1', expiresAt })).toBe(false);
    });

    it('expired rows are purged by the retention job, in batches', async () => {
      const store = createReplayStore(h.db.database);
      const now = h.clock.now();
      for (const jti of ['a', 'b', 'c'])
        await store.remember({ jkt: 'k', jti, expiresAt: new Date(now.getTime() - 1000) });
      await store.remember({ jkt: 'k', jti: 'live', expiresAt: new Date(now.getTime() + 60_000) });
      expect(await store.purgeExpired(now, 2)).toBe(2);
      expect(await count()).toBe(2);

      const timers = manualTimers();
      const app = await buildApp(
        { ...h.config, retention: { ...h.config.retention, intervalSeconds: 60 } },
        { database: h.db.database, clock: h.clock.now, logger: pino({ level: 'silent' }), timers },
      );
      try {
        await app.ready();
        await timers.fire();
        expect(await count()).toBe(1); // only the live one is left
      } finally {
        await app.close();
      }
    });
  });
});
