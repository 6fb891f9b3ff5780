/** The install key: created once, kept in its own vault entry, memory only without a keychain. */
import { decodeProtectedHeader, exportJWK, generateKeyPair, importJWK, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { RecordingVault } from '../../test/helpers/fakes/recording-vault';
import { createDisabledVault } from '../vault/disabled-vault';
import { VAULT_ACCOUNTS } from '../vault/vault';
import { createInstallKeyStore, InstallKeyError, type PrivateEcJwk } from './install-key';
import { signDpopProof } from './proof';

const stored = async (vault: RecordingVault) =>
  JSON.parse((await vault.store.get(VAULT_ACCOUNTS.dpopKey)) ?? 'null') as Record<string, string> | null;

describe('install key store', () => {
  it('creates the key on first use and keeps the private JWK in its own vault entry', async () => {
    const vault = new RecordingVault();
    const events: string[] = [];
    const store = createInstallKeyStore({ vault, log: (event) => events.push(event) });
    const key = await store.get();

    const jwk = await stored(vault);
    expect(VAULT_ACCOUNTS.dpopKey).not.toBe(VAULT_ACCOUNTS.refreshToken);
    expect(jwk).toMatchObject({ kty: 'EC', crv: 'P-256', x: key.publicJwk.x, y: key.publicJwk.y });
    expect(jwk?.d).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(vault.log.filter((e) => e.startsWith('vault.set'))).toHaveLength(1);
    expect(store.persistence()).toBe('keychain');
    expect(events).toEqual(['install key created']);
    expect(events.join()).not.toContain(jwk!.d);
    // The private key in memory cannot be exported again.
    expect(key.privateKey.extractable).toBe(false);
  });

  it('concurrent first uses create one key (single flight) and later calls reuse it without the vault', async () => {
    const vault = new RecordingVault();
    let generated = 0;
    const counting = createInstallKeyStore({
      vault,
      generate: async () => {
        generated++;
        const { privateKey } = await generateKeyPair('ES256', { extractable: true });
        return (await exportJWK(privateKey)) as PrivateEcJwk;
      },
    });
    const keys = await Promise.all([counting.get(), counting.get(), counting.get()]);
    expect(generated).toBe(1);
    expect(new Set(keys).size).toBe(1);
    const reads = vault.log.length;
    expect(await counting.get()).toBe(keys[0]);
    expect(vault.log).toHaveLength(reads);
  });

  it('a new run loads the stored key: proofs carry the same public key', async () => {
    const vault = new RecordingVault();
    const first = await createInstallKeyStore({ vault }).get();
    const second = await createInstallKeyStore({ vault }).get();
    expect(second.publicJwk).toEqual(first.publicJwk);
    expect(vault.log.filter((e) => e.startsWith('vault.set'))).toHaveLength(1);
    // The loaded private key signs what the stored public key verifies.
    const proof = await signDpopProof(second, { method: 'GET', url: 'http://x/me' }, { nowMs: 0, jti: 'j' });
    await jwtVerify(proof, await importJWK(first.publicJwk, 'ES256'));
    expect(decodeProtectedHeader(proof).jwk).toEqual(first.publicJwk);
  });

  it('replaces an unreadable stored key', async () => {
    const vault = new RecordingVault();
    await vault.store.set(VAULT_ACCOUNTS.dpopKey, '{"kty":"EC","crv":"P-256"}');
    const events: string[] = [];
    const key = await createInstallKeyStore({ vault, log: (event) => events.push(event) }).get();
    expect((await stored(vault))?.x).toBe(key.publicJwk.x);
    expect(events).toEqual(['install key unreadable: replacing it', 'install key created']);
  });

  it('without a keychain the key lives in memory only: nothing written, one key for the run', async () => {
    const vault = new RecordingVault();
    vault.failing.add('get').add('set');
    const events: string[] = [];
    const store = createInstallKeyStore({ vault, log: (event) => events.push(event) });
    const key = await store.get();
    expect(await store.get()).toBe(key);
    expect(vault.log).toEqual([`vault.get(${VAULT_ACCOUNTS.dpopKey})`]);
    expect(await vault.store.get(VAULT_ACCOUNTS.dpopKey)).toBeNull();
    expect(store.persistence()).toBe('memory');
    expect(events).toEqual(['install key: no keychain, this run keeps its key in memory']);
    // KAKAO_DESKTOP_VAULT=none behaves the same.
    const disabled = createInstallKeyStore({ vault: createDisabledVault() });
    await disabled.get();
    expect(disabled.persistence()).toBe('memory');
  });

  it('a keychain that reads but cannot write keeps the new key in memory for this run', async () => {
    const vault = new RecordingVault();
    vault.failing.add('set');
    const store = createInstallKeyStore({ vault });
    const key = await store.get();
    expect(store.persistence()).toBe('memory');
    expect(await store.get()).toBe(key);
  });

  it('another vault failure is not cached: no key now (a stored one may exist), the next call tries again', async () => {
    let fail = true;
    const vault = new RecordingVault();
    const flaky = {
      get: async (account: string) => {
        if (fail) throw new Error('keychain busy');
        return vault.get(account);
      },
      set: vault.set.bind(vault),
      delete: vault.delete.bind(vault),
    };
    const store = createInstallKeyStore({ vault: flaky });
    await expect(store.get()).rejects.toBeInstanceOf(InstallKeyError);
    await expect(store.get()).rejects.toMatchObject({ code: 'install_key_unavailable' });
    expect(vault.log.filter((e) => e.startsWith('vault.set'))).toEqual([]); // no key was made meanwhile
    fail = false;
    await store.get();
    expect(store.persistence()).toBe('keychain');
  });
});
