/**
 * Per-attempt secrets: `state` (CSRF), PKCE `code_verifier` + S256 challenge, OIDC `nonce`.
 * Each attempt makes fresh ones and uses them once.
 * @see RFC 7636 (PKCE), RFC 6749 §10.12 (state)
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export interface AuthRequestSecrets {
  /** 256 random bits, base64url. */
  state: string;
  /** 256 random bits, base64url: 43 characters, within RFC 7636's 43–128. */
  codeVerifier: string;
  /** base64url(SHA-256(codeVerifier)), no padding. */
  codeChallenge: string;
  /** 256 random bits, base64url; Kakao copies it into the id_token. */
  nonce: string;
}

const randomToken = (): string => randomBytes(32).toString('base64url');

export function codeChallengeS256(codeVerifier: string): string {
  return createHash('sha256').update(codeVerifier, 'ascii').digest('base64url');
}

export function createAuthRequestSecrets(): AuthRequestSecrets {
  const codeVerifier = randomToken();
  return {
    state: randomToken(),
    codeVerifier,
    codeChallenge: codeChallengeS256(codeVerifier),
    nonce: randomToken(),
  };
}

/**
 * Constant-time string comparison (length leaks, content does not). Compares UTF-16 code units: UTF-8 would turn
 * every lone surrogate into U+FFFD, making '\uD800' equal to '\uFFFD'.
 */
export function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf16le');
  const right = Buffer.from(b, 'utf16le');
  return left.length === right.length && timingSafeEqual(left, right);
}
