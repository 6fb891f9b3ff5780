/**
 * Secrets behind a three-method port: the OS keychain in the app (keytar-vault.ts), memory in tests and
 * when no keychain is usable. Nothing else in main knows where secrets live.
 * A small port so session logic is tested with an in-memory fake and the keychain adapter can be swapped.
 */
export interface SecretVault {
  /** The stored value, or null when there is none. */
  get(account: string): Promise<string | null>;
  set(account: string, value: string): Promise<void>;
  /** True when something was deleted. */
  delete(account: string): Promise<boolean>;
}

/** Account names under our keychain service. */
export const VAULT_ACCOUNTS = {
  /** The current refresh token. */
  refreshToken: 'refresh-token',
  /** JSON array of refresh tokens whose server-side revoke is still owed (signed out while offline). */
  pendingRevoke: 'pending-revoke',
  /** The per-install DPoP private key (RFC 9449) as JWK JSON: the key the session families are bound to. */
  dpopKey: 'dpop-install-key',
} as const;

export const KEYCHAIN_UNAVAILABLE_MESSAGE =
  'The system keychain (Secret Service / Keychain / Credential Manager) is not available, so your sign-in ' +
  'will last only until you quit the app. On Linux, install and unlock a Secret Service provider such as ' +
  'gnome-keyring or KeePassXC, and make sure a D-Bus session is running.';

/** No usable OS keychain: the session works for this run only; we never fall back to plaintext on disk. */
export class KeychainUnavailableError extends Error {
  override readonly name = 'KeychainUnavailableError';
  readonly code = 'keychain_unavailable' as const;
  constructor(options?: { cause?: unknown }) {
    super(KEYCHAIN_UNAVAILABLE_MESSAGE, options);
  }
}

export const isKeychainUnavailable = (error: unknown): error is KeychainUnavailableError =>
  error instanceof KeychainUnavailableError;
