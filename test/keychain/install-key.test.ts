/**
 * The DPoP install key in a real Secret Service (gnome-keyring in a private D-Bus session): created once under its
 * own account of the service, beside the refresh token, and loaded again by the next run.
 * Run: npm run test:keychain
 */
import { randomUUID } from 'node:crypto';
import { afterAll, expect, it } from 'vitest';
import { createInstallKeyStore } from '../../main/dpop/install-key';
import { createKeytarVault } from '../../main/vault/keytar-vault';
import { VAULT_ACCOUNTS } from '../../main/vault/vault';

const vault = createKeytarVault({ service: `kakao-desktop-test-${randomUUID()}` });

afterAll(async () => {
  await vault.delete(VAULT_ACCOUNTS.dpopKey).catch(() => {});
  await vault.delete(VAULT_ACCOUNTS.refreshToken).catch(() => {});
});

it('keeps the install key in its own keychain entry, and the next run loads the same key', async () => {
  await vault.set(VAULT_ACCOUNTS.refreshToken, 'rt-beside-the-key');
  const first = await createInstallKeyStore({ vault }).get();

  const stored = JSON.parse((await vault.get(VAULT_ACCOUNTS.dpopKey))!) as Record<string, string>;
  expect(stored).toMatchObject({ kty: 'EC', crv: 'P-256', x: first.publicJwk.x, d: expect.any(String) });
  expect(await vault.get(VAULT_ACCOUNTS.refreshToken)).toBe('rt-beside-the-key');

  const nextRun = createInstallKeyStore({ vault });
  expect((await nextRun.get()).publicJwk).toEqual(first.publicJwk);
  expect(nextRun.persistence()).toBe('keychain');
});
