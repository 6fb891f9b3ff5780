/**
 * Server-provided DPoP nonces (RFC 9449 §8), stateless: a nonce is an HMAC of the current time window under a key
 * every instance derives from TOKEN_ENCRYPTION_KEY, so any instance accepts any instance's nonce without storage.
 * The current and the previous window are accepted, so a nonce handed out just before a boundary still works.
 */
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';

export interface NonceSource {
  current(now: Date): string;
  isValid(nonce: string, now: Date): boolean;
}

export function nonceKeyFrom(encryptionKey: Buffer): Buffer {
  return Buffer.from(hkdfSync('sha256', encryptionKey, Buffer.alloc(0), 'kakao-desktop dpop nonce v1', 32));
}

export function createNonceSource(key: Buffer, windowSeconds: number): NonceSource {
  const windowOf = (now: Date) => Math.floor(now.getTime() / 1000 / windowSeconds);
  const forWindow = (window: number) =>
    createHmac('sha256', key).update(`dpop-nonce:${window}`).digest().subarray(0, 18).toString('base64url');
  const same = (a: string, b: string) =>
    a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
  return {
    current: (now) => forWindow(windowOf(now)),
    isValid(nonce, now) {
      const window = windowOf(now);
      return same(nonce, forWindow(window)) || same(nonce, forWindow(window - 1));
    },
  };
}
