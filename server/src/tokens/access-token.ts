/**
 * Our access tokens: short-lived ES256 JWTs with `kid`, verified against our own key set (published as JWKS).
 * The signing key is generated on first start and kept (encrypted) in the database, or given as a JWK by env.
 */
import { createPrivateKey, type JsonWebKey, randomUUID, sign as signBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import {
  calculateJwkThumbprint,
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  type JSONWebKeySet,
  type JWK,
  jwtVerify,
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
  /** DPoP (RFC 9449 §6.1): the thumbprint of the key the session is bound to; absent for a Bearer token. */
  cnf?: { jkt?: string };
}

export interface AccessTokenService {
  /** `jkt` binds the token to that DPoP key (cnf.jkt). */
  sign(input: {
    userId: string;
    sessionId: string;
    now: Date;
    jkt?: string | null;
  }): Promise<{ token: string; expiresAt: Date }>;
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
  // Signing is on the refresh hot path: node's synchronous ECDSA costs a fraction of jose's WebCrypto path
  // (bench/README.md). The output is a standard compact JWS (ES256, P1363 signature); verification stays with jose.
  const signingKey = createPrivateKey({ key: privateJwk as JsonWebKey, format: 'jwk' });
  const keySet: JSONWebKeySet = { keys: published };
  const localKeys = createLocalJWKSet(keySet);
  const kid = privateJwk.kid!;
  const header = Buffer.from(JSON.stringify({ alg: 'ES256', kid, typ: 'at+jwt' })).toString('base64url');

  return {
    async sign({ userId, sessionId, now, jkt }) {
      const iat = Math.floor(now.getTime() / 1000);
      const exp = iat + options.ttlSeconds;
      const claims = {
        iss: options.issuer,
        aud: options.audience,
        sub: userId,
        sid: sessionId,
        iat,
        exp,
        jti: randomUUID(),
        ...(jkt && { cnf: { jkt } }),
      };
      const signingInput = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
      const signature = signBytes('sha256', Buffer.from(signingInput), {
        key: signingKey,
        dsaEncoding: 'ieee-p1363',
      });
      const token = `${signingInput}.${signature.toString('base64url')}`;
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
