/**
 * The OS keychain through keytar — the only file that imports it, lazily, so nothing pays for (or crashes on)
 * the native module until a secret is actually needed. keytar is an optional dependency: where it could not be
 * installed (no prebuilt binary and no libsecret headers to build one) the import fails, and that is the same
 * "no keychain" state as a machine without a Secret Service. keytar is unmaintained (atom/node-keytar#482);
 * swapping in an Electron safeStorage adapter means writing another SecretVault, nothing else.
 */
import { isNoKeychainMessage } from './keychain-errors';
import { KeychainUnavailableError, type SecretVault } from './vault';

/** The part of keytar's API we use, declared here so the app still compiles where keytar is not installed. */
export interface Keytar {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

export interface KeytarVaultOptions {
  /** Keychain service name, e.g. `kakao-desktop`. */
  service: string;
  /** Test seam: load a keytar-compatible module. */
  loadKeytar?: () => Promise<Keytar>;
}

async function importKeytar(): Promise<Keytar> {
  // `as string`: the type checker must not need keytar's own types (it may not be installed); the emitted
  // JavaScript still reads import('keytar'), which the build leaves to node_modules.
  const module = (await import('keytar' as string)) as Keytar & { default?: Keytar };
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
      // The native module is not installed or failed to load (missing libsecret, wrong ABI): no keychain
      // for this run.
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
