/** The SessionManager's account seams on their own: adopting a consent exchange, ending a deleted account. */
import { describe, expect, it } from 'vitest';
import { FakeAccountBackend, FakeAuthWindow, fakeProfile, RecordingVault } from '../../test/helpers/fakes';
import { MemoryPreferences } from '../../test/helpers/fakes/memory-preferences';
import { VAULT_ACCOUNTS } from '../vault/vault';
import { SessionManager } from './session-manager';

const auth = {
  clientId: 'kakao-desktop-dev',
  authBaseUrl: 'http://127.0.0.1:9010',
  redirectUri: 'http://localhost:9021/callback',
  scopes: ['openid', 'profile_nickname'],
};
const exchange = { code: 'c', redirect_uri: auth.redirectUri, code_verifier: 'v'.repeat(43) };

async function signedIn() {
  const backend = new FakeAccountBackend();
  const vault = new RecordingVault();
  const session = new SessionManager({
    backend,
    vault,
    preferences: new MemoryPreferences(),
    openAuthWindow: new FakeAuthWindow().open,
    auth,
  });
  await session.start();
  await session.signIn();
  return { backend, vault, session };
}

describe('SessionManager account seams', () => {
  it('adoptSession waits for a refresh in flight, then revokes the family as that refresh left it', async () => {
    const { backend, vault, session } = await signedIn();
    session.expireAccessToken(await session.getAccessToken());
    let release = () => {};
    backend.refreshGate = new Promise((resolve) => {
      release = resolve;
    });
    const refreshing = session.getAccessToken();
    backend.profile = fakeProfile({ email: 'new@kakao.test' });
    const fresh = await backend.exchange(exchange);
    const adopting = session.adoptSession(fresh);
    backend.refreshGate = undefined;
    release();
    await refreshing;
    expect(await adopting).toBe('adopted');

    // The refresh rotated the old family's token; the rotated one (not the spent one) is what gets revoked.
    expect(backend.calls.refresh).toHaveLength(1);
    expect(backend.calls.logout).toHaveLength(1);
    expect(backend.calls.logout[0]).not.toBe(backend.calls.refresh[0]);
    expect(backend.calls.logout[0]).not.toBe(fresh.refresh_token);
    expect(backend.validRefreshTokens.has(backend.calls.logout[0]!)).toBe(false);
    expect(await vault.store.get(VAULT_ACCOUNTS.refreshToken)).toBe(fresh.refresh_token);
    expect(session.getState()).toMatchObject({ kind: 'signed-in', profile: { email: 'new@kakao.test' } });
    expect([...backend.families.values()].filter((f) => f.live)).toHaveLength(1);
  });

  it('adoptSession after a sign-out revokes the new tokens and resurrects nothing', async () => {
    const { backend, vault, session } = await signedIn();
    const fresh = await backend.exchange(exchange);
    await session.signOut();
    expect(await session.adoptSession(fresh)).toBe('signed-out');
    expect(backend.calls.logout.at(-1)).toBe(fresh.refresh_token);
    expect(session.getState().kind).toBe('signed-out');
    expect(await vault.store.get(VAULT_ACCOUNTS.refreshToken)).toBeNull();
  });

  it('endDeletedAccount owes no revoke, even with the backend unreachable', async () => {
    const { backend, vault, session } = await signedIn();
    backend.mode = 'unreachable';
    expect(await session.endDeletedAccount()).toEqual({ kind: 'signed-out', persistence: 'keychain' });
    expect(backend.calls.logout).toEqual([]);
    expect(await vault.store.get(VAULT_ACCOUNTS.refreshToken)).toBeNull();
    expect(await vault.store.get(VAULT_ACCOUNTS.pendingRevoke)).toBeNull();
  });
});
