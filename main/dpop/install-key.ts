/**
 * The per-install DPoP key (RFC 9449): a P-256 key pair created on first use and kept in the OS keychain
 * (its own vault entry, beside the refresh token), so a refresh token copied off this machine is useless
 * without it. Without a keychain the key lives in memory for this run only, like the session itself; the
 * private key never goes to preferences, logs or IPC.
 */
import { type CryptoKey, exportJWK, generateKeyPair, importJWK } from 'jose';
import { z } from 'zod';
import { isKeychainUnavailable, type SecretVault, VAULT_ACCOUNTS } from '../vault/vault';

/** The public half: the only key material that leaves this process (in each proof's header). */
export interface PublicEcJwk {
  kty: 'EC';
  crv: 'P-256';
  x: string;
  y: string;
}

export interface InstallKey {
  /** Not extractable: nothing in this process can read the private key back out of it. */
  privateKey: CryptoKey;
  publicJwk: PublicEcJwk;
}

const privateJwkSchema = z.object({
  kty: z.literal('EC'),
  crv: z.literal('P-256'),
  x: z.string().min(1),
  y: z.string().min(1),
  d: z.string().min(1),
});
export type PrivateEcJwk = z.infer<typeof privateJwkSchema>;

/** Where this run's key lives. */
export type InstallKeyPersistence = 'keychain' | 'memory';

export type InstallKeyLog = (event: string, details?: Record<string, string | boolean>) => void;

/** The keychain failed in a way that may pass (not "no keychain"): no key now, the next call tries again. */
export class InstallKeyError extends Error {
  override readonly name = 'InstallKeyError';
  readonly code = 'install_key_unavailable' as const;
  constructor(options?: { cause?: unknown }) {
    super('The install key could not be read from the keychain.', options);
  }
}

export interface InstallKeyStore {
  /** The install key, created on first use; loaded once, then served from memory. */
  get(): Promise<InstallKey>;
  /** Where the key lives, once `get` has succeeded. */
  persistence(): InstallKeyPersistence | undefined;
}

export interface InstallKeyStoreOptions {
  vault: SecretVault;
  /** Never receives key material: event names and flags only. */
  log?: InstallKeyLog;
  /** Test seam: the new key pair's private JWK. */
  generate?: () => Promise<PrivateEcJwk>;
}

async function generatePrivateJwk(): Promise<PrivateEcJwk> {
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  return privateJwkSchema.parse(await exportJWK(privateKey));
}

async function toInstallKey(jwk: PrivateEcJwk): Promise<InstallKey> {
  const privateKey = await importJWK({ ...jwk, alg: 'ES256' }, 'ES256', { extractable: false });
  if (privateKey instanceof Uint8Array) throw new TypeError('an EC JWK imports as a CryptoKey');
  return { privateKey, publicJwk: { kty: jwk.kty, crv: jwk.crv, x: jwk.x, y: jwk.y } };
}

function parseStored(value: string): PrivateEcJwk | undefined {
  try {
    const parsed = privateJwkSchema.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

export function createInstallKeyStore(options: InstallKeyStoreOptions): InstallKeyStore {
  const log = options.log ?? (() => {});
  const generate = options.generate ?? generatePrivateJwk;
  const account = VAULT_ACCOUNTS.dpopKey;
  let loading: Promise<InstallKey> | undefined;
  let where: InstallKeyPersistence | undefined;

  async function load(): Promise<InstallKey> {
    let stored: string | null;
    try {
      stored = await options.vault.get(account);
    } catch (error) {
      // Any other failure may pass: creating a key now could orphan the one a stored session is bound to.
      if (!isKeychainUnavailable(error)) throw new InstallKeyError({ cause: error });
      log('install key: no keychain, this run keeps its key in memory');
      where = 'memory';
      return toInstallKey(await generate());
    }
    const existing = stored === null ? undefined : parseStored(stored);
    if (existing) {
      where = 'keychain';
      return toInstallKey(existing);
    }
    if (stored !== null) log('install key unreadable: replacing it');
    const jwk = await generate();
    try {
      await options.vault.set(account, JSON.stringify(jwk));
      where = 'keychain';
      log('install key created');
    } catch (error) {
      where = 'memory';
      log('install key could not be stored: this run keeps it in memory', {
        keychainUnavailable: isKeychainUnavailable(error),
      });
    }
    return toInstallKey(jwk);
  }

  return {
    get() {
      // Single flight: concurrent first uses share one load (and so one new key); a failed load is not kept.
      loading ??= load().catch((error: unknown) => {
        loading = undefined;
        throw error;
      });
      return loading;
    },
    persistence: () => where,
  };
}
