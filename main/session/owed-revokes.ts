/**
 * Server revokes of refresh tokens (POST /auth/logout), best effort: one that cannot reach the backend is owed,
 * kept in the vault's pending-revoke account, and retried on the next launch or sign-in.
 */
import type { BackendClient } from '../backend/backend-client';
import { BackendError } from '../backend/backend-error';
import { type SecretVault, VAULT_ACCOUNTS } from '../vault/vault';
import { errorSummary, type SessionLog } from './session-log';
import { singleFlight } from './single-flight';

const MAX_PENDING_REVOKES = 20;

export interface OwedRevokesDeps {
  backend: Pick<BackendClient, 'logout'>;
  vault: SecretVault;
  /** The run's vault state (TokenVault): once the keychain failed, owed revokes live in memory only. */
  vaultState: { inUse(): boolean; failed(operation: 'read' | 'write', error: unknown): void };
  log: SessionLog;
}

export class OwedRevokes {
  /** Refresh tokens whose server revoke is owed (mirrored to the vault). */
  private readonly pending = new Set<string>();
  private readonly flushing = singleFlight<void>();

  constructor(private readonly deps: OwedRevokesDeps) {}

  /** Best-effort server revoke; on a transient failure the revoke is owed. */
  async revoke(refreshToken: string): Promise<void> {
    try {
      await this.deps.backend.logout(refreshToken);
    } catch (error) {
      if (error instanceof BackendError && error.kind === 'transient') {
        this.deps.log('revoke deferred: backend unreachable', errorSummary(error));
        this.pending.add(refreshToken);
        await this.save();
      } else {
        this.deps.log('revoke refused: the token is already unusable', errorSummary(error)); // nothing left to revoke
      }
    }
  }

  /** Retry owed revokes (from this run and, via the vault, from earlier runs). */
  flush(): Promise<void> {
    return this.flushing.run(() => this.runFlush());
  }

  /** No longer owed (the server ended that family itself). */
  async forget(refreshToken: string): Promise<void> {
    if (this.pending.delete(refreshToken)) await this.save();
  }

  private async runFlush(): Promise<void> {
    if (this.deps.vaultState.inUse()) {
      try {
        const stored = await this.deps.vault.get(VAULT_ACCOUNTS.pendingRevoke);
        for (const token of parseTokenList(stored)) this.pending.add(token);
      } catch (error) {
        this.deps.vaultState.failed('read', error);
      }
    }
    if (this.pending.size === 0) return;
    for (const token of [...this.pending]) {
      try {
        await this.deps.backend.logout(token);
        this.pending.delete(token);
      } catch (error) {
        if (error instanceof BackendError && error.kind === 'transient') break; // still offline: try next time
        this.pending.delete(token); // refused: already revoked or unknown
      }
    }
    await this.save();
  }

  private async save(): Promise<void> {
    while (this.pending.size > MAX_PENDING_REVOKES) {
      const oldest = this.pending.values().next().value;
      if (oldest === undefined) break;
      this.pending.delete(oldest);
    }
    if (!this.deps.vaultState.inUse()) return;
    try {
      if (this.pending.size === 0) await this.deps.vault.delete(VAULT_ACCOUNTS.pendingRevoke);
      else await this.deps.vault.set(VAULT_ACCOUNTS.pendingRevoke, JSON.stringify([...this.pending]));
    } catch (error) {
      this.deps.vaultState.failed('write', error);
    }
  }
}

function parseTokenList(stored: string | null): string[] {
  if (!stored) return [];
  try {
    const parsed: unknown = JSON.parse(stored);
    return Array.isArray(parsed)
      ? parsed.filter((t): t is string => typeof t === 'string' && t.length > 0)
      : [];
  } catch {
    return [];
  }
}
