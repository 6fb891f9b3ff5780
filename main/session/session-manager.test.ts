import type { SessionState } from '@kakao-desktop/contract';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeAuthWindow, FakeBackend, fakeProfile, RecordingVault } from '../../test/helpers/fakes';
import { MemoryPreferences } from '../../test/helpers/fakes/memory-preferences';
import { codeChallengeS256 } from '../auth/secrets';
import { createKeptKakaoSession } from '../preferences/kept-kakao-session';
import { VAULT_ACCOUNTS } from '../vault/vault';
import { SessionManager, type SessionManagerDeps } from './session-manager';

const auth = {
  clientId: 'kakao-desktop-dev',
  authBaseUrl: 'http://127.0.0.1:9010',
  redirectUri: 'http://localhost:9021/callback',
  scopes: ['openid', 'profile_nickname'],
};

function setup(overrides: Partial<SessionManagerDeps> = {}) {
  const backend = new FakeBackend();
  const vault = new RecordingVault();
  const preferences = new MemoryPreferences();
  const authWindow = new FakeAuthWindow();
  const clearKakaoSession = vi.fn(async () => {});
  const log = overrides.log ?? (() => {});
  // As in the app: "stay signed in to Kakao" decides what the window keeps, and sign-out forgets it.
  const kakao = createKeptKakaoSession({ preferences, clearKakaoSession, log });
  const make = (extra: Partial<SessionManagerDeps> = {}) => {
    const { openAuthWindow = authWindow.open, ...rest } = { ...overrides, ...extra };
    const manager = new SessionManager({
      backend,
      vault,
      preferences,
      openAuthWindow: kakao.keepingOpener(openAuthWindow),
      clearKakaoSession: kakao.forget,
      auth,
      random: () => 0.5,
      backoff: { baseMs: 1_000, maxMs: 60_000 },
      ...rest,
    });
    const states: SessionState[] = [];
    manager.subscribe((state) => states.push(state));
    return { manager, states };
  };
  return { backend, vault, preferences, authWindow, clearKakaoSession, kakao, make, ...make() };
}

/** A session that has signed in once (tokens in the vault, profile cached), then a fresh launch. */
async function signedInBefore(overrides: Partial<SessionManagerDeps> = {}) {
  const world = setup(overrides);
  await world.manager.signIn();
  world.manager.dispose();
  const relaunch = world.make();
  return { ...world, ...relaunch };
}

describe('SessionManager', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: new Date('2026-11-30T12:00:00Z') });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  // --- Launch ---

  describe('launch', () => {
    it('with nothing in the vault: signed-out, keychain persistence, no backend call', async () => {
      const { manager, backend } = setup();
      expect(manager.getState()).toEqual({ kind: 'starting' });
      expect(await manager.start()).toEqual({ kind: 'signed-out', persistence: 'keychain' });
      expect(backend.calls.refresh).toEqual([]);
    });

    it('with a refresh token: refreshes, shows the profile, stores the rotated token', async () => {
      const { manager, states, vault, backend } = await signedInBefore();
      const stored = await vault.store.get(VAULT_ACCOUNTS.refreshToken);
      const state = await manager.start();
      expect(backend.calls.refresh).toEqual([stored]);
      expect(state).toEqual({ kind: 'signed-in', profile: fakeProfile(), persistence: 'keychain' });
      expect(states.map((s) => s.kind)).toEqual(['refreshing', 'signed-in']);
      const rotated = await vault.store.get(VAULT_ACCOUNTS.refreshToken);
      expect(rotated).not.toBe(stored);
      expect(backend.validRefreshTokens.has(rotated!)).toBe(true);
    });

    it.each([
      ['unreachable', 'network'],
      ['timeout', 'network'],
      ['unavailable', 'backend_unavailable'],
    ] as const)(
      'backend %s: keeps the session, offline with the cached profile, retries with backoff',
      async (mode, code) => {
        const { manager, backend, vault } = await signedInBefore();
        const token = await vault.store.get(VAULT_ACCOUNTS.refreshToken);
        backend.mode = mode;
        const state = await manager.start();
        expect(state).toMatchObject({
          kind: 'offline',
          profile: fakeProfile(),
          problem: { code },
          persistence: 'keychain',
        });
        if (state.kind !== 'offline') throw new Error('unreachable');
        // jitter 0.5 → 75% of 1 s for the first retry
        expect(state.retryAt - Date.now()).toBe(750);
        expect(await vault.store.get(VAULT_ACCOUNTS.refreshToken)).toBe(token); // nothing forgotten

        await vi.advanceTimersByTimeAsync(750);
        expect(backend.calls.refresh).toHaveLength(2); // launch + first retry
        const second = manager.getState();
        if (second.kind !== 'offline') throw new Error(`expected offline, got ${second.kind}`);
        expect(second.retryAt - Date.now()).toBe(1_500); // doubled

        backend.mode = 'online';
        await vi.advanceTimersByTimeAsync(1_500);
        expect(manager.getState()).toEqual({
          kind: 'signed-in',
          profile: fakeProfile(),
          persistence: 'keychain',
        });
      },
    );

    it('offline launch without a cached profile still keeps the session', async () => {
      const { manager, backend, preferences } = await signedInBefore();
      preferences.update({ lastProfile: null });
      backend.mode = 'unreachable';
      expect(await manager.start()).toMatchObject({ kind: 'offline', profile: null });
    });

    it('honours Retry-After when it is longer than the backoff', async () => {
      const { manager, backend } = await signedInBefore();
      backend.mode = 'online';
      backend.refresh = async () => {
        const { BackendError } = await import('../backend/backend-error');
        throw new BackendError('transient', 'kakao_unavailable', '503', {
          status: 503,
          retryAfterMs: 30_000,
        });
      };
      const state = await manager.start();
      expect(state.kind === 'offline' && state.retryAt - Date.now()).toBe(30_000);
    });

    it('invalid_grant: signs out with a problem, forgets the token and the cached profile', async () => {
      const { manager, backend, vault, preferences } = await signedInBefore();
      backend.validRefreshTokens.clear(); // revoked server-side
      const state = await manager.start();
      expect(state).toEqual({
        kind: 'signed-out',
        persistence: 'keychain',
        problem: { code: 'session_invalid', detail: 'reused' }, // the backend's refusal reason
      });
      expect(await vault.store.get(VAULT_ACCOUNTS.refreshToken)).toBeNull();
      expect(preferences.get().lastProfile).toBeNull();
    });

    it('no keychain: signed-out for this run, persistence memory; sign-in then stays in memory', async () => {
      const { manager, vault, backend, preferences } = setup();
      vault.failing.add('get');
      expect(await manager.start()).toEqual({ kind: 'signed-out', persistence: 'memory' });
      expect(await manager.signIn()).toMatchObject({
        ok: true,
        value: { kind: 'signed-in', persistence: 'memory' },
      });
      expect(vault.log.filter((op) => op.startsWith('vault.set'))).toEqual([]); // not even tried
      const onDisk = JSON.stringify(preferences.get());
      for (const secret of backend.issuedSecrets) expect(onDisk).not.toContain(secret);
      await manager.signOut();
      expect(manager.getState()).toEqual({ kind: 'signed-out', persistence: 'memory' });
    });
  });

  // --- Sign in ---

  describe('sign in', () => {
    it('says where Kakao is shown: the sign-in window by default, the browser in system-browser mode', async () => {
      const windowMode = setup();
      await windowMode.manager.start();
      await windowMode.manager.signIn();
      expect(windowMode.states.find((s) => s.kind === 'signing-in')).toEqual({
        kind: 'signing-in',
        persistence: 'keychain',
        via: 'window',
      });

      const browserMode = setup({ signInSurface: 'browser' });
      await browserMode.manager.start();
      await browserMode.manager.signIn();
      expect(browserMode.states.find((s) => s.kind === 'signing-in')).toEqual({
        kind: 'signing-in',
        persistence: 'keychain',
        via: 'browser',
      });
    });

    it('opens the window, exchanges the code with the matching verifier and nonce, stores the token', async () => {
      const { manager, states, authWindow, backend, vault } = setup();
      await manager.start();
      const result = await manager.signIn();
      expect(result).toEqual({
        ok: true,
        value: { kind: 'signed-in', profile: fakeProfile(), persistence: 'keychain' },
      });
      expect(states.map((s) => s.kind)).toEqual(['signed-out', 'signing-in', 'signed-in']);

      const request = authWindow.requests[0]!;
      const authorize = new URL(request.authorizeUrl);
      expect(authorize.searchParams.get('state')).toBe(request.expectedState);
      expect(request.allowedOrigins).toEqual(['http://127.0.0.1:9010']);
      expect(request.keepKakaoSession).toBe(false);
      expect(authorize.searchParams.has('prompt')).toBe(false);

      const exchange = backend.calls.exchange[0]!;
      expect(exchange.code).toBe('good-code');
      expect(exchange.redirect_uri).toBe(auth.redirectUri);
      expect(codeChallengeS256(exchange.code_verifier)).toBe(authorize.searchParams.get('code_challenge'));
      expect(exchange.nonce).toBe(authorize.searchParams.get('nonce'));
      expect(await vault.store.get(VAULT_ACCOUNTS.refreshToken)).toBe(backend.issuedSecrets[1]);
    });

    it('uses fresh state, verifier and nonce on every attempt', async () => {
      const { manager, authWindow, backend } = setup();
      await manager.start();
      await manager.signIn();
      await manager.signOut();
      await manager.signIn();
      const [a, b] = authWindow.requests.map((r) => new URL(r.authorizeUrl).searchParams);
      for (const name of ['state', 'nonce', 'code_challenge']) expect(a!.get(name)).not.toBe(b!.get(name));
      expect(backend.calls.exchange[0]!.code_verifier).not.toBe(backend.calls.exchange[1]!.code_verifier);
    });

    it('keeps the Kakao session when the user chose "stay signed in", and asks Kakao nothing extra', async () => {
      const { manager, authWindow, preferences } = setup();
      preferences.update({ staySignedInToKakao: true });
      await manager.start();
      await manager.signIn();
      // No prompt: a kept Kakao session signs its account straight in; switching is the UI's explicit choice.
      expect(new URL(authWindow.requests[0]!.authorizeUrl).searchParams.has('prompt')).toBe(false);
      expect(authWindow.requests[0]!.keepKakaoSession).toBe(true);
    });

    it.each([
      ['select_account', false],
      ['select_account', true],
      ['login', false],
      ['login', true],
    ] as const)('passes prompt=%s through to Kakao (stay signed in: %s)', async (prompt, stay) => {
      const { manager, authWindow, preferences } = setup();
      preferences.update({ staySignedInToKakao: stay });
      await manager.start();
      expect(await manager.signIn({ prompt })).toMatchObject({ ok: true });
      const request = authWindow.requests[0]!;
      expect(new URL(request.authorizeUrl).searchParams.getAll('prompt')).toEqual([prompt]);
      expect(request.keepKakaoSession).toBe(stay);
    });

    it('cancelled: back to signed-out with no problem banner', async () => {
      const { manager, authWindow, backend } = setup();
      authWindow.willAnswer({ kind: 'cancelled' });
      await manager.start();
      const result = await manager.signIn();
      expect(result).toMatchObject({ ok: false, code: 'cancelled' });
      expect(manager.getState()).toEqual({ kind: 'signed-out', persistence: 'keychain' });
      expect(backend.calls.exchange).toEqual([]);
    });

    it.each([
      [{ kind: 'timeout' }, 'timeout'],
      [{ kind: 'kakao-error', error: 'consent_required' }, 'kakao_error'],
      [{ kind: 'load-failed', errorCode: -102, description: 'refused' }, 'network'],
    ] as const)('%j: signed-out with problem %s, no exchange', async (outcome, code) => {
      const { manager, authWindow, backend } = setup();
      authWindow.willAnswer(outcome);
      await manager.start();
      expect(await manager.signIn()).toMatchObject({ ok: false, code });
      expect(manager.getState()).toMatchObject({ kind: 'signed-out', problem: { code } });
      expect(backend.calls.exchange).toEqual([]);
    });

    it.each([
      ['unreachable', 'network'],
      ['unavailable', 'backend_unavailable'],
    ] as const)('exchange fails (%s): signed-out with problem %s', async (mode, code) => {
      const { manager, backend } = setup();
      await manager.start();
      backend.mode = mode;
      expect(await manager.signIn()).toMatchObject({ ok: false, code });
      expect(manager.getState()).toMatchObject({ kind: 'signed-out', problem: { code } });
    });

    it('exchange refused (a used code): backend_rejected', async () => {
      const { manager, authWindow } = setup();
      authWindow.willAnswer({ kind: 'code', code: 'bad-code' });
      await manager.start();
      expect(await manager.signIn()).toMatchObject({ ok: false, code: 'backend_rejected' });
    });

    it('joins a second call while the window is open (one window)', async () => {
      const { manager, authWindow } = setup();
      await manager.start();
      const [a, b] = await Promise.all([manager.signIn(), manager.signIn()]);
      expect(authWindow.requests).toHaveLength(1);
      expect(a).toEqual(b);
    });

    it('a sign-out while the window is open closes it (cancelled)', async () => {
      const { manager, authWindow, backend } = setup();
      authWindow.willAnswer('hang');
      await manager.start();
      const pending = manager.signIn();
      await vi.advanceTimersByTimeAsync(0);
      expect(manager.getState().kind).toBe('signing-in');
      await manager.signOut();
      expect(await pending).toMatchObject({ ok: false, code: 'cancelled' });
      expect(authWindow.requests[0]!.signal.aborted).toBe(true);
      expect(manager.getState()).toEqual({ kind: 'signed-out', persistence: 'keychain' });
      expect(backend.calls.exchange).toEqual([]);
    });

    it('vault write fails: signed in for this run only (persistence memory), nothing on disk', async () => {
      const { manager, vault, preferences, backend } = setup();
      await manager.start();
      vault.failing.add('set');
      const result = await manager.signIn();
      expect(result).toMatchObject({ ok: true, value: { kind: 'signed-in', persistence: 'memory' } });
      expect(await vault.store.get(VAULT_ACCOUNTS.refreshToken)).toBeNull();
      const onDisk = JSON.stringify(preferences.get());
      for (const secret of backend.issuedSecrets) expect(onDisk).not.toContain(secret);
      // and the in-memory session still works: a refresh uses the token it holds
      vi.setSystemTime(Date.now() + 10 * 60_000);
      await manager.getAccessToken();
      expect(backend.calls.refresh).toEqual([backend.issuedSecrets[1]]);
    });
  });

  // --- Refresh ---

  describe('refresh', () => {
    it('20 concurrent callers → exactly one /auth/refresh, all get the same new token', async () => {
      const { manager, backend } = await signedInBefore();
      await manager.start();
      const refreshesAfterLaunch = backend.calls.refresh.length;
      vi.setSystemTime(Date.now() + 299_000); // access token about to expire
      let open!: () => void;
      backend.refreshGate = new Promise((resolve) => {
        open = resolve;
      });
      const callers = Array.from({ length: 20 }, () => manager.getAccessToken());
      await vi.advanceTimersByTimeAsync(0);
      open();
      const tokens = await Promise.all(callers);
      expect(backend.calls.refresh.length - refreshesAfterLaunch).toBe(1);
      expect(new Set(tokens).size).toBe(1);
      expect(backend.issuedSecrets).toContain(tokens[0]);
    });

    it('hands out the current access token without a refresh while it is fresh', async () => {
      const { manager, backend } = setup();
      await manager.start();
      await manager.signIn();
      expect(await manager.getAccessToken()).toBe(backend.issuedSecrets[0]);
      expect(backend.calls.refresh).toEqual([]);
    });

    it('refreshes proactively at 2/3 of the access-token lifetime', async () => {
      const { manager, backend } = setup();
      backend.expiresIn = 300;
      await manager.start();
      await manager.signIn();
      await vi.advanceTimersByTimeAsync(199_999);
      expect(backend.calls.refresh).toHaveLength(0);
      await vi.advanceTimersByTimeAsync(1);
      expect(backend.calls.refresh).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(200_000);
      expect(backend.calls.refresh).toHaveLength(2);
      expect(manager.getState().kind).toBe('signed-in');
    });

    it('writes the rotated refresh token to the vault before dropping the old one', async () => {
      const { manager, backend, vault } = await signedInBefore();
      const events: string[] = [];
      backend.onEvent = (e) => events.push(e);
      vault.onEvent = (e) => events.push(e);
      manager.subscribe((s) => events.push(`state:${s.kind}`));
      const old = await vault.store.get(VAULT_ACCOUNTS.refreshToken);
      await manager.start();
      const rotated = await vault.store.get(VAULT_ACCOUNTS.refreshToken);
      expect(events.filter((e) => !e.includes(VAULT_ACCOUNTS.pendingRevoke))).toEqual([
        `vault.get(${VAULT_ACCOUNTS.refreshToken})`,
        'state:refreshing',
        `backend.refresh(${old})`,
        `vault.set(${VAULT_ACCOUNTS.refreshToken},${rotated})`,
        'state:signed-in',
      ]);
      // the old token was never deleted on its own: it was overwritten by the new one
      expect(vault.log).not.toContain(`vault.delete(${VAULT_ACCOUNTS.refreshToken})`);
      // and the next refresh presents the rotated token, not the old one
      vi.setSystemTime(Date.now() + 10 * 60_000);
      await manager.getAccessToken();
      expect(backend.calls.refresh.at(-1)).toBe(rotated);
    });

    it('vault write fails on rotation: keeps the new token in memory and says so (persistence memory)', async () => {
      const { manager, backend, vault } = await signedInBefore();
      vault.failing.add('set');
      const state = await manager.start();
      expect(state).toMatchObject({ kind: 'signed-in', persistence: 'memory' });
      // the rotated-away token is not left behind to look like reuse on the next launch
      expect(await vault.store.get(VAULT_ACCOUNTS.refreshToken)).toBeNull();
      const rotated = backend.issuedSecrets.at(-1)!;
      vi.setSystemTime(Date.now() + 10 * 60_000);
      await manager.getAccessToken();
      expect(backend.calls.refresh.at(-1)).toBe(rotated);
    });

    it('getAccessToken when signed out throws session_invalid', async () => {
      const { manager } = setup();
      await manager.start();
      await expect(manager.getAccessToken()).rejects.toMatchObject({ code: 'session_invalid' });
    });

    it('a refresh that returns after sign-out does not resurrect the session', async () => {
      const { manager, backend, vault } = await signedInBefore();
      let open!: () => void;
      backend.refreshGate = new Promise((resolve) => {
        open = resolve;
      });
      const launching = manager.start();
      await vi.advanceTimersByTimeAsync(0);
      const signingOut = manager.signOut();
      open();
      await Promise.all([launching, signingOut]);
      expect(manager.getState()).toEqual({ kind: 'signed-out', persistence: 'keychain' });
      expect(await vault.store.get(VAULT_ACCOUNTS.refreshToken)).toBeNull();
    });
  });

  // --- Stay signed in to Kakao ---

  // The preference itself: main/preferences/kept-kakao-session.test.ts. Here, how it meets sign-in and sign-out.
  describe('stay signed in to Kakao', () => {
    it('turned off while a kept-session sign-in window is open: forgets what that window kept', async () => {
      let finish: (outcome: { kind: 'code'; code: string }) => void = () => {};
      const { manager, preferences, clearKakaoSession, kakao } = setup({
        openAuthWindow: () => new Promise((resolve) => (finish = resolve)),
      });
      preferences.update({ staySignedInToKakao: true });
      await manager.start();
      const signingIn = manager.signIn();
      await vi.waitFor(() => expect(manager.getState().kind).toBe('signing-in'));
      await kakao.setStaySignedInToKakao(false);
      expect(clearKakaoSession).toHaveBeenCalledTimes(1);
      finish({ kind: 'code', code: 'good-code' });
      expect(await signingIn).toMatchObject({ ok: true });
      expect(clearKakaoSession).toHaveBeenCalledTimes(2);
    });

    it('a window that did not keep the session is not followed by a clear', async () => {
      const { manager, clearKakaoSession } = setup();
      await manager.start();
      await manager.signIn();
      expect(clearKakaoSession).not.toHaveBeenCalled();
    });
  });

  // --- Sign out ---

  describe('sign out', () => {
    it('clears locally first (vault, cached profile, Kakao session), then revokes on the server', async () => {
      const { manager, backend, vault, preferences, clearKakaoSession } = setup();
      await manager.start();
      await manager.signIn();
      const token = await vault.store.get(VAULT_ACCOUNTS.refreshToken);
      const state = await manager.signOut();
      expect(state).toEqual({ kind: 'signed-out', persistence: 'keychain' });
      expect(await vault.store.get(VAULT_ACCOUNTS.refreshToken)).toBeNull();
      expect(preferences.get().lastProfile).toBeNull();
      expect(clearKakaoSession).toHaveBeenCalledOnce();
      expect(backend.revoked).toEqual([token]);
      expect(await vault.store.get(VAULT_ACCOUNTS.pendingRevoke)).toBeNull();
    });

    it('offline: signs out locally, owes the revoke (in the vault, not preferences), pays it on next launch', async () => {
      const world = setup();
      await world.manager.start();
      await world.manager.signIn();
      const token = await world.vault.store.get(VAULT_ACCOUNTS.refreshToken);
      world.backend.mode = 'unreachable';
      expect(await world.manager.signOut()).toEqual({ kind: 'signed-out', persistence: 'keychain' });
      expect(world.backend.revoked).toEqual([]);
      expect(JSON.parse((await world.vault.store.get(VAULT_ACCOUNTS.pendingRevoke))!)).toEqual([token]);
      expect(JSON.stringify(world.preferences.get())).not.toContain(token);
      world.manager.dispose();

      // next launch, still offline: the revoke stays owed
      const second = world.make();
      await second.manager.start();
      expect(world.backend.revoked).toEqual([]);
      expect(await world.vault.store.get(VAULT_ACCOUNTS.pendingRevoke)).not.toBeNull();
      second.manager.dispose();

      // next launch, online: paid and forgotten
      world.backend.mode = 'online';
      const third = world.make();
      expect(await third.manager.start()).toEqual({ kind: 'signed-out', persistence: 'keychain' });
      expect(world.backend.revoked).toEqual([token]);
      expect(await world.vault.store.get(VAULT_ACCOUNTS.pendingRevoke)).toBeNull();
    });

    it('from offline: signs out and stops retrying', async () => {
      const { manager, backend } = await signedInBefore();
      backend.mode = 'unreachable';
      await manager.start();
      await manager.signOut();
      const refreshes = backend.calls.refresh.length;
      await vi.advanceTimersByTimeAsync(10 * 60_000);
      expect(backend.calls.refresh.length).toBe(refreshes);
      expect(manager.getState().kind).toBe('signed-out');
    });
  });

  // --- Secrets never leave main's memory and the vault ---

  it('no token ever lands in preferences or in a published state', async () => {
    const world = setup();
    const published: string[] = [];
    const snapshots: string[] = [];
    const record = (s: SessionState) => {
      published.push(JSON.stringify(s));
      snapshots.push(JSON.stringify(world.preferences.get()));
    };
    world.manager.subscribe(record);
    await world.manager.start();
    await world.manager.signIn();
    await vi.advanceTimersByTimeAsync(250_000); // proactive refresh
    vi.setSystemTime(Date.now() + 10 * 60_000);
    await world.manager.getAccessToken(); // on-demand refresh
    world.backend.mode = 'unavailable';
    await vi.advanceTimersByTimeAsync(250_000); // proactive refresh fails: offline
    world.backend.mode = 'online';
    await vi.advanceTimersByTimeAsync(60_000); // back online
    world.backend.profile = { ...fakeProfile(), ...({ access_token: 'smuggled' } as object) };
    world.manager.dispose();
    const relaunch = world.make();
    relaunch.manager.subscribe(record);
    await relaunch.manager.start();
    world.backend.mode = 'unreachable';
    await relaunch.manager.signOut();

    expect(world.backend.calls.refresh.length).toBeGreaterThanOrEqual(4);
    expect(world.backend.issuedSecrets.length).toBeGreaterThanOrEqual(10);
    const serialized = JSON.stringify(world.preferences.get());
    for (const secret of [...world.backend.issuedSecrets, 'smuggled']) {
      expect(serialized).not.toContain(secret);
      for (const state of published) expect(state).not.toContain(secret);
      for (const snap of snapshots) expect(snap).not.toContain(secret);
    }
    expect(published.length).toBeGreaterThan(5);
  });
});
