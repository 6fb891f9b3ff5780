/**
 * The OS keychain through keytar — the only file that imports it, lazily, so nothing pays for (or crashes on)
 * the native module until a secret is actually needed. keytar is unmaintained (atom/node-keytar#482);
 * swapping in an Electron safeStorage adapter means writing another SecretVault, nothing else.
 */
import { isNoKeychainMessage } from './keychain-errors';
import { KeychainUnavailableError, type SecretVault } from './vault';

type Keytar = typeof import('keytar');

export interface KeytarVaultOptions {
  /** Keychain service name, e.g. `kakao-desktop`. */
  service: string;
  /** Test seam: load a keytar-compatible module. */
  loadKeytar?: () => Promise<Keytar>;
}

async function importKeytar(): Promise<Keytar> {
  const module = (await import('keytar')) as Keytar & { default?: Keytar };
  return module.default ?? module;
}

function translate(error: unknown): unknown {
  const message = error instanceof Error ? error.message : String(error);
  return isNoKeychainMessage(message) ? new KeychainUnavailableError({ cause: error }) : error;
}

export function createKeytarVault(options: KeytarVaultOptions): SecretVault {
  let keytar: Promise<Keytar> | undefined;
  const load = () => {
    keytar ??= (options.loadKeytar ?? importKeytar)();
    return keytar;
  };

  async function call<T>(operation: (k: Keytar) => Promise<T>): Promise<T> {
    let module: Keytar;
    try {
      module = await load();
    } catch (error) {
      // The native module itself failed to load (missing libsecret, wrong ABI): no keychain for this run.
      throw new KeychainUnavailableError({ cause: error });
    }
    try {
      return await operation(module);
    } catch (error) {
      throw translate(error);
    }
  }

  return {
    get: (account) => call((k) => k.getPassword(options.service, account)),
    set: (account, value) => call((k) => k.setPassword(options.service, account, value)),
    delete: (account) => call((k) => k.deletePassword(options.service, account)),
  };
}
