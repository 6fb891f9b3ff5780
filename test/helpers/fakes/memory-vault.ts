import type { SecretVault } from '../../../main/vault/vault';

/** Secrets in this process's memory only: the keychain stand-in of tests and benchmarks. */
export class MemoryVault implements SecretVault {
  private readonly values = new Map<string, string>();

  async get(account: string): Promise<string | null> {
    return this.values.get(account) ?? null;
  }

  async set(account: string, value: string): Promise<void> {
    this.values.set(account, value);
  }

  async delete(account: string): Promise<boolean> {
    return this.values.delete(account);
  }
}
