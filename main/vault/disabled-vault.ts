import { KeychainUnavailableError, type SecretVault } from './vault';

/**
 * A vault that refuses every call as "no keychain", for `KAKAO_DESKTOP_VAULT=none`: the session then lasts for
 * this run only and says so, exactly as on a machine without a keychain. Used by Electron tests so they never
 * touch the developer's real keychain; also a user's choice not to keep a sign-in on this computer.
 */
export function createDisabledVault(): SecretVault {
  const refuse = async (): Promise<never> => {
    throw new KeychainUnavailableError({ cause: new Error('disabled by KAKAO_DESKTOP_VAULT=none') });
  };
  return { get: refuse, set: refuse, delete: refuse };
}
