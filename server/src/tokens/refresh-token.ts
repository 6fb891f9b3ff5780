/**
 * Opaque refresh tokens: base64url of (user id ‖ session id ‖ 256 secret bits); only their SHA-256 is stored.
 * Carrying the (non-secret) ids lets the refresh hot path sign the successor's access token *before* the one
 * rotation statement, so a refresh is a single database round trip. The ids are covered by the hash, so they cannot
 * be altered without making the token unknown.
 *
 * A family's first token has random secret bits; each successor's are HMAC-SHA256(rotation key, presented token).
 * So a retry of a spent token within the grace window recomputes the same successor, and the database never holds
 * anything but hashes: its rows plus every server key yield no live token (that takes the presented token itself).
 */
import { createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';

const uuidToBytes = (uuid: string) => Buffer.from(uuid.replaceAll('-', ''), 'hex');
const bytesToUuid = (b: Buffer) => {
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
};

const encode = (userId: string, sessionId: string, secret: Buffer) =>
  Buffer.concat([uuidToBytes(userId), uuidToBytes(sessionId), secret]).toString('base64url');

/** A family's first token. */
export function newRefreshToken(userId: string, sessionId: string): string {
  return encode(userId, sessionId, randomBytes(32));
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

/**
 * The key successors are derived with: HKDF-SHA256 (RFC 5869) of TOKEN_ENCRYPTION_KEY, so the encryption key itself
 * never doubles as a MAC key and no second secret has to be configured.
 */
export function rotationKeyFrom(encryptionKey: Buffer): Buffer {
  return Buffer.from(
    hkdfSync('sha256', encryptionKey, Buffer.alloc(0), 'kakao-desktop refresh successor v1', 32),
  );
}

/** The token that replaces `presented` (same ids, secret bits = HMAC of the whole presented token). */
export function successorRefreshToken(
  presented: string,
  claimed: { userId: string; sessionId: string },
  rotationKey: Buffer,
): string {
  return encode(
    claimed.userId,
    claimed.sessionId,
    createHmac('sha256', rotationKey).update(presented).digest(),
  );
}
