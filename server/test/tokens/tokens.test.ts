import { describe, expect, it } from 'vitest';
import { createCryptoBox } from '../../src/tokens/crypto-box';
import {
  hashRefreshToken,
  newRefreshToken,
  parseRefreshToken,
  rotationKeyFrom,
  successorRefreshToken,
} from '../../src/tokens/refresh-token';

describe('crypto box (AES-256-GCM)', () => {
  const box = createCryptoBox(Buffer.alloc(32, 7));

  it('round-trips and never repeats a ciphertext', () => {
    const a = box.seal('kakao-token');
    expect(a).not.toContain('kakao-token');
    expect(box.open(a)).toBe('kakao-token');
    expect(box.seal('kakao-token')).not.toBe(a);
  });

  it('refuses tampering and the wrong key', () => {
    const sealed = box.seal('secret');
    const tampered = `${sealed.slice(0, -2)}${sealed.endsWith('A') ? 'B' : 'A'}A`;
    expect(() => box.open(tampered)).toThrow();
    expect(() => createCryptoBox(Buffer.alloc(32, 8)).open(sealed)).toThrow();
    expect(() => box.open('garbage')).toThrow();
  });
});

describe('refresh tokens', () => {
  const user = '0b6f7c1e-2d3a-4f5b-8c9d-0e1f2a3b4c5d';
  const session = 'f0e1d2c3-b4a5-4968-8776-655443322110';

  it('carry 256 random bits after the user and session ids, base64url, stored only as SHA-256', () => {
    const token = newRefreshToken(user, session);
    expect(Buffer.from(token, 'base64url')).toHaveLength(64);
    expect(parseRefreshToken(token)).toEqual({ userId: user, sessionId: session });
    expect(newRefreshToken(user, session)).not.toBe(token);
    expect(hashRefreshToken(token)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(hashRefreshToken(token)).toBe(hashRefreshToken(token));
    expect(hashRefreshToken(token)).not.toBe(token);
  });

  it.each(['', 'x'.repeat(43), 'x'.repeat(86).replace(/x$/, '!'), 'x'.repeat(87)])(
    'parse refuses %j',
    (token) => {
      expect(parseRefreshToken(token)).toBeUndefined();
    },
  );
});

describe('successor refresh tokens', () => {
  const user = '0b6f7c1e-2d3a-4f5b-8c9d-0e1f2a3b4c5d';
  const session = 'f0e1d2c3-b4a5-4968-8776-655443322110';
  const key = rotationKeyFrom(Buffer.alloc(32, 7));

  it('are recomputed identically from the presented token, with the same ids', () => {
    const token = newRefreshToken(user, session);
    const next = successorRefreshToken(token, { userId: user, sessionId: session }, key);
    expect(successorRefreshToken(token, { userId: user, sessionId: session }, key)).toBe(next);
    expect(parseRefreshToken(next)).toEqual({ userId: user, sessionId: session });
    expect(next).not.toBe(token);
  });

  it('depend on every bit of the presented token and on the key', () => {
    const token = newRefreshToken(user, session);
    const ids = { userId: user, sessionId: session };
    const next = successorRefreshToken(token, ids, key);
    const flipped = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    expect(successorRefreshToken(flipped, ids, key)).not.toBe(next);
    expect(successorRefreshToken(token, ids, rotationKeyFrom(Buffer.alloc(32, 8)))).not.toBe(next);
  });

  it('use a key derived from, and different to, the encryption key', () => {
    const encryptionKey = Buffer.alloc(32, 7);
    expect(key).toHaveLength(32);
    expect(key.equals(encryptionKey)).toBe(false);
    expect(rotationKeyFrom(Buffer.alloc(32, 7)).equals(key)).toBe(true);
  });
});
