/**
 * keytar is an optional dependency: on a machine where it could not be installed, `import('keytar')` fails.
 * The real adapter (its own lazy import, no loader injected) must then report "no keychain", and the session
 * must still work — for this run only, and never with a secret written anywhere else.
 */
import { describe, expect, it, vi } from 'vitest';
import { FakeAuthWindow, FakeBackend } from '../../test/helpers/fakes';
import { MemoryPreferences } from '../../test/helpers/fakes/memory-preferences';
import { SessionManager } from '../session/session-manager';
import { createKeytarVault } from './keytar-vault';
import { KEYCHAIN_UNAVAILABLE_MESSAGE, KeychainUnavailableError } from './vault';

// What Node throws when an optional dependency was skipped at install time.
vi.mock('keytar', () => {
  throw Object.assign(new Error("Cannot find package 'keytar' imported from main/vault/keytar-vault.ts"), {
    code: 'ERR_MODULE_NOT_FOUND',
  });
});

/** Every message down the `cause` chain (the test runner wraps a failing module factory in its own error). */
function causeChain(error: unknown): string {
  const messages: string[] = [];
  for (let e = (error as Error).cause; e instanceof Error; e = e.cause) messages.push(e.message);
  return messages.join(' <- ');
}

describe('keytar not installed', () => {
  it('every vault call reports no keychain, with the helpful message and the import error as cause', async () => {
    const vault = createKeytarVault({ service: 'kakao-desktop-test' });
    for (const call of [() => vault.get('a'), () => vault.set('a', 'b'), () => vault.delete('a')]) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(KeychainUnavailableError);
      expect((error as Error).message).toBe(KEYCHAIN_UNAVAILABLE_MESSAGE);
      expect(causeChain(error)).toMatch(/Cannot find package 'keytar'/);
    }
  });

  it('the app still signs in, for this run only (persistence memory), with no secret on disk', async () => {
    const backend = new FakeBackend();
    const preferences = new MemoryPreferences();
    const authWindow = new FakeAuthWindow();
    const session = new SessionManager({
      backend,
      vault: createKeytarVault({ service: 'kakao-desktop-test' }),
      preferences,
      openAuthWindow: authWindow.open,
      clearKakaoSession: async () => {},
      auth: {
        clientId: 'kakao-desktop-dev',
        authBaseUrl: 'http://127.0.0.1:9010',
        redirectUri: 'http://localhost:9021/callback',
        scopes: ['openid', 'profile_nickname'],
      },
      random: () => 0.5,
    });

    expect(await session.start()).toEqual({ kind: 'signed-out', persistence: 'memory' });
    expect(await session.signIn()).toMatchObject({
      ok: true,
      value: { kind: 'signed-in', persistence: 'memory' },
    });
    expect(backend.issuedSecrets.length).toBeGreaterThan(0);
    const onDisk = JSON.stringify(preferences.get());
    for (const secret of backend.issuedSecrets) expect(onDisk).not.toContain(secret);
    session.dispose();
  });
});
