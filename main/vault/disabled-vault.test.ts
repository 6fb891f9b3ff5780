import { describe, expect, it } from 'vitest';
import { createDisabledVault } from './disabled-vault';
import { isKeychainUnavailable } from './vault';

describe('createDisabledVault', () => {
  it.each(['get', 'set', 'delete'] as const)(
    '%s reports "no keychain", so the session stays in memory',
    async (method) => {
      const vault = createDisabledVault();
      const call = method === 'set' ? vault.set('refresh-token', 'x') : vault[method]('refresh-token');
      const error = await call.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(isKeychainUnavailable(error)).toBe(true);
    },
  );
});
