/**
 * Kakao failing, nothing lost. The emulator answers -1, HTTP 500, or never (past the backend's short Kakao
 * timeout) at each phase of the desktop's session, with the real SessionManager, the real backend and the
 * sign-in window in Chromium:
 * - sign-in page (GET /oauth/authorize, shown in the sign-in window);
 * - code exchange (the backend's POST /oauth/token, then GET /v2/user/me and Kakao's JWKS);
 * - refresh (our own token: the backend never calls Kakao, so a Kakao outage must not matter at all);
 * - sign-out (our session is revoked; the backend then logs the user out of Kakao, best effort).
 * Each case checks the message the desktop shows, that no session is revoked that the user did not end, and
 * that the same action succeeds once Kakao recovers. Another device ("A") stays signed in throughout.
 */
import { type Browser, expect, type Page, test } from '@playwright/test';
import { type BackendClient, createBackendClient } from '../../main/backend/backend-client';
import { BackendError } from '../../main/backend/backend-error';
import type { SessionManager } from '../../main/session/session-manager';
import { VAULT_ACCOUNTS } from '../../main/vault/vault';
import { emulatorAuth, sessionSigningInAs } from '../helpers/desktop-session';
import { MemoryPreferences } from '../helpers/fakes/memory-preferences';
import { MemoryVault } from '../helpers/fakes/memory-vault';
import { agreeIfAsked, type Person, person } from '../helpers/kakao-person';
import { type RunningSystem, startSystem } from '../helpers/system';
import { emulatorControl } from '../helpers/system-requests';
import { ManualClock } from './manual-clock';

const KIM = { id: 1001, nickname: '김카카오' } as const;
/**
 * The backend gives up on Kakao after this (KAKAO_TIMEOUT_MS); a `hang` outlasts it. Short, yet long enough for
 * a healthy emulator answer on a busy CI machine.
 */
const KAKAO_TIMEOUT_MS = 2000;

const FAULTS = [
  { name: 'Kakao -1', fault: { kind: 'kakao_error', code: -1 } },
  { name: 'HTTP 500', fault: { kind: 'http_status', status: 500 } },
  { name: 'a hang past the timeout', fault: { kind: 'hang' } },
] as const;

let system: RunningSystem;
/** Device A: signed in before any fault, never signed out; its session must survive everything. */
let deviceA: Device;
let deviceASessionId: string;

interface Device {
  session: SessionManager;
  vault: MemoryVault;
  who: Person;
  /** Every error the backend client threw, as the session manager saw it. */
  backendErrors: unknown[];
  clock: ManualClock;
}

const cleanups: (() => Promise<unknown> | unknown)[] = [];

function device(browser: Browser, vault = new MemoryVault(), who = person(browser)): Device {
  const http = createBackendClient({ baseUrl: system.backendUrl, timeoutMs: 10_000 });
  const backendErrors: unknown[] = [];
  const watch =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      try {
        return await call(...args);
      } catch (error) {
        backendErrors.push(error);
        throw error;
      }
    };
  const backend: Pick<BackendClient, 'exchange' | 'refresh' | 'logout'> = {
    exchange: watch(http.exchange),
    refresh: watch(http.refresh),
    logout: watch(http.logout),
  };
  const clock = new ManualClock();
  const preferences = new MemoryPreferences({ staySignedInToKakao: true });
  const session = sessionSigningInAs(who, {
    backend,
    vault,
    preferences,
    auth: emulatorAuth(system),
    deviceName: 'e2e faults',
    clock,
    random: () => 0.5,
  });
  cleanups.push(() => session.dispose());
  return { session, vault, who, backendErrors, clock };
}

/**
 * The person signs in as Kim: with Kakao's session kept in the window, Kakao redirects straight back (the page
 * closes under this script); otherwise pick the test account and agree.
 */
async function asKim(page: Page): Promise<void> {
  try {
    await page.getByTestId(`account-${KIM.id}`).click({ timeout: 20_000 });
    await agreeIfAsked(page);
  } catch (error) {
    if (!page.isClosed()) throw error;
  }
}

async function signIn(d: Device) {
  d.who.will(asKim);
  const result = await d.session.signIn();
  expect(d.who.errors).toEqual([]);
  return result;
}

const emulator = (path: string, method: 'GET' | 'POST' | 'DELETE', body?: unknown) =>
  emulatorControl(system, method, path, body);

const injectFault = (endpoint: string, fault: (typeof FAULTS)[number]['fault']) =>
  emulator('faults', 'POST', { endpoint, ...fault });
const clearFaults = () => emulator('faults', 'DELETE');
const kakaoRequests = async () =>
  ((await emulator('requests', 'GET')) as { requests: { method: string; path: string }[] }).requests;

/** Ids of every session the backend has revoked (logout, reuse, unlink…). */
async function revokedSessionIds(): Promise<string[]> {
  const rows = await system.database.query<{ id: string }>(
    'faults-revoked',
    'SELECT id FROM sessions WHERE revoked_at IS NOT NULL ORDER BY id',
    [],
  );
  return rows.map((r) => r.id);
}

async function sessionIdOf(d: Device): Promise<string> {
  const http = createBackendClient({ baseUrl: system.backendUrl });
  const list = await http.sessions(await d.session.getAccessToken());
  const current = list.sessions.find((s) => s.current);
  if (!current) throw new Error('no current session in /auth/sessions');
  return current.id;
}

test.describe.configure({ timeout: 90_000 });

test.beforeAll(async ({ browser }) => {
  test.setTimeout(120_000);
  system = await startSystem({ backendEnv: { KAKAO_TIMEOUT_MS: String(KAKAO_TIMEOUT_MS) } });
  deviceA = device(browser);
  await deviceA.session.start();
  const signedIn = await signIn(deviceA);
  expect(signedIn, JSON.stringify(signedIn)).toMatchObject({ ok: true, value: { kind: 'signed-in' } });
  deviceASessionId = await sessionIdOf(deviceA);
});
test.afterAll(async () => {
  await clearFaults().catch(() => {});
  await deviceA?.who.authWindow.close();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await system?.close();
});
test.afterEach(async () => {
  await clearFaults();
  // Device A was never signed out, so its session must still be live: no fault revoked it.
  expect(await revokedSessionIds()).not.toContain(deviceASessionId);
  await expect(deviceA.session.getAccessToken()).resolves.toEqual(expect.any(String));
});

test.describe('sign-in page (GET /oauth/authorize in the sign-in window)', () => {
  for (const { name, fault } of FAULTS.filter((f) => f.fault.kind !== 'hang')) {
    test(`${name}: the window closes with "Kakao is temporarily unavailable", nothing revoked; the next sign-in succeeds`, async ({
      browser,
    }) => {
      const b = device(browser);
      cleanups.push(() => b.who.authWindow.close());
      await b.session.start();
      const revokedBefore = await revokedSessionIds();
      await emulator('requests', 'DELETE');
      await injectFault('/oauth/authorize', fault);

      // The person would sign in as usual; Kakao's 5xx answer closes the window before there is anything to do.
      const failed = await signIn(b);

      expect(failed).toEqual({ ok: false, code: 'backend_unavailable', detail: 'kakao-unavailable' });
      expect(b.session.getState()).toEqual({
        kind: 'signed-out',
        problem: { code: 'backend_unavailable', detail: 'kakao-unavailable' },
        persistence: 'keychain',
      });
      expect(b.who.authWindow.pages.at(-1)!.isClosed()).toBe(true);
      // Kakao really was asked for the sign-in page (and failed it); no code was exchanged.
      const asked = (await kakaoRequests()).map((r) => r.path);
      expect(asked).toContain('/oauth/authorize');
      expect(asked).not.toContain('/oauth/token');
      expect(b.backendErrors).toEqual([]);
      expect(await b.vault.get(VAULT_ACCOUNTS.refreshToken)).toBeNull();
      expect(await revokedSessionIds()).toEqual(revokedBefore);

      await clearFaults();
      expect(await signIn(b)).toMatchObject({ ok: true, value: { kind: 'signed-in' } });
      expect(b.session.getState()).not.toHaveProperty('problem');
    });
  }

  test('a hang: the window watchdog ends the attempt with a retryable timeout; the next sign-in succeeds', async ({
    browser,
  }) => {
    const windowClock = new ManualClock();
    const b = device(browser, new MemoryVault(), person(browser, { clock: windowClock }));
    cleanups.push(() => b.who.authWindow.close());
    await b.session.start();
    await emulator('requests', 'DELETE');
    await injectFault('/oauth/authorize', { kind: 'hang' });

    b.who.will(async () => {
      // Once Kakao has the request (and is sitting on it), the person waits; the watchdog ends the wait.
      await expect
        .poll(async () => (await kakaoRequests()).some((r) => r.path === '/oauth/authorize'), {
          timeout: 20_000,
        })
        .toBe(true);
      windowClock.advanceTo(windowClock.now() + 5 * 60_000);
    });
    const failed = await b.session.signIn();
    expect(b.who.errors).toEqual([]);
    expect(failed).toEqual({ ok: false, code: 'timeout' });
    expect(b.session.getState()).toMatchObject({ kind: 'signed-out', problem: { code: 'timeout' } });

    await clearFaults();
    expect(await signIn(b)).toMatchObject({ ok: true, value: { kind: 'signed-in' } });
  });
});

test.describe('code exchange (the backend calls Kakao)', () => {
  const ENDPOINTS = ['/oauth/token', '/v2/user/me', '/.well-known/jwks.json'];
  for (const endpoint of ENDPOINTS) {
    for (const { name, fault } of FAULTS) {
      test(`${endpoint}, ${name}: "temporarily unavailable", nothing revoked; signing in again succeeds`, async ({
        browser,
      }) => {
        if (endpoint === '/.well-known/jwks.json') {
          // The backend caches Kakao's keys: a restarted backend has to fetch them during this sign-in.
          await system.stopBackend();
          await system.startBackend();
        }
        const b = device(browser, new MemoryVault(), deviceA.who); // Kakao's session is kept: no forms
        await b.session.start();
        const revokedBefore = await revokedSessionIds();
        await emulator('requests', 'DELETE');
        await injectFault(endpoint, fault);

        const failed = await signIn(b);

        // The renderer words it ("temporarily unavailable"); main sends the code (and Kakao's detail).
        expect(failed).toMatchObject({ ok: false, code: 'backend_unavailable' });
        expect(b.session.getState()).toMatchObject({
          kind: 'signed-out',
          problem: { code: 'backend_unavailable' },
        });
        // The backend said why: Kakao is unavailable, retry after a few seconds (503 + Retry-After).
        expect(b.backendErrors).toHaveLength(1);
        expect(b.backendErrors[0]).toBeInstanceOf(BackendError);
        expect(b.backendErrors[0]).toMatchObject({
          kind: 'transient',
          code: 'kakao_unavailable',
          status: 503,
          retryAfterMs: 5000,
        });
        // Kakao really was asked (and failed) at this endpoint.
        expect((await kakaoRequests()).some((r) => r.path === endpoint)).toBe(true);
        expect(await b.vault.get(VAULT_ACCOUNTS.refreshToken)).toBeNull();
        expect(await revokedSessionIds()).toEqual(revokedBefore);

        await clearFaults();
        expect(await signIn(b)).toMatchObject({ ok: true, value: { kind: 'signed-in' } });
        expect(await b.vault.get(VAULT_ACCOUNTS.refreshToken)).toEqual(expect.any(String));
      });
    }
  }
});

test('refresh never calls Kakao: with every Kakao endpoint failing, a relaunch refreshes and stays signed in', async ({
  browser,
}) => {
  const first = device(browser, new MemoryVault(), deviceA.who);
  await first.session.start();
  expect(await signIn(first)).toMatchObject({ ok: true });
  first.session.dispose();

  for (const { name, fault } of FAULTS) {
    await emulator('requests', 'DELETE');
    await injectFault('*', fault);
    const before = await first.vault.get(VAULT_ACCOUNTS.refreshToken);

    const relaunched = device(browser, first.vault, first.who);
    const state = await relaunched.session.start();

    expect(state, name).toMatchObject({ kind: 'signed-in', profile: { nickname: KIM.nickname } });
    expect(await first.vault.get(VAULT_ACCOUNTS.refreshToken), name).not.toBe(before);
    expect(await kakaoRequests(), name).toEqual([]);
    relaunched.session.dispose();
    await clearFaults();
  }
});

test.describe('sign-out (our revoke, then Kakao logout best effort)', () => {
  for (const { name, fault } of FAULTS) {
    test(`/v1/user/logout, ${name}: signed out cleanly, only this session revoked; next sign-out logs out of Kakao`, async ({
      browser,
    }) => {
      const b = device(browser, new MemoryVault(), deviceA.who);
      await b.session.start();
      expect(await signIn(b)).toMatchObject({ ok: true });
      const sessionId = await sessionIdOf(b);
      const revokedBefore = await revokedSessionIds();
      await emulator('requests', 'DELETE');
      await injectFault('/v1/user/logout', fault);

      const state = await b.session.signOut();

      // The user's intent wins: signed out, no banner, the revoke reached the backend (nothing owed).
      expect(state).toEqual({ kind: 'signed-out', persistence: 'keychain' });
      expect(b.backendErrors).toEqual([]);
      expect(await b.vault.get(VAULT_ACCOUNTS.refreshToken)).toBeNull();
      expect(await b.vault.get(VAULT_ACCOUNTS.pendingRevoke)).toBeNull();
      expect(await revokedSessionIds()).toEqual([...revokedBefore, sessionId].sort());
      // The backend did try Kakao's logout, which failed: Kakao's token is kept for a later logout.
      expect((await kakaoRequests()).filter((r) => r.path === '/v1/user/logout')).toHaveLength(1);
      expect(await kakaoTokenStored()).toBe(true);

      // Kakao is back: the next sign-in and sign-out log out of Kakao for real.
      await clearFaults();
      await emulator('requests', 'DELETE');
      const again = device(browser, new MemoryVault(), deviceA.who);
      await again.session.start();
      expect(await signIn(again)).toMatchObject({ ok: true });
      expect(await again.session.signOut()).toEqual({ kind: 'signed-out', persistence: 'keychain' });
      expect(await kakaoTokenStored()).toBe(false);
    });
  }
});

/** Whether the backend still holds a (sealed) Kakao access token for Kim. */
async function kakaoTokenStored(): Promise<boolean> {
  const rows = await system.database.query<{ stored: boolean }>(
    'faults-kakao-token',
    `SELECT access_token_enc IS NOT NULL AS stored FROM identities WHERE provider = 'kakao' AND provider_user_id = $1`,
    [String(KIM.id)],
  );
  expect(rows).toHaveLength(1);
  return rows[0]!.stored;
}
