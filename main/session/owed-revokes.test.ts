import { describe, expect, it, vi } from 'vitest';
import { FakeBackend, RecordingVault } from '../../test/helpers/fakes';
import { BackendError } from '../backend/backend-error';
import { VAULT_ACCOUNTS } from '../vault/vault';
import { OwedRevokes } from './owed-revokes';

function setup(options: { vaultInUse?: boolean } = {}) {
  const backend = new FakeBackend();
  const vault = new RecordingVault();
  const vaultFailed = vi.fn();
  const log = vi.fn();
  let inUse = options.vaultInUse ?? true;
  const make = () =>
    new OwedRevokes({ backend, vault, vaultState: { inUse: () => inUse, failed: vaultFailed }, log });
  return {
    backend,
    vault,
    vaultFailed,
    log,
    make,
    owed: make(),
    stopUsingVault: () => {
      inUse = false;
    },
  };
}

const owedInVault = async (vault: RecordingVault) => {
  const stored = await vault.store.get(VAULT_ACCOUNTS.pendingRevoke);
  return stored === null ? null : (JSON.parse(stored) as string[]);
};

describe('OwedRevokes', () => {
  it('revokes on the server and owes nothing when the backend answers', async () => {
    const { owed, backend, vault } = setup();
    await owed.revoke('rt-1');
    expect(backend.revoked).toEqual(['rt-1']);
    expect(await owedInVault(vault)).toBeNull();
  });

  it('a refused revoke (token already dead) is not retried', async () => {
    const { owed, backend, vault } = setup();
    backend.logout = async () => {
      throw new BackendError('session-invalid', 'invalid_grant', '401', { status: 401 });
    };
    await owed.revoke('rt-dead');
    expect(await vault.store.get(VAULT_ACCOUNTS.pendingRevoke)).toBeNull();
  });

  it('backend unreachable: the revoke is owed in the vault, and a later run pays it', async () => {
    const { owed, backend, vault, make } = setup();
    backend.mode = 'unreachable';
    await owed.revoke('rt-1');
    expect(await owedInVault(vault)).toEqual(['rt-1']);

    await make().flush(); // next launch, still offline: stays owed
    expect(backend.revoked).toEqual([]);
    expect(await owedInVault(vault)).toEqual(['rt-1']);

    backend.mode = 'online';
    await make().flush(); // next launch, online: paid and forgotten
    expect(backend.revoked).toEqual(['rt-1']);
    expect(await owedInVault(vault)).toBeNull();
  });

  it('a flush drops a token the server refuses, and stops at the first transient failure', async () => {
    const { owed, backend, vault } = setup();
    await vault.store.set(VAULT_ACCOUNTS.pendingRevoke, JSON.stringify(['rt-dead', 'rt-2', 'rt-3']));
    let calls = 0;
    backend.logout = async (token) => {
      calls++;
      if (token === 'rt-dead')
        throw new BackendError('session-invalid', 'invalid_grant', '401', { status: 401 });
      throw new BackendError('transient', 'network', 'offline');
    };
    await owed.flush();
    expect(calls).toBe(2);
    expect(await owedInVault(vault)).toEqual(['rt-2', 'rt-3']);
  });

  it('concurrent flushes share one pass over the owed tokens', async () => {
    const { owed, backend, vault } = setup();
    await vault.store.set(VAULT_ACCOUNTS.pendingRevoke, JSON.stringify(['rt-1']));
    await Promise.all([owed.flush(), owed.flush(), owed.flush()]);
    expect(backend.calls.logout).toEqual(['rt-1']);
  });

  it('forget: no longer owed, and the vault says so', async () => {
    const { owed, backend, vault } = setup();
    backend.mode = 'unreachable';
    await owed.revoke('rt-1');
    await owed.revoke('rt-2');
    await owed.forget('rt-1');
    expect(await owedInVault(vault)).toEqual(['rt-2']);
  });

  it('keeps at most 20 owed revokes, dropping the oldest', async () => {
    const { owed, backend, vault } = setup();
    backend.mode = 'unreachable';
    for (let n = 1; n <= 22; n++) await owed.revoke(`rt-${n}`);
    const stored = await owedInVault(vault);
    expect(stored).toHaveLength(20);
    expect(stored?.[0]).toBe('rt-3');
    expect(stored?.at(-1)).toBe('rt-22');
  });

  it('ignores a malformed vault entry instead of throwing', async () => {
    const { owed, backend, vault } = setup();
    await vault.store.set(VAULT_ACCOUNTS.pendingRevoke, '{not json');
    await owed.flush();
    expect(backend.calls.logout).toEqual([]);
    await vault.store.set(VAULT_ACCOUNTS.pendingRevoke, JSON.stringify(['rt-1', 7, '']));
    await owed.flush();
    expect(backend.calls.logout).toEqual(['rt-1']);
  });

  it('without the vault (keychain failed this run): owed in memory only, nothing written', async () => {
    const { owed, backend, vault, stopUsingVault } = setup();
    stopUsingVault();
    backend.mode = 'unreachable';
    await owed.revoke('rt-1');
    expect(vault.log).toEqual([]);
    backend.mode = 'online';
    await owed.flush();
    expect(backend.revoked).toEqual(['rt-1']);
  });

  it('a vault that fails is reported, never thrown', async () => {
    const { owed, backend, vault, vaultFailed } = setup();
    vault.failing.add('set');
    backend.mode = 'unreachable';
    await expect(owed.revoke('rt-1')).resolves.toBeUndefined();
    expect(vaultFailed).toHaveBeenCalledWith('write', expect.any(Error));
    vault.failing.add('get');
    await expect(owed.flush()).resolves.toBeUndefined();
    expect(vaultFailed).toHaveBeenCalledWith('read', expect.any(Error));
  });

  it('logs no token', async () => {
    const { owed, backend, log } = setup();
    backend.mode = 'unreachable';
    await owed.revoke('rt-1-secret');
    expect(log).toHaveBeenCalled();
    expect(JSON.stringify(log.mock.calls)).not.toContain('rt-1-secret');
  });
});
