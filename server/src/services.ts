/** Wires the app's services from config + injected adapters (database, clock, fetch, logger). */
import type { FastifyBaseLogger } from 'fastify';
import type { JWTVerifyGetKey } from 'jose';
import type { Config } from './config';
import type { Database } from './db/client';
import { createKakaoClient, type KakaoClient } from './kakao/client';
import { kakaoJwks } from './kakao/id-token';
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
  database: Database;
  clock: () => Date;
  box: CryptoBox;
  kakao: KakaoClient;
  kakaoKeys: JWTVerifyGetKey;
  accessTokens: AccessTokenService;
  sessions: SessionService;
  /** Purges dead token rows and sessions (run on a timer by the app, see app.ts). */
  retention: Retention;
  audit: Audit;
}

export async function createServices(
  config: Config,
  deps: AppDeps,
  log: FastifyBaseLogger,
): Promise<Services> {
  const clock = deps.clock ?? (() => new Date());
  const box = createCryptoBox(config.tokens.encryptionKey);
  const auditLog = auditLogger(log);
  const audit: Audit = (event, fields) => auditLog.info({ event, ...fields }, `audit ${event}`);
  const accessTokens = await createAccessTokenService(
    deps.database.db,
    box,
    {
      issuer: config.tokens.issuer,
      audience: config.tokens.audience,
      ttlSeconds: config.tokens.accessTtlSeconds,
    },
    config.tokens.signingKey,
  );
  return {
    config,
    database: deps.database,
    clock,
    box,
    kakao: createKakaoClient({ ...config.kakao, ...(deps.fetch && { fetch: deps.fetch }) }),
    kakaoKeys: kakaoJwks(config.kakao.authBaseUrl, config.kakao.timeoutMs),
    accessTokens,
    sessions: createSessionService(
      deps.database,
      accessTokens,
      {
        refreshTtlSeconds: config.tokens.refreshTtlSeconds,
        refreshGraceSeconds: config.tokens.refreshGraceSeconds,
        rotationKey: rotationKeyFrom(config.tokens.encryptionKey),
      },
      audit,
    ),
    retention: createRetention(deps.database, {
      retentionSeconds: config.retention.retentionSeconds,
      batchSize: config.retention.batchSize,
    }),
    audit,
  };
}
