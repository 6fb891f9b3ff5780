/**
 * The refresh token in the vault, and whether the vault is still in use this run. The first vault failure
 * switches the run to memory only (persistence 'memory'): never a plaintext fallback on disk.
 */
import type { TokenPersistence } from '@kakao-desktop/contract';
import { isKeychainUnavailable, type SecretVault, VAULT_ACCOUNTS } from '../vault/vault';
import { errorSummary, type SessionLog } from './session-log';

export type VaultOperation = 'read' | 'write' | 'delete';

/** The session's tokens in memory; only the refresh token is ever written to the vault. */
export interface Tokens {
  accessToken: string;
  /** Epoch ms. */
  accessExpiresAt: number;
  refreshToken: string;
}

export class TokenVault {
  private current: TokenPersistence = 'keychain';

  constructor(
    private readonly vault: SecretVault,
    private readonly log: SessionLog,
  ) {}

  get persistence(): TokenPersistence {
    return this.current;
  }

  inUse(): boolean {
    return this.current === 'keychain';
  }

  /** The stored refresh token, or null (none, or the vault failed). */
  async read(): Promise<string | null> {
    try {
      return await this.vault.get(VAULT_ACCOUNTS.refreshToken);
    } catch (error) {
      this.failed('read', error);
      return null;
    }
  }

  async write(refreshToken: string): Promise<void> {
    if (!this.inUse()) return;
    try {
      await this.vault.set(VAULT_ACCOUNTS.refreshToken, refreshToken);
    } catch (error) {
      this.failed('write', error);
      // The vault may still hold the token this one rotated away; presented on the next launch it would look
      // like reuse and revoke the whole family. Best effort: drop it.
      await this.vault.delete(VAULT_ACCOUNTS.refreshToken).catch(() => {});
    }
  }

  async delete(): Promise<void> {
    if (!this.inUse()) return;
    await this.vault
      .delete(VAULT_ACCOUNTS.refreshToken)
      .catch((error: unknown) => this.failed('delete', error));
  }

  /** No keychain, or it failed: this run keeps secrets in memory only. */
  failed(operation: VaultOperation, error: unknown): void {
    this.log(`vault ${operation} failed: secrets stay in memory for this run`, {
      ...errorSummary(error),
      keychainUnavailable: isKeychainUnavailable(error),
    });
    this.current = 'memory';
  }
}
