/** Additional consent over the real SessionManager, the fake sign-in window and the backend's session rules. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeAccountBackend, FakeAuthWindow, fakeProfile, RecordingVault } from '../../test/helpers/fakes';
import { MemoryPreferences } from '../../test/helpers/fakes/memory-preferences';
import { createKeptKakaoSession } from '../preferences/kept-kakao-session';
import { VAULT_ACCOUNTS } from '../vault/vault';
import { ConsentFlow, consentScopes } from './consent';
import { SessionManager } from './session-manager';

const auth = {
  clientId: 'kakao-desktop-dev',
  authBaseUrl: 'http://127.0.0.1:9010',
  redirectUri: 'http://localhost:9021/callback',
  scopes: ['openid', 'profile_nickname'],
};
const withoutEmail = fakeProfile({ email: null, email_verified: false });

async function signedInWithoutEmail(profile = withoutEmail) {
  const backend = new FakeAccountBackend();
  backend.profile = profile;
  const vault = new RecordingVault();
  const preferences = new MemoryPreferences({ staySignedInToKakao: true });
  const authWindow = new FakeAuthWindow();
  // As in the app: Kakao opens through the "stay signed in to Kakao" choice.
  const openAuthWindow = createKeptKakaoSession({ preferences }).keepingOpener(authWindow.open);
  const session = new SessionManager({
    backend,
    vault,
    preferences,
    openAuthWindow,
    auth,
    deviceName: 'This Mac (darwin)',
  });
  await session.start();
  expect(await session.signIn()).toMatchObject({ ok: true });
  const firstFamily = [...backend.families.keys()][0]!;
  const firstToken = (await vault.store.get(VAULT_ACCOUNTS.refreshToken))!;
  const consent = new ConsentFlow({
    session,
    backend,
    openAuthWindow,
    auth,
    deviceName: 'This Mac (darwin)',
  });
  return { backend, vault, preferences, authWindow, session, consent, firstFamily, firstToken };
}

describe('consentScopes', () => {
  it('asks for the item alone, plus openid only when the app uses OpenID Connect', () => {
    expect(consentScopes('email', ['openid', 'profile_nickname'])).toEqual(['account_email', 'openid']);
    expect(consentScopes('email', ['profile_nickname'])).toEqual(['account_email']);
  });
});

describe('ConsentFlow', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-11-30T12:00:00Z') });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('asks Kakao for the email only, carries on with the new session and ends the old one', async () => {
    const { backend, vault, authWindow, consent, firstFamily, firstToken } = await signedInWithoutEmail();
    backend.profile = fakeProfile(); // the user ticks the email at Kakao

    const result = await consent.request('email');

    expect(result).toEqual({
      ok: true,
      value: { kind: 'signed-in', profile: fakeProfile(), persistence: 'keychain' },
    });
    const request = authWindow.requests.at(-1)!;
    const url = new URL(request.authorizeUrl);
    expect(url.searchParams.get('scope')).toBe('account_email,openid');
    expect(url.searchParams.get('prompt')).toBeNull();
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    expect(request.keepKakaoSession).toBe(true);
    expect(backend.calls.exchange.at(-1)).toMatchObject({ device_name: 'This Mac (darwin)' });
    // One device, one session: the family from the first sign-in is revoked, the new one is in the vault.
    expect(backend.calls.logout).toEqual([firstToken]);
    expect([...backend.families].filter(([, f]) => f.live).map(([id]) => id)).not.toContain(firstFamily);
    expect([...backend.families.values()].filter((f) => f.live)).toHaveLength(1);
    const stored = await vault.store.get(VAULT_ACCOUNTS.refreshToken);
    expect(stored).not.toBe(firstToken);
    expect(backend.validRefreshTokens.has(stored!)).toBe(true);
  });

  it('declining at Kakao is not an error: the state stays, nothing is exchanged or revoked', async () => {
    const { backend, authWindow, session, consent } = await signedInWithoutEmail();
    authWindow.willAnswer({ kind: 'cancelled' });
    const before = session.getState();
    const result = await consent.request('email');
    expect(result).toEqual({ ok: true, value: before });
    expect(backend.calls.exchange).toHaveLength(1); // the sign-in's only
    expect(backend.calls.logout).toEqual([]);
  });

  it('an email already shared: no window opens', async () => {
    const { authWindow, consent } = await signedInWithoutEmail(fakeProfile());
    const opened = authWindow.requests.length;
    expect(await consent.request('email')).toMatchObject({
      ok: true,
      value: { profile: { email: 'kim@kakao.test' } },
    });
    expect(authWindow.requests).toHaveLength(opened);
  });

  it('signed out: session_invalid, no window opens', async () => {
    const { authWindow, session, consent } = await signedInWithoutEmail();
    await session.signOut();
    const opened = authWindow.requests.length;
    expect(await consent.request('email')).toMatchObject({ ok: false, code: 'session_invalid' });
    expect(authWindow.requests).toHaveLength(opened);
  });

  it('another Kakao account at the window: refused, its new session revoked, this one kept', async () => {
    const { backend, vault, session, consent, firstToken } = await signedInWithoutEmail();
    backend.profile = fakeProfile({ id: 'user-2', kakao_id: '2002', nickname: 'Someone else' });
    const before = session.getState();

    const result = await consent.request('email');

    expect(result).toEqual({ ok: false, code: 'kakao_error', detail: 'other-kakao-account' });
    expect(session.getState()).toEqual(before);
    expect(await vault.store.get(VAULT_ACCOUNTS.refreshToken)).toBe(firstToken);
    expect(backend.calls.logout).toHaveLength(1);
    expect(backend.calls.logout[0]).not.toBe(firstToken);
  });

  it('the exchange fails (backend unreachable): a clear error, nothing changed', async () => {
    const { backend, vault, session, consent, firstToken } = await signedInWithoutEmail();
    backend.mode = 'unreachable';
    const before = session.getState();
    expect(await consent.request('email')).toMatchObject({ ok: false, code: 'network' });
    expect(session.getState()).toEqual(before);
    expect(await vault.store.get(VAULT_ACCOUNTS.refreshToken)).toBe(firstToken);
  });

  it('Kakao answers with an error: passed on as kakao_error, nothing changed', async () => {
    const { authWindow, session, consent } = await signedInWithoutEmail();
    authWindow.willAnswer({ kind: 'kakao-error', error: 'server_error' });
    const before = session.getState();
    expect(await consent.request('email')).toMatchObject({ ok: false, code: 'kakao_error' });
    expect(session.getState()).toEqual(before);
  });

  it('signing out while Kakao is open closes the window and adopts nothing', async () => {
    const { backend, authWindow, session, consent } = await signedInWithoutEmail();
    authWindow.willAnswer('hang');
    const pending = consent.request('email');
    await vi.advanceTimersByTimeAsync(0);
    expect(authWindow.requests.at(-1)!.signal.aborted).toBe(false);
    await session.signOut();
    expect(await pending).toMatchObject({ ok: false, code: 'cancelled' });
    expect(authWindow.requests.at(-1)!.signal.aborted).toBe(true);
    expect(session.getState().kind).toBe('signed-out');
    expect(backend.calls.exchange).toHaveLength(1);
  });

  it('a second request while the window is open joins the first', async () => {
    const { authWindow, consent } = await signedInWithoutEmail();
    const opened = authWindow.requests.length;
    const [a, b] = await Promise.all([consent.request('email'), consent.request('email')]);
    expect(a).toEqual(b);
    expect(authWindow.requests).toHaveLength(opened + 1);
  });
});
