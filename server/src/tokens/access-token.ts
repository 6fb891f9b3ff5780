/**
 * Our access tokens: short-lived ES256 JWTs with `kid`, verified against our own key set (published as JWKS).
 * The signing key is generated on first start and kept (encrypted) in the database, or given as a JWK by env.
 */
import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import {
  type CryptoKey,
  calculateJwkThumbprint,
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JSONWebKeySet,
  type JWK,
  jwtVerify,
  SignJWT,
} from 'jose';
import type { Db } from '../db/client';
import { signingKeys } from '../db/schema';
import type { CryptoBox } from './crypto-box';

export interface AccessTokenClaims {
  /** Our user id. */
  sub: string;
  /** Session (refresh-token family) id. */
  sid: string;
  jti: string;
  iat: number;
  exp: number;
}

export interface AccessTokenService {
  sign(input: { userId: string; sessionId: string; now: Date }): Promise<{ token: string; expiresAt: Date }>;
  /** Throws on a bad signature, wrong iss/aud, or expiry at `now`. */
  verify(token: string, now: Date): Promise<AccessTokenClaims>;
  jwks(): JSONWebKeySet;
}

export interface AccessTokenOptions {
  issuer: string;
  audience: string;
  ttlSeconds: number;
}

async function publicPart(jwk: JWK): Promise<JWK> {
  const { kty, crv, x, y } = jwk;
  const pub: JWK = { kty, crv, x, y };
  return { ...pub, kid: jwk.kid ?? (await calculateJwkThumbprint(pub)), alg: 'ES256', use: 'sig' };
}

/**
 * Loads the signing key: from `envKey` when given, else the database's 'current' key, creating it on first
 * start (INSERT … ON CONFLICT, so concurrent first starts agree on one key).
 */
export async function createAccessTokenService(
  db: Db,
  box: CryptoBox,
  options: AccessTokenOptions,
  envKey?: Record<string, unknown>,
): Promise<AccessTokenService> {
  let privateJwk: JWK;
  let published: JWK[];
  if (envKey) {
    privateJwk = envKey as JWK;
    const pub = await publicPart(privateJwk);
    privateJwk = { ...privateJwk, kid: pub.kid };
    published = [pub];
  } else {
    const existing = await db.select().from(signingKeys).where(eq(signingKeys.slot, 'current'));
    if (existing.length === 0) {
      const { privateKey } = await generateKeyPair('ES256', { extractable: true });
      const jwk = await exportJWK(privateKey);
      const pub = await publicPart(jwk);
      await db
        .insert(signingKeys)
        .values({
          kid: pub.kid!,
          slot: 'current',
          publicJwk: pub,
          privateJwkEnc: box.seal(JSON.stringify(jwk)),
        })
        .onConflictDoNothing();
    }
    const rows = await db.select().from(signingKeys);
    const current = rows.find((r) => r.slot === 'current')!;
    privateJwk = { ...(JSON.parse(box.open(current.privateJwkEnc)) as JWK), kid: current.kid };
    published = rows.map((r) => r.publicJwk as JWK);
  }
  const privateKey = (await importJWK(privateJwk, 'ES256')) as CryptoKey;
  const keySet: JSONWebKeySet = { keys: published };
  const localKeys = createLocalJWKSet(keySet);
  const kid = privateJwk.kid!;

  return {
    async sign({ userId, sessionId, now }) {
      const iat = Math.floor(now.getTime() / 1000);
      const exp = iat + options.ttlSeconds;
      const token = await new SignJWT({ sid: sessionId })
        .setProtectedHeader({ alg: 'ES256', kid, typ: 'at+jwt' })
        .setIssuer(options.issuer)
        .setAudience(options.audience)
        .setSubject(userId)
        .setIssuedAt(iat)
        .setExpirationTime(exp)
        .setJti(randomUUID())
        .sign(privateKey);
      return { token, expiresAt: new Date(exp * 1000) };
    },
    async verify(token, now) {
      const { payload } = await jwtVerify(token, localKeys, {
        issuer: options.issuer,
        audience: options.audience,
        algorithms: ['ES256'],
        typ: 'at+jwt',
        currentDate: now,
        requiredClaims: ['sub', 'sid', 'exp', 'iat', 'jti'],
      });
      if (typeof payload.sid !== 'string') throw new Error('sid claim missing');
      return payload as unknown as AccessTokenClaims;
    },
    jwks: () => keySet,
  };
}
