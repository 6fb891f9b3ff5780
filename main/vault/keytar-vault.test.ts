/** The keytar adapter's error mapping, on a fake keytar module (the real one is tested in test/keychain/). */
import { describe, expect, it } from 'vitest';
import { isNoKeychainMessage } from './keychain-errors';
import { createKeytarVault } from './keytar-vault';
import { KEYCHAIN_UNAVAILABLE_MESSAGE, KeychainUnavailableError } from './vault';

const NO_KEYCHAIN_MESSAGES = [
  'Cannot autolaunch D-Bus without X11 $DISPLAY',
  'The name org.freedesktop.secrets was not provided by any .service files',
  'Object does not exist at path “/org/freedesktop/secrets/collection/login”',
  'Cannot create an item in a locked collection',
];

function fakeKeytar(failWith?: string) {
  const store = new Map<string, string>();
  const fail = () => {
    if (failWith) throw new Error(failWith);
  };
  const module = {
    async getPassword(service: string, account: string) {
      fail();
      return store.get(`${service}/${account}`) ?? null;
    },
    async setPassword(service: string, account: string, value: string) {
      fail();
      store.set(`${service}/${account}`, value);
    },
    async deletePassword(service: string, account: string) {
      fail();
      return store.delete(`${service}/${account}`);
    },
  };
  return { store, load: async () => module as never };
}

describe('keytar vault', () => {
  it('stores under the service name', async () => {
    const keytar = fakeKeytar();
    const vault = createKeytarVault({ service: 'svc', loadKeytar: keytar.load });
    await vault.set('acct', 'v');
    expect(keytar.store.get('svc/acct')).toBe('v');
    expect(await vault.get('acct')).toBe('v');
    expect(await vault.delete('acct')).toBe(true);
    expect(await vault.get('acct')).toBeNull();
  });

  it.each(NO_KEYCHAIN_MESSAGES)(
    'maps "%s" to KeychainUnavailableError with the helpful message',
    async (text) => {
      const vault = createKeytarVault({ service: 'svc', loadKeytar: fakeKeytar(text).load });
      for (const call of [() => vault.get('a'), () => vault.set('a', 'b'), () => vault.delete('a')]) {
        const error = await call().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(KeychainUnavailableError);
        expect((error as Error).message).toBe(KEYCHAIN_UNAVAILABLE_MESSAGE);
        expect(((error as Error).cause as Error).message).toBe(text);
      }
    },
  );

  it('treats a native module that fails to load as no keychain', async () => {
    const vault = createKeytarVault({
      service: 'svc',
      loadKeytar: async () => {
        throw new Error('libsecret-1.so.0: cannot open shared object file');
      },
    });
    await expect(vault.get('a')).rejects.toBeInstanceOf(KeychainUnavailableError);
  });

  it('rethrows other failures as they are', async () => {
    const vault = createKeytarVault({ service: 'svc', loadKeytar: fakeKeytar('Password too long').load });
    const error = await vault.set('a', 'b').catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(KeychainUnavailableError);
    expect((error as Error).message).toBe('Password too long');
  });

  it('recognises only the no-keychain messages', () => {
    for (const text of NO_KEYCHAIN_MESSAGES) expect(isNoKeychainMessage(text)).toBe(true);
    expect(isNoKeychainMessage('Password too long')).toBe(false);
    expect(isNoKeychainMessage('')).toBe(false);
  });
});
