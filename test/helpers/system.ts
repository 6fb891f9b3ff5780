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
import { buildApp, type Config, type Database, loadConfig, openDatabase } from '@kakao-desktop/server';
import type { FastifyInstance } from 'fastify';
import { type RunningEmulator, startEmulator } from 'kakao-emulator';

/** The emulator's default app (kakao-emulator/README.md). */
export const DEFAULT_KAKAO_APP = {
  clientId: 'kakao-desktop-dev',
  clientSecret: 'dev-client-secret',
  appId: 100001,
} as const;

/** The desktop's registered redirect URI (never loaded: the auth window intercepts it). */
export const REDIRECT_URI = 'http://localhost:9021/callback';

export interface StartSystemOptions {
  /** Extra backend environment (server/src/config.ts names), applied over the test defaults. */
  backendEnv?: Record<string, string>;
}

export interface RunningSystem {
  /** kauth and kapi base URL. */
  emulatorUrl: string;
  /** The companion backend; stays the same across stopBackend/startBackend. */
  backendUrl: string;
  /** Stop the backend only (database and emulator stay): its port then refuses connections. */
  stopBackend(): Promise<void>;
  /** Start the backend again on the same port with the same database, so issued tokens still count. */
  startBackend(): Promise<void>;
  /** Stop everything this helper started. Safe to call twice. */
  close(): Promise<void>;
}

export async function startSystem(options: StartSystemOptions = {}): Promise<RunningSystem> {
  const emulator: RunningEmulator = await startEmulator({ port: 0 });
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
      KAKAO_CLIENT_SECRET: DEFAULT_KAKAO_APP.clientSecret,
      KAKAO_APP_ID: String(DEFAULT_KAKAO_APP.appId),
      ALLOWED_REDIRECT_URIS: REDIRECT_URI,
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

    const listen = async (port: number): Promise<FastifyInstance> => {
      const app = await buildApp(config, { database: db });
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
