/**
 * One backend + one real Kakao emulator + one database per suite (fastify/demo's `build(t)` idea), reset before
 * every test. Our clock is injectable (`clock.advance`), the emulator's is driven through its control API.
 */
import { Writable } from 'node:stream';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { type RunningEmulator, startEmulator } from 'kakao-emulator';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import { buildApp } from '../../src/app';
import { type Config, loadConfig } from '../../src/config';
import { createTestDatabase, type DatabaseKind, type TestDatabase } from './databases';
import { type KakaoLoginOptions, kakaoLogin } from './kakao-login';

export interface Harness {
  app: FastifyInstance;
  config: Config;
  emulator: RunningEmulator;
  db: TestDatabase;
  clock: { advance(seconds: number): void; now(): Date };
  /** Every log line the app wrote since the last reset, parsed. */
  logs: Record<string, unknown>[];
  /** Raw log text since the last reset (to check redaction). */
  rawLogs(): string;
  control(path: string, body?: unknown, method?: string): Promise<unknown>;
  fault(fault: Record<string, unknown>): Promise<unknown>;
  /** Full sign-in through the emulator's pages and our /auth/kakao/exchange. */
  signIn(options: Partial<KakaoLoginOptions> & { deviceName?: string }): Promise<LightMyRequestResponse>;
  post(url: string, payload: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
}

export const TEST_ENV: Record<string, string> = {
  NODE_ENV: 'test',
  LOG_LEVEL: 'info',
  KAKAO_TIMEOUT_MS: '800',
  // Rate limits off unless a suite sets them (each is tested in routes/bad-input.test.ts and plugins/).
  RATE_LIMIT_MAX: '0',
  RATE_LIMIT_ME_MAX: '0',
  RATE_LIMIT_UNLINK_CALLBACK_MAX: '0',
  RATE_LIMIT_META_MAX: '0',
  REFRESH_GRACE_SECONDS: '10',
  ACCESS_TOKEN_TTL_SECONDS: '900',
  REFRESH_TOKEN_TTL_SECONDS: '86400',
};

export function useHarness(kind: DatabaseKind, env: Record<string, string> = {}): Harness {
  let offsetMs = 0;
  let lines: string[] = [];
  const h = {
    clock: {
      advance(seconds: number) {
        offsetMs += seconds * 1000;
      },
      now: () => new Date(Date.now() + offsetMs),
    },
    get logs() {
      return lines
        .flatMap((l) => l.split('\n'))
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>);
    },
    rawLogs: () => lines.join(''),
  } as Harness;

  beforeAll(async () => {
    h.emulator = await startEmulator({ port: 0 });
    h.db = await createTestDatabase(kind);
    h.config = loadConfig({
      ...TEST_ENV,
      KAKAO_AUTH_BASE_URL: h.emulator.url,
      KAKAO_API_BASE_URL: h.emulator.url,
      ...env,
    });
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const { loggerOptions } = await import('../../src/logger');
    h.app = await buildApp(h.config, {
      database: h.db.database,
      clock: h.clock.now,
      logger: pino(loggerOptions('info'), sink),
    });
    await h.app.ready();
  });

  afterAll(async () => {
    await h.app?.close();
    await h.db?.dispose();
    await h.emulator?.close();
  });

  beforeEach(async () => {
    offsetMs = 0;
    await h.db.reset();
    await h.control('/__emulator/reset');
    lines = [];
  });

  h.control = async (path, body, method = 'POST') => {
    // The control API takes only JSON for anything but a read.
    const res = await fetch(`${h.emulator.url}${path}`, {
      method,
      ...(method !== 'GET' && { headers: { 'content-type': 'application/json' } }),
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    if (!res.ok) throw new Error(`emulator ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  h.fault = (fault) => h.control('/__emulator/faults', fault);
  h.post = (url, payload, headers = {}) =>
    h.app.inject({ method: 'POST', url, payload: payload as object, headers });
  h.signIn = async ({ deviceName, ...login }) => {
    const { code, codeVerifier, redirectUri, nonce } = await kakaoLogin(h.emulator.url, {
      accountId: 1001,
      ...login,
    });
    return h.post('/auth/kakao/exchange', {
      code,
      redirect_uri: redirectUri,
      code_verifier: codeVerifier,
      ...(nonce && { nonce }),
      ...(deviceName && { device_name: deviceName }),
    });
  };
  return h;
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
