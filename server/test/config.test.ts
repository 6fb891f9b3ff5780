import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config';

const PRODUCTION_OK = {
  NODE_ENV: 'production',
  KAKAO_CLIENT_ID: 'real-rest-key',
  KAKAO_CLIENT_SECRET: 'real-secret',
  KAKAO_ADMIN_KEY: 'real-admin',
  KAKAO_APP_ID: '123456',
  KAKAO_AUTH_BASE_URL: 'https://kauth.kakao.com',
  KAKAO_API_BASE_URL: 'https://kapi.kakao.com',
  TOKEN_ENCRYPTION_KEY: 'a'.repeat(64),
  ALLOWED_REDIRECT_URIS: 'http://localhost:9021/callback',
};

describe('loadConfig', () => {
  it('works with no environment at all (dev defaults: the local emulator, embedded PGlite)', () => {
    const config = loadConfig({});
    expect(config.port).toBe(9020);
    expect(config.kakao.authBaseUrl).toBe('http://127.0.0.1:9010');
    expect(config.database.url).toBeUndefined();
    expect(config.database.dataDir).toMatch(/server[/\\]\.data$/);
    expect(config.kakao.idTokenIssuer).toBe(config.kakao.authBaseUrl);
    expect(config.rateLimit).toEqual({
      max: 60,
      meMax: 120,
      unlinkCallbackMax: 10,
      metaMax: 600,
      windowSeconds: 60,
      redisUrl: undefined,
    });
    expect(config.trustProxy).toBe(false);
    expect(config.timeouts).toEqual({ requestMs: 30_000, headersMs: 10_000, keepAliveMs: 72_000 });
  });

  it('reads every documented variable', () => {
    const config = loadConfig({
      ...PRODUCTION_OK,
      PORT: '8080',
      HOST: '0.0.0.0',
      KAKAO_TIMEOUT_MS: '2500',
      ALLOWED_REDIRECT_URIS: 'http://localhost:9021/callback, http://127.0.0.1:9021/callback',
      DATABASE_URL: 'postgres://u@db:5432/app',
      ACCESS_TOKEN_TTL_SECONDS: '600',
      REFRESH_TOKEN_TTL_SECONDS: '86400',
      REFRESH_GRACE_SECONDS: '30',
      RATE_LIMIT_MAX: '100',
      RATE_LIMIT_WINDOW_SECONDS: '30',
      RATE_LIMIT_REDIS_URL: 'rediss://:pw@cache.internal:6380/0',
      RATE_LIMIT_ME_MAX: '50',
      RATE_LIMIT_UNLINK_CALLBACK_MAX: '5',
      RATE_LIMIT_META_MAX: '300',
      TRUST_PROXY: '10.0.0.0/8, 192.168.1.7 ,fd00::/8,loopback',
      REQUEST_TIMEOUT_MS: '20000',
      HEADERS_TIMEOUT_MS: '5000',
      KEEP_ALIVE_TIMEOUT_MS: '65000',
    });
    expect(config).toMatchObject({
      env: 'production',
      port: 8080,
      host: '0.0.0.0',
      allowedRedirectUris: ['http://localhost:9021/callback', 'http://127.0.0.1:9021/callback'],
      database: { url: 'postgres://u@db:5432/app' },
      kakao: { appId: 123456, timeoutMs: 2500, authBaseUrl: 'https://kauth.kakao.com' },
      tokens: { accessTtlSeconds: 600, refreshTtlSeconds: 86400, refreshGraceSeconds: 30 },
      rateLimit: {
        max: 100,
        meMax: 50,
        unlinkCallbackMax: 5,
        metaMax: 300,
        windowSeconds: 30,
        redisUrl: 'rediss://:pw@cache.internal:6380/0',
      },
      trustProxy: ['10.0.0.0/8', '192.168.1.7', 'fd00::/8', 'loopback'],
      timeouts: { requestMs: 20_000, headersMs: 5_000, keepAliveMs: 65_000 },
    });
  });

  it.each([
    [{ PORT: 'eighty' }, /^config error: PORT must be a whole number \(got "eighty"\)$/],
    [{ PORT: '70000' }, /^config error: PORT must be at most 65535/],
    [{ KAKAO_APP_ID: '-1' }, /^config error: KAKAO_APP_ID must be a whole number/],
    [
      { KAKAO_AUTH_BASE_URL: 'kauth.kakao.com' },
      /^config error: KAKAO_AUTH_BASE_URL must be an http\(s\) URL/,
    ],
    [{ KAKAO_API_BASE_URL: 'ftp://x' }, /^config error: KAKAO_API_BASE_URL must be an http\(s\) URL/],
    [{ DATABASE_URL: 'mysql://x' }, /^config error: DATABASE_URL must be a postgres:\/\/ URL$/],
    [{ TOKEN_ENCRYPTION_KEY: 'short' }, /^config error: TOKEN_ENCRYPTION_KEY must be 32 bytes/],
    [{ ALLOWED_REDIRECT_URIS: 'not-a-url' }, /^config error: ALLOWED_REDIRECT_URIS/],
    [{ NODE_ENV: 'staging' }, /^config error: NODE_ENV/],
    [{ REFRESH_GRACE_SECONDS: '9999' }, /^config error: REFRESH_GRACE_SECONDS must be at most 300/],
    [
      { ACCESS_TOKEN_SIGNING_KEY: '{"kty":"RSA"}' },
      /^config error: ACCESS_TOKEN_SIGNING_KEY must be a private P-256 JWK/,
    ],
    [{ TRUST_PROXY: 'maybe' }, /^config error: TRUST_PROXY must be false or a list of IP addresses \/ CIDRs/],
    [{ TRUST_PROXY: '10.0.0.0/33' }, /^config error: TRUST_PROXY must be false or a list/],
    [{ TRUST_PROXY: '10.0.0.1,example.com' }, /^config error: TRUST_PROXY must be false or a list/],
    [
      { TRUST_PROXY: 'true' },
      /^config error: TRUST_PROXY must list the proxies' addresses or CIDRs, not true/,
    ],
    [
      { TRUST_PROXY: '1' },
      /^config error: TRUST_PROXY must list the proxies' addresses or CIDRs, not a hop count/,
    ],
    [{ TRUST_PROXY: '2' }, /not a hop count: a hop count cannot tell a proxy from a direct client/],
    [{ REQUEST_TIMEOUT_MS: '50' }, /^config error: REQUEST_TIMEOUT_MS must be at least 100/],
    [
      { REQUEST_TIMEOUT_MS: '5000', HEADERS_TIMEOUT_MS: '6000' },
      /^config error: HEADERS_TIMEOUT_MS must be at most REQUEST_TIMEOUT_MS \(5000\)/,
    ],
    [{ RATE_LIMIT_ME_MAX: '-1' }, /^config error: RATE_LIMIT_ME_MAX must be a whole number/],
    [
      { RATE_LIMIT_REDIS_URL: 'http://cache:6379' },
      /^config error: RATE_LIMIT_REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL$/,
    ],
    [
      { RATE_LIMIT_REDIS_URL: 'cache:6379' },
      /^config error: RATE_LIMIT_REDIS_URL must be a redis:\/\/ or rediss:\/\/ URL$/,
    ],
    [{ RATE_LIMIT_REDIS_URL: 'redis://' }, /^config error: RATE_LIMIT_REDIS_URL must be a redis:\/\//],
  ])('refuses %o with one clear line', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('reads the retention variables, with defaults, and refuses bad ones', () => {
    expect(loadConfig({}).retention).toEqual({
      retentionSeconds: 2_592_000,
      intervalSeconds: 600,
      batchSize: 1000,
    });
    expect(
      loadConfig({
        TOKEN_RETENTION_SECONDS: '0',
        RETENTION_INTERVAL_SECONDS: '0',
        RETENTION_BATCH_SIZE: '50',
      }).retention,
    ).toEqual({ retentionSeconds: 0, intervalSeconds: 0, batchSize: 50 });
    expect(() => loadConfig({ RETENTION_BATCH_SIZE: '0' })).toThrow(
      /^config error: RETENTION_BATCH_SIZE must be at least 1/,
    );
    expect(() => loadConfig({ TOKEN_RETENTION_SECONDS: '30d' })).toThrow(
      /^config error: TOKEN_RETENTION_SECONDS must be a whole number/,
    );
    expect(() => loadConfig({ RETENTION_INTERVAL_SECONDS: '100000' })).toThrow(
      /^config error: RETENTION_INTERVAL_SECONDS must be at most 86400/,
    );
  });

  it('never echoes secret values in the error', () => {
    expect(() => loadConfig({ TOKEN_ENCRYPTION_KEY: 'super-secret-but-short' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('super-secret') }),
    );
    expect(() => loadConfig({ RATE_LIMIT_REDIS_URL: 'http://:super-secret@cache:6379' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('super-secret') }),
    );
  });

  it.each(['false', '0', 'no', 'off', ''])('TRUST_PROXY=%j trusts no proxy', (value) => {
    expect(loadConfig({ TRUST_PROXY: value }).trustProxy).toBe(false);
  });

  it('accepts a production setup', () => {
    expect(loadConfig(PRODUCTION_OK).env).toBe('production');
  });

  it.each([
    ['KAKAO_CLIENT_SECRET', { KAKAO_CLIENT_SECRET: undefined }],
    ['KAKAO_CLIENT_ID', { KAKAO_CLIENT_ID: undefined }],
    ['KAKAO_ADMIN_KEY', { KAKAO_ADMIN_KEY: undefined }],
    ['TOKEN_ENCRYPTION_KEY', { TOKEN_ENCRYPTION_KEY: undefined }],
    ['KAKAO_AUTH_BASE_URL', { KAKAO_AUTH_BASE_URL: 'http://127.0.0.1:9010' }],
    ['KAKAO_API_BASE_URL', { KAKAO_API_BASE_URL: 'http://localhost:9010' }],
  ])('NODE_ENV=production refuses the dev default of %s', (name, change) => {
    expect(() => loadConfig({ ...PRODUCTION_OK, ...change })).toThrow(
      new RegExp(`^config error: ${name} .*NODE_ENV=production refuses development defaults`),
    );
  });
});

describe('npm run server with bad config', () => {
  it('exits non-zero with one line naming the variable, no stack', () => {
    const serverDir = fileURLToPath(new URL('..', import.meta.url));
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
      cwd: serverDir,
      env: { PATH: process.env.PATH, PORT: 'abc' },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe('config error: PORT must be a whole number (got "abc")');
    expect(result.stdout).toBe('');
  });
});
