/**
 * The backend's whole configuration, read from environment variables and validated once at start.
 * Defaults make `npm start` work against the local emulator; NODE_ENV=production refuses those dev defaults.
 */
import { isIP } from 'node:net';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { DPOP_ENV, type DpopConfig, dpopConfigFrom } from './dpop/config';

/** The emulator's defaults (kakao-emulator/README.md). Fine for development, refused in production. */
export const DEV_DEFAULTS = {
  kakaoBaseUrl: 'http://127.0.0.1:9010',
  clientId: 'kakao-desktop-dev',
  clientSecret: 'dev-client-secret',
  appId: 100001,
  adminKey: 'dev-admin-key',
  /** 32 zero-ish bytes, base64url. Only for development: production must set TOKEN_ENCRYPTION_KEY. */
  encryptionKey: 'ZGV2LW9ubHktdG9rZW4tZW5jcnlwdGlvbi1rZXktMzI',
} as const;

/** Default embedded-database folder: server/.data (git-ignored). */
export const DEFAULT_DATA_DIR = fileURLToPath(new URL('../.data', import.meta.url));

const int = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

const httpUrl = z
  .string()
  .trim()
  .url('must be an http(s) URL')
  .refine((u) => /^https?:\/\//.test(u), 'must be an http(s) URL')
  .transform((u) => u.replace(/\/+$/, ''));

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** 32-byte AES key as base64/base64url (43–44 chars) or hex (64 chars). */
const encryptionKey = z
  .string()
  .trim()
  .transform((v, ctx) => {
    const bytes = /^[0-9a-fA-F]{64}$/.test(v) ? Buffer.from(v, 'hex') : Buffer.from(v, 'base64url');
    if (bytes.length !== 32) {
      ctx.addIssue({ code: 'custom', message: 'must be 32 bytes as base64url or 64 hex characters' });
      return z.NEVER;
    }
    return bytes;
  });

/** A Redis URL with a host: redis:// or rediss:// (TLS). */
const redisUrl = z
  .string()
  .trim()
  .refine((v) => {
    try {
      const url = new URL(v);
      return (url.protocol === 'redis:' || url.protocol === 'rediss:') && url.hostname !== '';
    } catch {
      return false;
    }
  }, 'must be a redis:// or rediss:// URL');

/**
 * TRUST_PROXY: off, or the proxies' addresses / CIDRs (proxy-addr's `loopback`, `linklocal`, `uniquelocal` too).
 * `true` and hop counts are refused: neither can tell a proxy from a direct client, so any client could choose its
 * own address with X-Forwarded-For (Fastify 5 ignores hop counts for this reason).
 */
const PROXY_PRESETS = new Set(['loopback', 'linklocal', 'uniquelocal']);
function isProxyAddress(entry: string): boolean {
  if (PROXY_PRESETS.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}
const trustProxy = z.string().transform((v, ctx): string[] | false => {
  const value = v.trim().toLowerCase();
  if (['false', 'no', 'off', '0', 'none'].includes(value)) return false;
  if (['true', 'yes', 'on'].includes(value)) {
    ctx.addIssue({
      code: 'custom',
      message:
        "must list the proxies' addresses or CIDRs, not true: trusting every hop lets any client choose its IP " +
        'with X-Forwarded-For and escape the rate limit',
    });
    return z.NEVER;
  }
  if (/^\d+$/.test(value)) {
    ctx.addIssue({
      code: 'custom',
      message:
        "must list the proxies' addresses or CIDRs, not a hop count: a hop count cannot tell a proxy from a " +
        'direct client, which could then choose its IP with X-Forwarded-For',
    });
    return z.NEVER;
  }
  const entries = value.split(/[\s,]+/).filter(Boolean);
  if (entries.length === 0 || !entries.every(isProxyAddress)) {
    ctx.addIssue({
      code: 'custom',
      message: 'must be false or a list of IP addresses / CIDRs (or loopback, linklocal, uniquelocal)',
    });
    return z.NEVER;
  }
  return entries;
});

const csv = z.string().transform((v) =>
  v
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean),
);

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  PORT: int(0, 65535).default(9020),
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
    .default(['http://localhost:9021/callback', 'http://127.0.0.1:9021/callback']),

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
  /** See server/README.md "Retention". intervalSeconds 0 = this process never purges. */
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

/** Thrown for bad configuration; `message` is the one line to print. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

function isLocal(url: string): boolean {
  const host = new URL(url).hostname;
  return host === 'localhost' || host === '127.0.0.1' || host === '::1' || host === '[::1]';
}

/** Variables whose bad value is not repeated in the error: secrets, and URLs that may carry a password. */
const NEVER_ECHOED = /SECRET|KEY|DATABASE_URL|REDIS_URL/;

/** Validates `env` (usually process.env) into a Config, or throws ConfigError naming the variable. */
export function loadConfig(env: Record<string, string | undefined>): Config {
  // Empty strings count as "not set" so `FOO= npm start` falls back to the default.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    const raw = present[name];
    const shown = raw === undefined || NEVER_ECHOED.test(name) ? '' : ` (got ${JSON.stringify(raw)})`;
    throw new ConfigError(`config error: ${name} ${issue.message}${shown}`);
  }
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

function refuseDevDefaults(config: Config): void {
  const refuse = (name: string, why: string) => {
    throw new ConfigError(`config error: ${name} ${why} (NODE_ENV=production refuses development defaults)`);
  };
  if (config.kakao.clientSecret === DEV_DEFAULTS.clientSecret)
    refuse('KAKAO_CLIENT_SECRET', 'is the dev default');
  if (config.kakao.clientId === DEV_DEFAULTS.clientId) refuse('KAKAO_CLIENT_ID', 'is the dev default');
  if (config.kakao.adminKey === DEV_DEFAULTS.adminKey) refuse('KAKAO_ADMIN_KEY', 'is the dev default');
  if (config.tokens.encryptionKey.equals(Buffer.from(DEV_DEFAULTS.encryptionKey, 'base64url')))
    refuse('TOKEN_ENCRYPTION_KEY', 'is the dev default');
  if (isLocal(config.kakao.authBaseUrl)) refuse('KAKAO_AUTH_BASE_URL', 'points at the local emulator');
  if (isLocal(config.kakao.apiBaseUrl)) refuse('KAKAO_API_BASE_URL', 'points at the local emulator');
}
