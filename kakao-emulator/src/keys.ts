import { randomBytes } from 'node:crypto';
import {
  type CryptoKey,
  exportJWK,
  generateKeyPair,
  type JWK,
  type JWTPayload,
  jwtVerify,
  SignJWT,
} from 'jose';

interface SigningKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

/** RS256 signing keys: the newest signs, every key stays in the JWKS so rotation overlaps. */
export class KeyRing {
  private keys: SigningKey[] = [];

  static async create(): Promise<KeyRing> {
    const ring = new KeyRing();
    await ring.rotate();
    return ring;
  }

  /** Adds a new signing key; older keys keep verifying (Kakao rotates with overlapping keys). */
  async rotate(): Promise<string> {
    const { publicKey, privateKey } = await generateKeyPair('RS256', { modulusLength: 2048 });
    // Kakao's kids are 30 hex characters.
    const kid = randomBytes(15).toString('hex');
    const jwk = await exportJWK(publicKey);
    this.keys.push({
      kid,
      privateKey,
      publicJwk: { kid, kty: 'RSA', alg: 'RS256', use: 'sig', n: jwk.n, e: jwk.e },
    });
    return kid;
  }

  jwks(): { keys: JWK[] } {
    return { keys: this.keys.map((key) => key.publicJwk) };
  }

  async sign(payload: JWTPayload): Promise<string> {
    const key = this.keys.at(-1)!;
    return new SignJWT(payload)
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: key.kid })
      .sign(key.privateKey);
  }

  /** Verifies signature, issuer and expiry at `nowMs` (the emulator clock). */
  async verify(token: string, issuer: string, nowMs: number): Promise<JWTPayload> {
    const { payload } = await jwtVerify(
      token,
      async (header) => {
        const key = this.keys.find((candidate) => candidate.kid === header.kid);
        if (!key) throw new Error('unknown kid');
        return key.publicJwk;
      },
      { issuer, algorithms: ['RS256'], currentDate: new Date(nowMs) },
    );
    return payload;
  }
}
