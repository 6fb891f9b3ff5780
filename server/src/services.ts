/**
 * Wires the app's services from config + injected adapters (database, clock, fetch, logger). Routes reach them as
 * `app.services` and only translate between HTTP and these calls; the rules and the I/O live in the services.
 */
import type { FastifyBaseLogger } from 'fastify';
import { type AccountService, createAccountService } from './accounts/service';
import type { Config } from './config';
import type { Database } from './db/client';
import { createDpopService, type DpopService } from './dpop/service';
import { createKakaoClient } from './kakao/client';
import { kakaoJwks } from './kakao/id-token';
import { createKakaoService } from './kakao/service';
import { auditLogger } from './logger';
import { createRetention, type Retention } from './sessions/retention';
import type { Timers } from './sessions/retention-job';
import { type Audit, createSessionService, type SessionService } from './sessions/service';
import { type AccessTokenService, createAccessTokenService } from './tokens/access-token';
import { type CryptoBox, createCryptoBox } from './tokens/crypto-box';
import { rotationKeyFrom } from './tokens/refresh-token';

export interface AppDeps {
  database: Database;
  /** Our clock (token expiry, grace window). Default: the system clock. */
  clock?: () => Date;
  /** Used for every Kakao call (and Kakao's JWKS). Default: global fetch. */
  fetch?: typeof fetch;
  /** A pino logger; default: one built from config.logLevel with redaction. */
  logger?: FastifyBaseLogger;
  /** The retention job's timer. Default: setTimeout, unref'd. */
  timers?: Timers;
}

export interface Services {
  config: Config;
  /** For /readyz's ping. */
  database: Database;
  clock: () => Date;
  box: CryptoBox;
  accessTokens: AccessTokenService;
  sessions: SessionService;
  accounts: AccountService;
  /** DPoP proof checks (RFC 9449) for the routes. */
  dpop: DpopService;
  /** Purges dead token rows and sessions (run on a timer by the app, see app.ts). */
  retention: Retention;
}

export async function createServices(
  config: Config,
  deps: AppDeps,
  log: FastifyBaseLogger,
): Promise<Services> {
  const { database } = deps;
  const clock = deps.clock ?? (() => new Date());
  const box = createCryptoBox(config.tokens.encryptionKey);
  const auditLog = auditLogger(log);
  const audit: Audit = (event, fields) => auditLog.info({ event, ...fields }, `audit ${event}`);
  const accessTokens = await createAccessTokenService(
    database.db,
    box,
    {
      issuer: config.tokens.issuer,
      audience: config.tokens.audience,
      ttlSeconds: config.tokens.accessTtlSeconds,
    },
    config.tokens.signingKey,
  );
  const sessions = createSessionService({
    database,
    accessTokens,
    audit,
    refreshTtlSeconds: config.tokens.refreshTtlSeconds,
    refreshGraceSeconds: config.tokens.refreshGraceSeconds,
    rotationKey: rotationKeyFrom(config.tokens.encryptionKey),
  });
  const kakao = createKakaoService({
    config,
    client: createKakaoClient({ ...config.kakao, ...(deps.fetch && { fetch: deps.fetch }) }),
    keys: kakaoJwks(config.kakao.authBaseUrl, config.kakao.timeoutMs),
    db: database.db,
    box,
    clock,
    log,
  });
  return {
    config,
    database,
    clock,
    box,
    accessTokens,
    sessions,
    accounts: createAccountService({
      db: database.db,
      kakao,
      sessions,
      kakaoAppId: config.kakao.appId,
      clock,
      audit,
    }),
    dpop: createDpopService(database, config.dpop, config.tokens.encryptionKey),
    retention: createRetention(database, {
      retentionSeconds: config.retention.retentionSeconds,
      batchSize: config.retention.batchSize,
    }),
  };
}
