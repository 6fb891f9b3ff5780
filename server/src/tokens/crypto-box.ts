/** AES-256-GCM for secrets at rest (Kakao tokens, our private signing key). */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface CryptoBox {
  seal(plaintext: string): string;
  /** Throws when the value was not sealed with this key or was tampered with. */
  open(sealed: string): string;
}

const VERSION = 'v1';

/** `key` is 32 bytes. Output: `v1.<iv>.<ciphertext+tag>`, base64url. */
export function createCryptoBox(key: Buffer): CryptoBox {
  if (key.length !== 32) throw new Error('AES-256-GCM needs a 32-byte key');
  return {
    seal(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
      return `${VERSION}.${iv.toString('base64url')}.${body.toString('base64url')}`;
    },
    open(sealed) {
      const [version, ivText, bodyText] = sealed.split('.');
      if (version !== VERSION || !ivText || !bodyText) throw new Error('not a sealed value');
      const body = Buffer.from(bodyText, 'base64url');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(ivText, 'base64url'));
      decipher.setAuthTag(body.subarray(body.length - 16));
      return Buffer.concat([decipher.update(body.subarray(0, body.length - 16)), decipher.final()]).toString(
        'utf8',
      );
    },
  };
}
