import { KeychainUnavailableError, type SecretVault } from '../../../main/vault/vault';
import { MemoryVault } from './memory-vault';

type Operation = 'get' | 'set' | 'delete';

/** A MemoryVault that records every call and can be told to fail like a missing keychain, per operation. */
export class RecordingVault implements SecretVault {
  readonly store = new MemoryVault();
  readonly log: string[] = [];
  readonly failing = new Set<Operation>();
  /** Called with each operation, for ordering assertions across fakes. */
  onEvent: (event: string) => void = () => {};

  async get(account: string): Promise<string | null> {
    this.record('get', account);
    return this.store.get(account);
  }

  async set(account: string, value: string): Promise<void> {
    this.record('set', account, value);
    await this.store.set(account, value);
  }

  async delete(account: string): Promise<boolean> {
    this.record('delete', account);
    return this.store.delete(account);
  }

  private record(operation: Operation, account: string, value?: string): void {
    const event =
      value === undefined ? `vault.${operation}(${account})` : `vault.${operation}(${account},${value})`;
    this.log.push(event);
    this.onEvent(event);
    if (this.failing.has(operation)) {
      throw new KeychainUnavailableError({
        cause: new Error('Cannot autolaunch D-Bus without X11 $DISPLAY'),
      });
    }
  }
}
