/**
 * Property-based fuzzing of the control API (/__emulator/*), on an emulator of its own (fuzzed faults, apps and
 * clock moves must not disturb other suites), plus the check that the fuzz targets cover every registered route.
 */
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEmulatorApp } from '../src/index';
import {
  emptyPools,
  expectWellFormed,
  FUZZ_TIMEOUT_MS,
  fuzzParameters,
  registeredRoutes,
  requestsFor,
} from './fuzz-arbitraries';
import { CONTROL_TARGETS, kapiTargets, kauthTargets } from './fuzz-targets';

let app: FastifyInstance;

beforeAll(async () => {
  app = await buildEmulatorApp({ publicUrl: 'http://127.0.0.1:9010' });
  await app.ready();
});
afterAll(async () => {
  await app?.close();
});

describe('fuzz targets', () => {
  it('cover every registered route and method (a new route must get a fuzz target)', () => {
    const targeted = new Set(
      [...kauthTargets(emptyPools()), ...kapiTargets(emptyPools()), ...CONTROL_TARGETS].flatMap((t) =>
        t.methods.map((m) => `${m} ${t.path}`),
      ),
    );
    const registered = registeredRoutes(app);
    expect(registered.size).toBeGreaterThan(20);
    expect([...registered].filter((route) => !targeted.has(route))).toEqual([]);
    expect([...targeted].filter((route) => !registered.has(route))).toEqual([]);
  });
});

describe('fuzzing the control API: every reply well-formed, never 5xx', () => {
  // Test hooks, not Kakao's surface: one target whose runs spread over every control route.
  it(
    CONTROL_TARGETS.map((t) => t.path).join(' '),
    async () => {
      const requests = fc.oneof(...CONTROL_TARGETS.map((t) => requestsFor(t, {})));
      await fc.assert(
        fc.asyncProperty(requests, async (request) => {
          expectWellFormed('control', request, await app.inject(request));
        }),
        fuzzParameters(),
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});
