/**
 * The whole system for cross-program tests: the real Kakao emulator and the real companion backend
 * (the server's own `buildApp` + `loadConfig`, in-memory PGlite), both over real HTTP on random ports.
 *
 * @example
 * ```ts
 * const system = await startSystem();
 * const backend = createBackendClient({ baseUrl: system.backendUrl });
 * // … point the desktop's AuthConfig.authBaseUrl at system.emulatorUrl …
 * await system.close();
 * ```
 */
import { DEV_KAKAO_APP } from '@kakao-desktop/contract/dev-defaults';
import { DEV_ONLY_SECRETS } from '@kakao-desktop/contract/dev-defaults-secrets';
import { buildApp, type Config, type Database, loadConfig, openDatabase } from '@kakao-desktop/server';
import type { FastifyInstance } from 'fastify';
import { DEFAULT_APPS, type RunningEmulator, startEmulator } from 'kakao-emulator';
import pino from 'pino';
import { loggerOptions } from '../../server/src/logger';

/** The emulator's default app: the dev defaults (contract/src/dev-defaults.json), which it keeps a copy of. */
export const DEFAULT_KAKAO_APP = {
  clientId: DEV_KAKAO_APP.clientId,
  clientSecret: DEV_ONLY_SECRETS.clientSecret,
  appId: DEV_KAKAO_APP.appId,
} as const;

/** The desktop's registered redirect URI (never loaded: the auth window intercepts it). */
export const REDIRECT_URI = DEV_KAKAO_APP.signInWindowRedirectUri;

export interface StartSystemOptions {
  /** Extra backend environment (server/src/config.ts names), applied over the test defaults. */
  backendEnv?: Record<string, string>;
  /**
   * Receives every line the backend logs (pino JSON, with the server's own redaction), at LOG_LEVEL
   * (set it through backendEnv; the default is silent). Without it the backend logs nowhere.
   */
  backendLog?: (line: string) => void;
  /** Receives the emulator's one-line-per-request log (as its CLI prints it). */
  emulatorLog?: (line: string) => void;
  /** The Kakao client secret for this run (emulator app and backend alike); default the dev one. */
  clientSecret?: string;
  /** The backend's fetch for every Kakao call (wrap global fetch to watch what Kakao answers). */
  kakaoFetch?: typeof fetch;
  /**
   * More redirect URIs, registered for the default app at the emulator and allowed by the backend, e.g. a
   * system-browser loopback redirect on a test's own port (`http://127.0.0.1:<port>/callback`).
   */
  extraRedirectUris?: readonly string[];
}

export interface RunningSystem {
  /** kauth and kapi base URL. */
  emulatorUrl: string;
  /** The companion backend; stays the same across stopBackend/startBackend. */
  backendUrl: string;
  /** The backend's database (kept across stopBackend/startBackend), for assertions on what it stores. */
  database: Database;
  /** Stop the backend only (database and emulator stay): its port then refuses connections. */
  stopBackend(): Promise<void>;
  /** Start the backend again on the same port with the same database, so issued tokens still count. */
  startBackend(): Promise<void>;
  /** Stop everything this helper started. Safe to call twice. */
  close(): Promise<void>;
}

export async function startSystem(options: StartSystemOptions = {}): Promise<RunningSystem> {
  const clientSecret = options.clientSecret ?? DEFAULT_KAKAO_APP.clientSecret;
  const extraRedirectUris = options.extraRedirectUris ?? [];
  const emulator: RunningEmulator = await startEmulator({
    port: 0,
    apps: DEFAULT_APPS.map((app) =>
      app.clientId === DEFAULT_KAKAO_APP.clientId
        ? { ...app, clientSecret, redirectUris: [...app.redirectUris, ...extraRedirectUris] }
        : app,
    ),
    ...(options.emulatorLog ? { onRequest: options.emulatorLog } : {}),
  });
  let database: Database | undefined;
  let backend: FastifyInstance | undefined;
  try {
    const config: Config = loadConfig({
      NODE_ENV: 'test',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'silent',
      KAKAO_AUTH_BASE_URL: emulator.url,
      KAKAO_API_BASE_URL: emulator.url,
      KAKAO_CLIENT_ID: DEFAULT_KAKAO_APP.clientId,
      KAKAO_CLIENT_SECRET: clientSecret,
      KAKAO_APP_ID: String(DEFAULT_KAKAO_APP.appId),
      ALLOWED_REDIRECT_URIS: [REDIRECT_URI, ...extraRedirectUris].join(','),
      RATE_LIMIT_MAX: '0',
      RATE_LIMIT_ME_MAX: '0',
      RATE_LIMIT_UNLINK_CALLBACK_MAX: '0',
      RATE_LIMIT_META_MAX: '0',
      DATA_DIR: 'memory://',
      ...options.backendEnv,
    });
    const db = await openDatabase(config.database);
    database = db;
    await db.migrate();

    const backendLog = options.backendLog;
    const logger = backendLog
      ? pino(loggerOptions(config.logLevel), { write: (line: string) => backendLog(line) })
      : undefined;
    const listen = async (port: number): Promise<FastifyInstance> => {
      const app = await buildApp(config, {
        database: db,
        ...(logger ? { logger } : {}),
        ...(options.kakaoFetch ? { fetch: options.kakaoFetch } : {}),
      });
      try {
        await app.listen({ host: config.host, port });
      } catch (error) {
        await app.close();
        throw error;
      }
      return app;
    };
    backend = await listen(config.port);
    const address = backend.server.address();
    if (address === null || typeof address === 'string') throw new Error('backend: no TCP address');
    const port = address.port;
    const backendUrl = `http://127.0.0.1:${port}`;

    let closed = false;
    return {
      emulatorUrl: emulator.url,
      backendUrl,
      database: db,
      async stopBackend() {
        const running = backend;
        backend = undefined;
        await running?.close();
      },
      async startBackend() {
        if (backend) throw new Error('startBackend: the backend is already running');
        backend = await listen(port);
      },
      async close() {
        if (closed) return;
        closed = true;
        await backend?.close();
        backend = undefined;
        await db.close();
        await emulator.close();
      },
    };
  } catch (error) {
    // A half-started system must not leave servers behind.
    await backend?.close().catch(() => {});
    await database?.close().catch(() => {});
    await emulator.close().catch(() => {});
    throw error;
  }
}
