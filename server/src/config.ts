/**
 * The backend's whole configuration, read from environment variables and validated once at start.
 * Defaults make `npm start` work against the local emulator; NODE_ENV=production refuses those dev defaults.
 */
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { DEV_DEFAULTS, refuseDevDefaults } from './config-dev-defaults';
import { ConfigError, configErrorFrom } from './config-errors';
import { bool, csv, encryptionKey, httpUrl, int, redisUrl, trustProxy } from './config-fields';
import { DPOP_ENV, type DpopConfig, dpopConfigFrom } from './dpop/config';

export { DEV_DEFAULTS } from './config-dev-defaults';
export { ConfigError } from './config-errors';

/** Default embedded-database folder: server/.data (git-ignored). */
export const DEFAULT_DATA_DIR = fileURLToPath(new URL('../.data', import.meta.url));

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  PORT: int(0, 65535).default(DEV_DEFAULTS.port),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: trustProxy.default(false),
  REQUEST_TIMEOUT_MS: int(100, 600_000).default(30_000),
  HEADERS_TIMEOUT_MS: int(100, 600_000).default(10_000),
  KEEP_ALIVE_TIMEOUT_MS: int(100, 600_000).default(72_000),

  KAKAO_CLIENT_ID: z.string().trim().min(1).default(DEV_DEFAULTS.clientId),
  KAKAO_CLIENT_SECRET: z.string().trim().min(1).default(DEV_DEFAULTS.clientSecret),
  KAKAO_AUTH_BASE_URL: httpUrl.default(DEV_DEFAULTS.kakaoBaseUrl),
  KAKAO_API_BASE_URL: httpUrl.default(DEV_DEFAULTS.kakaoBaseUrl),
  KAKAO_ID_TOKEN_ISSUER: httpUrl.optional(),
  KAKAO_APP_ID: int(1, Number.MAX_SAFE_INTEGER).default(DEV_DEFAULTS.appId),
  KAKAO_ADMIN_KEY: z.string().trim().min(1).default(DEV_DEFAULTS.adminKey),
  KAKAO_TIMEOUT_MS: int(100, 60_000).default(5000),

  ALLOWED_REDIRECT_URIS: csv
    .pipe(z.array(z.string().url('each entry must be a URL')).min(1, 'must list at least one URI'))
    .default([...DEV_DEFAULTS.allowedRedirectUris]),

  DATABASE_URL: z
    .string()
    .trim()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  DATABASE_POOL_MAX: int(1, 200).default(10),
  REFRESH_SYNCHRONOUS_COMMIT: bool.default(true),
  DATA_DIR: z.string().trim().min(1).default(DEFAULT_DATA_DIR),

  TOKEN_ENCRYPTION_KEY: encryptionKey.prefault(DEV_DEFAULTS.encryptionKey),
  ACCESS_TOKEN_SIGNING_KEY: z
    .string()
    .trim()
    .transform((v, ctx) => {
      try {
        const jwk = JSON.parse(v) as Record<string, unknown>;
        if (jwk.kty === 'EC' && jwk.crv === 'P-256' && typeof jwk.d === 'string') return jwk;
      } catch {}
      ctx.addIssue({
        code: 'custom',
        message: 'must be a private P-256 JWK as JSON ({"kty":"EC","crv":"P-256","d":…})',
      });
      return z.NEVER;
    })
    .optional(),
  ACCESS_TOKEN_ISSUER: z.string().trim().min(1).default('kakao-desktop-backend'),
  ACCESS_TOKEN_AUDIENCE: z.string().trim().min(1).default('kakao-desktop'),
  ACCESS_TOKEN_TTL_SECONDS: int(30, 86_400).default(900),
  REFRESH_TOKEN_TTL_SECONDS: int(60, 31_536_000).default(2_592_000),
  REFRESH_GRACE_SECONDS: int(0, 300).default(10),
  TOKEN_RETENTION_SECONDS: int(0, 31_536_000).default(2_592_000),
  RETENTION_INTERVAL_SECONDS: int(0, 86_400).default(600),
  RETENTION_BATCH_SIZE: int(1, 100_000).default(1000),

  RATE_LIMIT_MAX: int(0, 1_000_000).default(60),
  RATE_LIMIT_WINDOW_SECONDS: int(1, 86_400).default(60),
  RATE_LIMIT_ME_MAX: int(0, 1_000_000).default(120),
  RATE_LIMIT_UNLINK_CALLBACK_MAX: int(0, 1_000_000).default(10),
  RATE_LIMIT_META_MAX: int(0, 1_000_000).default(600),
  RATE_LIMIT_REDIS_URL: redisUrl.optional(),
  BODY_LIMIT_BYTES: int(1024, 1_048_576).default(16_384),
  ...DPOP_ENV,
});

export type Env = z.input<typeof envSchema>;

export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  logLevel: string;
  /** The proxies whose X-Forwarded-For entries are believed (Fastify `trustProxy`); false = none. */
  trustProxy: string[] | false;
  /** Node HTTP server timeouts (ms): whole request incl. body, headers, idle keep-alive between requests. */
  timeouts: { requestMs: number; headersMs: number; keepAliveMs: number };
  kakao: {
    clientId: string;
    /** Sent as client_secret (the app's client-secret feature must be ON in the Kakao console). */
    clientSecret: string;
    authBaseUrl: string;
    apiBaseUrl: string;
    idTokenIssuer: string;
    appId: number;
    adminKey: string;
    timeoutMs: number;
  };
  allowedRedirectUris: string[];
  database: { url: string | undefined; poolMax: number; dataDir: string; durableRotation: boolean };
  tokens: {
    encryptionKey: Buffer;
    signingKey: Record<string, unknown> | undefined;
    issuer: string;
    audience: string;
    accessTtlSeconds: number;
    refreshTtlSeconds: number;
    refreshGraceSeconds: number;
  };
  /** See server/docs/sessions.md "Retention". intervalSeconds 0 = this process never purges. */
  retention: { retentionSeconds: number; intervalSeconds: number; batchSize: number };
  /**
   * Per client IP and window; 0 = off. `max`: /auth/*; `meMax`: /me; `unlinkCallbackMax`: unlink callbacks without
   * the right admin key; `metaMax`: health, JWKS, docs. `redisUrl` set: one limit shared by every instance on that
   * Redis; unset: a limit per process.
   */
  rateLimit: {
    max: number;
    meMax: number;
    unlinkCallbackMax: number;
    metaMax: number;
    windowSeconds: number;
    redisUrl: string | undefined;
  };
  bodyLimitBytes: number;
  dpop: DpopConfig;
}

/** Validates `env` (usually process.env) into a Config, or throws ConfigError naming the variable. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  // Empty strings count as "not set" so `FOO= npm start` falls back to the default.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) throw configErrorFrom(parsed.error, present);
  const e = parsed.data;
  const config: Config = {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY,
    timeouts: {
      requestMs: e.REQUEST_TIMEOUT_MS,
      headersMs: e.HEADERS_TIMEOUT_MS,
      keepAliveMs: e.KEEP_ALIVE_TIMEOUT_MS,
    },
    kakao: {
      clientId: e.KAKAO_CLIENT_ID,
      clientSecret: e.KAKAO_CLIENT_SECRET,
      authBaseUrl: e.KAKAO_AUTH_BASE_URL,
      apiBaseUrl: e.KAKAO_API_BASE_URL,
      idTokenIssuer: e.KAKAO_ID_TOKEN_ISSUER ?? e.KAKAO_AUTH_BASE_URL,
      appId: e.KAKAO_APP_ID,
      adminKey: e.KAKAO_ADMIN_KEY,
      timeoutMs: e.KAKAO_TIMEOUT_MS,
    },
    allowedRedirectUris: e.ALLOWED_REDIRECT_URIS,
    database: {
      url: e.DATABASE_URL,
      poolMax: e.DATABASE_POOL_MAX,
      dataDir: e.DATA_DIR,
      durableRotation: e.REFRESH_SYNCHRONOUS_COMMIT,
    },
    tokens: {
      encryptionKey: e.TOKEN_ENCRYPTION_KEY,
      signingKey: e.ACCESS_TOKEN_SIGNING_KEY,
      issuer: e.ACCESS_TOKEN_ISSUER,
      audience: e.ACCESS_TOKEN_AUDIENCE,
      accessTtlSeconds: e.ACCESS_TOKEN_TTL_SECONDS,
      refreshTtlSeconds: e.REFRESH_TOKEN_TTL_SECONDS,
      refreshGraceSeconds: e.REFRESH_GRACE_SECONDS,
    },
    retention: {
      retentionSeconds: e.TOKEN_RETENTION_SECONDS,
      intervalSeconds: e.RETENTION_INTERVAL_SECONDS,
      batchSize: e.RETENTION_BATCH_SIZE,
    },
    rateLimit: {
      max: e.RATE_LIMIT_MAX,
      meMax: e.RATE_LIMIT_ME_MAX,
      unlinkCallbackMax: e.RATE_LIMIT_UNLINK_CALLBACK_MAX,
      metaMax: e.RATE_LIMIT_META_MAX,
      windowSeconds: e.RATE_LIMIT_WINDOW_SECONDS,
      redisUrl: e.RATE_LIMIT_REDIS_URL,
    },
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    dpop: dpopConfigFrom(e),
  };
  // Node refuses a headers timeout longer than the request timeout.
  if (config.timeouts.headersMs > config.timeouts.requestMs) {
    throw new ConfigError(
      `config error: HEADERS_TIMEOUT_MS must be at most REQUEST_TIMEOUT_MS (${config.timeouts.requestMs}) (got "${config.timeouts.headersMs}")`,
    );
  }
  if (config.env === 'production') refuseDevDefaults(config);
  return config;
}
