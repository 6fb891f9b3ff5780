/**
 * Opaque refresh tokens: base64url of (user id ‖ session id ‖ 256 random bits); only their SHA-256 is stored.
 * Carrying the (non-secret) ids lets the refresh hot path sign the successor's access token *before* the one
 * rotation statement, so a refresh is a single database round trip. The ids are covered by the hash, so they cannot
 * be altered without making the token unknown.
 */
import { createHash } from 'node:crypto';
import { randomBytesFast } from './random';

const uuidToBytes = (uuid: string) => Buffer.from(uuid.replaceAll('-', ''), 'hex');
const bytesToUuid = (b: Buffer) => {
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

export function newRefreshToken(userId: string, sessionId: string): string {
  return Buffer.concat([uuidToBytes(userId), uuidToBytes(sessionId), randomBytesFast(32)]).toString(
    'base64url',
  );
}

/** The ids a well-formed token claims (unverified until its hash is found), or undefined. */
export function parseRefreshToken(token: string): { userId: string; sessionId: string } | undefined {
  if (!/^[A-Za-z0-9_-]{86}$/.test(token)) return undefined;
  const bytes = Buffer.from(token, 'base64url');
  if (bytes.length !== 64) return undefined;
  return { userId: bytesToUuid(bytes.subarray(0, 16)), sessionId: bytesToUuid(bytes.subarray(16, 32)) };
}

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
