/** The account calls over the real SessionManager, against the in-memory backend with the real session rules. */
import type { SessionState } from '@kakao-desktop/contract';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeAccountBackend, FakeAuthWindow, fakeProfile, RecordingVault } from '../../test/helpers/fakes';
import { MemoryPreferences } from '../../test/helpers/fakes/memory-preferences';
import { BackendError } from '../backend/backend-error';
import { VAULT_ACCOUNTS } from '../vault/vault';
import { AccountActions, accountFailure, toDeviceSessions } from './account-actions';
import { DesktopError } from './problems';
import { SessionManager } from './session-manager';

const auth = {
  clientId: 'kakao-desktop-dev',
  authBaseUrl: 'http://127.0.0.1:9010',
  redirectUri: 'http://localhost:9021/callback',
  scopes: ['openid', 'profile_nickname'],
};

async function signedIn() {
  const backend = new FakeAccountBackend();
  const vault = new RecordingVault();
  const preferences = new MemoryPreferences();
  const clearKakaoSession = vi.fn(async () => {});
  const session = new SessionManager({
    backend,
    vault,
    preferences,
    openAuthWindow: new FakeAuthWindow().open,
    clearKakaoSession,
    auth,
    deviceName: 'This Mac (darwin)',
  });
  const states: SessionState[] = [];
  session.subscribe((state) => states.push(state));
  await session.start();
  expect(await session.signIn()).toMatchObject({ ok: true });
  const actions = new AccountActions({ session, backend });
  const current = [...backend.families.keys()][0]!;
  return { backend, vault, preferences, clearKakaoSession, session, states, actions, current };
}

describe('toDeviceSessions', () => {
  it('maps field by field, this device first, then the most recently used', () => {
    const list = {
      sessions: [
        { id: 'a', device_name: 'Old PC', created_at: 't0', last_used_at: '2026-01-01', current: false },
        { id: 'b', device_name: null, created_at: 't1', last_used_at: '2026-03-01', current: false },
        { id: 'c', device_name: 'Mac', created_at: 't2', last_used_at: '2026-02-01', current: true },
      ],
    };
    (list.sessions[0] as Record<string, unknown>).refresh_token = 'rt-should-not-cross';
    const devices = toDeviceSessions(list);
    expect(devices).toEqual([
      { id: 'c', deviceName: 'Mac', signedInAt: 't2', lastUsedAt: '2026-02-01', current: true },
      { id: 'b', deviceName: null, signedInAt: 't1', lastUsedAt: '2026-03-01', current: false },
      { id: 'a', deviceName: 'Old PC', signedInAt: 't0', lastUsedAt: '2026-01-01', current: false },
    ]);
    expect(JSON.stringify(devices)).not.toContain('rt-should-not-cross');
  });
});

describe('accountFailure', () => {
  // The renderer words it ("not deleted" + why): main sends the code and a detail token, never text.
  it.each([
    [new BackendError('transient', 'network', 'x'), { ok: false, code: 'network' }],
    [new BackendError('transient', 'timeout', 'x'), { ok: false, code: 'network' }],
    [
      new BackendError('transient', 'kakao_unavailable', 'x', { status: 503 }),
      { ok: false, code: 'backend_unavailable', detail: 'kakao-unavailable' },
    ],
    [new BackendError('transient', 'internal_error', 'x'), { ok: false, code: 'backend_unavailable' }],
    [new BackendError('session-invalid', 'invalid_grant', 'x'), { ok: false, code: 'session_invalid' }],
    [
      new BackendError('session-invalid', 'invalid_grant', 'x', { reason: 'user_deleted' }),
      { ok: false, code: 'session_invalid', detail: 'user_deleted' },
    ],
    [new BackendError('rejected', 'not_found', 'x'), { ok: false, code: 'backend_rejected' }],
    [new DesktopError('session_invalid'), { ok: false, code: 'session_invalid' }],
    [new TypeError('boom at line 3'), { ok: false, code: 'internal' }],
  ] as const)('%s → %j', (error, expected) => {
    const failure = accountFailure(error);
    expect(failure).toEqual(expected);
    expect(JSON.stringify(failure)).not.toContain('line 3');
  });
});

describe('AccountActions', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-11-30T12:00:00Z') });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('lists the devices, this one marked, with no token in the answer', async () => {
    const { actions, backend, current, vault } = await signedIn();
    const other = backend.addOtherDevice('Office PC (win32)');
    const result = await actions.listDevices();
    expect(result).toEqual({
      ok: true,
      value: [
        expect.objectContaining({ id: current, deviceName: 'This Mac (darwin)', current: true }),
        expect.objectContaining({ id: other, deviceName: 'Office PC (win32)', current: false }),
      ],
    });
    const text = JSON.stringify(result);
    for (const secret of backend.issuedSecrets) expect(text).not.toContain(secret);
    expect(text).not.toContain((await vault.store.get(VAULT_ACCOUNTS.refreshToken))!);
  });

  it('signs another device out: its session ends, and the list comes back without it', async () => {
    const { actions, backend, current } = await signedIn();
    const other = backend.addOtherDevice('Office PC (win32)');
    const result = await actions.signOutDevice(other);
    expect(result).toEqual({ ok: true, value: [expect.objectContaining({ id: current, current: true })] });
    expect(backend.families.get(other)?.live).toBe(false);
    expect(backend.accountCalls).toEqual(['sessions', `deleteSession(${other})`, 'sessions']);
  });

  it('refuses to sign this device out from the list (that is "Sign out"), ending nothing', async () => {
    const { actions, backend, current, session } = await signedIn();
    const result = await actions.signOutDevice(current);
    expect(result).toEqual({ ok: false, code: 'invalid_argument', detail: 'current-device' });
    expect(backend.families.get(current)?.live).toBe(true);
    expect(session.getState().kind).toBe('signed-in');
  });

  it('a device already gone (or never ours) is not an error: the current list comes back', async () => {
    const { actions, backend } = await signedIn();
    const other = backend.addOtherDevice('Tablet');
    await actions.signOutDevice(other);
    const again = await actions.signOutDevice(other);
    expect(again).toMatchObject({ ok: true, value: [expect.objectContaining({ current: true })] });
    expect(backend.accountCalls.filter((c) => c.startsWith('deleteSession'))).toHaveLength(1);
  });

  it('an access token the backend refuses (401) is refreshed once and the call retried', async () => {
    const { actions, backend, session } = await signedIn();
    backend.expiredAccessTokens.add(await session.getAccessToken());
    const refreshesBefore = backend.calls.refresh.length;
    expect(await actions.listDevices()).toMatchObject({ ok: true });
    expect(backend.calls.refresh).toHaveLength(refreshesBefore + 1);
    expect(backend.accountCalls).toEqual(['sessions', 'sessions']);
  });

  it('this device signed out elsewhere: the retry refresh is refused, the session ends, the user is told', async () => {
    const { actions, backend, current, session, vault } = await signedIn();
    await backend.deleteSession(await session.getAccessToken(), current); // as another device's panel would
    const result = await actions.listDevices();
    expect(result).toMatchObject({ ok: false, code: 'session_invalid' });
    expect(session.getState()).toMatchObject({ kind: 'signed-out', problem: { code: 'session_invalid' } });
    expect(await vault.store.get(VAULT_ACCOUNTS.refreshToken)).toBeNull();
  });

  it('deletes the account: signed out, keychain and cached profile emptied, Kakao session forgotten, no revoke owed', async () => {
    const { actions, backend, session, vault, preferences, clearKakaoSession } = await signedIn();
    const logoutsBefore = backend.calls.logout.length;
    const result = await actions.deleteAccount();
    expect(result).toEqual({ ok: true, value: { kind: 'signed-out', persistence: 'keychain' } });
    expect(session.getState()).toEqual({ kind: 'signed-out', persistence: 'keychain' });
    expect(backend.deleted).toBe(true);
    expect(await vault.store.get(VAULT_ACCOUNTS.refreshToken)).toBeNull();
    expect(await vault.store.get(VAULT_ACCOUNTS.pendingRevoke)).toBeNull();
    expect(preferences.get().lastProfile).toBeNull();
    expect(clearKakaoSession).toHaveBeenCalledOnce();
    expect(backend.calls.logout).toHaveLength(logoutsBefore); // the backend ended every session itself
    await expect(session.getAccessToken()).rejects.toMatchObject({ code: 'session_invalid' });
  });

  it.each([
    ['the backend is unreachable', 'network', undefined],
    ['Kakao is unavailable', 'backend_unavailable', 'kakao-unavailable'],
  ] as const)('%s: nothing is deleted or forgotten, and a retry works', async (why, code, detail) => {
    const { actions, backend, session, vault, preferences, states } = await signedIn();
    const tokenBefore = await vault.store.get(VAULT_ACCOUNTS.refreshToken);
    if (why === 'the backend is unreachable') backend.mode = 'unreachable';
    else backend.accountFailure = new BackendError('transient', 'kakao_unavailable', '503', { status: 503 });
    const statesBefore = states.length;

    const result = await actions.deleteAccount();

    expect(result).toEqual(detail ? { ok: false, code, detail } : { ok: false, code });
    expect(backend.deleted).toBe(false);
    expect(session.getState()).toEqual({
      kind: 'signed-in',
      profile: fakeProfile(),
      persistence: 'keychain',
    });
    expect(states).toHaveLength(statesBefore); // not even a passing state change
    expect(await vault.store.get(VAULT_ACCOUNTS.refreshToken)).toBe(tokenBefore);
    expect(preferences.get().lastProfile).toEqual(fakeProfile());

    backend.mode = 'online';
    backend.accountFailure = undefined;
    expect(await actions.deleteAccount()).toMatchObject({ ok: true, value: { kind: 'signed-out' } });
  });

  it('a second delete while one is in flight joins it', async () => {
    const { actions, backend } = await signedIn();
    const [first, second] = await Promise.all([actions.deleteAccount(), actions.deleteAccount()]);
    expect(first).toEqual(second);
    expect(backend.accountCalls.filter((c) => c === 'deleteMe')).toHaveLength(1);
  });

  it('signed out: every call says so without reaching the backend', async () => {
    const { actions, backend, session } = await signedIn();
    await session.signOut();
    expect(await actions.listDevices()).toMatchObject({ ok: false, code: 'session_invalid' });
    expect(await actions.deleteAccount()).toMatchObject({ ok: false, code: 'session_invalid' });
    expect(backend.accountCalls).toEqual([]);
  });
});
