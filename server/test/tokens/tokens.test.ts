import { describe, expect, it } from 'vitest';
import { createCryptoBox } from '../../src/tokens/crypto-box';
import { hashRefreshToken, newRefreshToken } from '../../src/tokens/refresh-token';

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
  it('are 256-bit base64url values, stored only as SHA-256', () => {
    const token = newRefreshToken();
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(newRefreshToken()).not.toBe(token);
    expect(hashRefreshToken(token)).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(hashRefreshToken(token)).toBe(hashRefreshToken(token));
    expect(hashRefreshToken(token)).not.toBe(token);
  });
});
