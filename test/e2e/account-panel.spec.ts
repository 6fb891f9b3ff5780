/**
 * The account panel's features end to end, across programs: each "device" is a real SessionManager with its
 * own vault and the account features (main/session/account.ts), wired to the real renderer build in Chromium
 * through the production IPC handlers; Kakao is the real emulator, the backend the real server on PGlite.
 * Sign-ins are played by a person at the emulator's pages. The user works the account panel's buttons; a
 * few calls go straight through the page's `window.api`, to read the exact fields or to send what the panel
 * never would (a compromised renderer).
 */
import { join } from 'node:path';
import type { DesktopApi, DeviceSession, IpcResult, SessionState } from '@kakao-desktop/contract';
import type { Browser, Page } from '@playwright/test';
import { createBackendClient } from '../../main/backend/backend-client';
import type { Clock } from '../../main/clock';
import { DEFAULT_SCOPES } from '../../main/config';
import { createAccount } from '../../main/session/account';
import type { SessionManager } from '../../main/session/session-manager';
import { VAULT_ACCOUNTS } from '../../main/vault/vault';
import { desktopSigningInAs, emulatorAuth } from '../helpers/desktop-session';
import { MemoryPreferences } from '../helpers/fakes/memory-preferences';
import { MemoryVault } from '../helpers/fakes/memory-vault';
import { agreeIfAsked, type Person, person, pickTestAccount } from '../helpers/kakao-person';
import { connectRenderer } from '../helpers/renderer-bridge';
import { sealedContext } from '../helpers/sealed-context';
import { type RunningSystem, startSystem } from '../helpers/system';
import { emulatorControl, expectRefreshRevoked } from '../helpers/system-requests';
import { type BuiltRenderer, expect, test } from '../renderer/harness';
import { ManualClock } from './manual-clock';

const KIM = { id: 1001, email: 'kim@kakao.test', nickname: '김카카오' } as const;

let system: RunningSystem;
const cleanups: (() => Promise<unknown> | unknown)[] = [];

test.beforeAll(async () => {
  test.setTimeout(120_000); // PGlite's first start alone can take half a minute on a busy 2-core machine
  system = await startSystem();
});
test.afterAll(async () => {
  await system?.close();
});
test.beforeEach(async () => {
  await emulator('POST', 'reset'); // a Kakao that has never seen this test
});
test.afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const emulator = (method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown) =>
  emulatorControl(system, method, path, body);

// --- A device: main process + renderer page ---

interface Device {
  name: string;
  vault: MemoryVault;
  preferences: MemoryPreferences;
  who: Person;
  session: SessionManager;
  page: Page;
  /** Everything main handed to this page. */
  crossed: unknown[];
}

async function launchDevice(
  browser: Browser,
  renderer: BuiltRenderer,
  name: string,
  options: { scopes?: readonly string[]; clock?: Clock } = {},
): Promise<Device> {
  const vault = new MemoryVault();
  const preferences = new MemoryPreferences();
  const who = person(browser);
  cleanups.push(() => who.authWindow.close());
  const backend = createBackendClient({ baseUrl: system.backendUrl, timeoutMs: 10_000 });
  const auth = emulatorAuth(system, { scopes: options.scopes });
  const { session, kakao } = desktopSigningInAs(who, {
    backend,
    vault,
    preferences,
    auth,
    deviceName: name,
    ...(options.clock ? { clock: options.clock, random: () => 0.5 } : {}),
  });
  cleanups.push(() => session.dispose());
  const account = createAccount({
    session,
    backend,
    openAuthWindow: kakao.openAuthWindow,
    auth,
    deviceName: name,
  });

  const context = await sealedContext(browser, renderer.url, { locale: 'en-US' });
  cleanups.push(() => context.close());
  const page = await context.newPage();
  const bridge = await connectRenderer(page, {
    session,
    kakaoSession: kakao.kakaoSession,
    account,
    preferences,
    renderer: { devServerUrl: renderer.url, indexHtmlPath: join('/nonexistent', 'index.html') },
  });
  cleanups.push(() => bridge.dispose());
  expect(await session.start()).toMatchObject({ kind: 'signed-out' });
  await page.goto(renderer.url);
  return { name, vault, preferences, who, session, page, crossed: bridge.crossed };
}

/** A `window.api` call made in the page, exactly as the renderer makes it. */
function api<V extends keyof Omit<DesktopApi, 'onStateChange'>>(
  device: Device,
  verb: V,
  ...args: Parameters<DesktopApi[V]>
): Promise<Awaited<ReturnType<DesktopApi[V]>>> {
  return device.page.evaluate(
    ([name, values]) => {
      const bridge = (globalThis as unknown as { api: Record<string, (...a: unknown[]) => Promise<unknown>> })
        .api;
      return bridge[name]!(...values);
    },
    [verb, args] as const,
  ) as Promise<Awaited<ReturnType<DesktopApi[V]>>>;
}

/** Sign in from the page's button; the person picks Kim and agrees if Kakao asks. */
async function signInFromPage(device: Device, script = pickKimAndAgree): Promise<void> {
  device.who.will(script);
  await device.page.getByRole('button', { name: 'Login with Kakao' }).click();
  await expect
    .poll(() => device.who.errors.length > 0 || device.session.getState().kind !== 'signing-in', {
      timeout: 30_000,
    })
    .toBe(true);
  expect(device.who.errors).toEqual([]);
  expect(device.session.getState().kind).toBe('signed-in');
  await expect(device.page.getByTestId('profile-card')).toContainText(KIM.nickname);
}

async function pickKimAndAgree(page: Page): Promise<void> {
  await pickTestAccount(page, KIM.id);
  await agreeIfAsked(page);
}

function devicesOf(result: IpcResult<DeviceSession[]>): DeviceSession[] {
  if (!result.ok) throw new Error(`listing devices failed: ${result.code} ${result.detail ?? ''}`);
  return result.value;
}

/** No token of this device ever reached its page. */
async function expectNoTokenCrossed(device: Device, seen: string[]): Promise<void> {
  const text = JSON.stringify(device.crossed);
  for (const secret of seen) expect(text).not.toContain(secret);
}

// --- Flows ---

test('1. two devices list each other; one signs the other out, whose next refresh is refused', async ({
  browser,
  renderer,
}) => {
  const laptop = await launchDevice(browser, renderer, 'Laptop (darwin)');
  const clock = new ManualClock();
  const desktop = await launchDevice(browser, renderer, 'Desktop (win32)', { clock });
  await signInFromPage(laptop);
  await signInFromPage(desktop);
  const desktopToken = (await desktop.vault.get(VAULT_ACCOUNTS.refreshToken))!;

  const fromLaptop = devicesOf(await api(laptop, 'listDevices'));
  const fromDesktop = devicesOf(await api(desktop, 'listDevices'));
  expect(fromLaptop.map((d) => [d.deviceName, d.current])).toEqual([
    ['Laptop (darwin)', true],
    ['Desktop (win32)', false],
  ]);
  expect(fromDesktop.map((d) => [d.deviceName, d.current])).toEqual([
    ['Desktop (win32)', true],
    ['Laptop (darwin)', false],
  ]);
  for (const device of fromLaptop) {
    expect(Object.keys(device).sort()).toEqual(['current', 'deviceName', 'id', 'lastUsedAt', 'signedInAt']);
    expect(Date.parse(device.signedInAt)).not.toBeNaN();
    expect(Date.parse(device.lastUsedAt)).not.toBeNaN();
  }
  const desktopId = fromDesktop.find((d) => d.current)!.id;
  expect(fromLaptop.find((d) => !d.current)!.id).toBe(desktopId);

  // The laptop may not end its own session from the list (that is "Sign out"), nor send a made-up id.
  const own = fromLaptop.find((d) => d.current)!.id;
  expect(await api(laptop, 'signOutDevice', own)).toMatchObject({ ok: false, code: 'invalid_argument' });
  expect(await api(laptop, 'signOutDevice', '../me')).toMatchObject({ ok: false, code: 'invalid_argument' });
  expect(laptop.session.getState().kind).toBe('signed-in');

  // In the laptop's panel: both devices, then "Sign out" on the desktop; the list updates.
  await laptop.page.reload(); // the panel loaded its list before the desktop signed in
  const rows = laptop.page.getByTestId('device');
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0)).toContainText('Laptop (darwin)');
  await expect(rows.nth(0)).toContainText('This device');
  await expect(rows.nth(1)).toContainText('Desktop (win32)');
  await expect(rows.nth(1)).toContainText('Last used');
  await laptop.page.getByRole('button', { name: 'Sign out Desktop (win32)' }).click();
  await expect(rows).toHaveCount(1);
  await expect(rows.nth(0)).toContainText('Laptop (darwin)');
  expect(devicesOf(await api(laptop, 'listDevices')).map((d) => d.id)).toEqual([own]);

  // The desktop does not know yet; its next refresh (the proactive timer) is refused: sign-in screen.
  expect(desktop.session.getState().kind).toBe('signed-in');
  const due = clock.nextDueAt();
  expect(due).toBeDefined();
  clock.advanceTo(due!);
  await expect.poll(() => desktop.session.getState().kind).toBe('signed-out');
  expect(desktop.session.getState()).toMatchObject({ problem: { code: 'session_invalid' } });
  await expect(desktop.page.getByTestId('sign-in-screen')).toBeVisible();
  await expect(desktop.page.getByRole('button', { name: 'Login with Kakao' })).toBeVisible();
  expect(await desktop.vault.get(VAULT_ACCOUNTS.refreshToken)).toBeNull();
  expect(desktop.preferences.get().lastProfile).toBeNull();
  await expectRefreshRevoked(system, desktopToken);
  expect(laptop.session.getState().kind).toBe('signed-in'); // the laptop carries on

  const laptopToken = (await laptop.vault.get(VAULT_ACCOUNTS.refreshToken))!;
  await expectNoTokenCrossed(laptop, [laptopToken, await laptop.session.getAccessToken()]);
  await expectNoTokenCrossed(desktop, [desktopToken]);
});

test('2. additional consent: "Share my email" asks Kakao for the email only; declining changes nothing', async ({
  browser,
  renderer,
}) => {
  // The app's default consent items: no email at sign-in.
  const laptop = await launchDevice(browser, renderer, 'Laptop (darwin)', { scopes: DEFAULT_SCOPES });
  await signInFromPage(laptop);
  expect(laptop.session.getState()).toMatchObject({ profile: { email: null } });
  // (Kim's sessions from earlier tests' devices are listed too: the backend keeps its data across tests.)
  const before = devicesOf(await api(laptop, 'listDevices'));
  const thisBefore = before.find((d) => d.current)!;

  // First the person declines on Kakao's consent page.
  const asked: string[] = [];
  laptop.who.will(async (page, request) => {
    asked.push(request.authorizeUrl);
    await pickTestAccount(page, KIM.id);
    await expect(page.getByTestId('consent-scopes')).toBeVisible();
    await expect(page.getByText('카카오계정(이메일)')).toBeVisible();
    await expect(page.locator('input[name="scope"][type="checkbox"]')).toHaveCount(1); // the email alone
    await page.getByTestId('consent-cancel').click();
  });
  const shareEmail = laptop.page.getByRole('button', { name: 'Share my email' });
  await expect(laptop.page.getByTestId('profile-card')).toContainText('No email');
  await shareEmail.click();
  await expect.poll(() => asked.length, { timeout: 30_000 }).toBe(1);
  await expect(shareEmail).toBeEnabled({ timeout: 30_000 }); // the request ended
  expect(laptop.who.errors).toEqual([]);
  expect(laptop.session.getState()).toMatchObject({ kind: 'signed-in', profile: { email: null } });
  await expect(laptop.page.getByTestId('profile-card')).toContainText('No email');
  await expect(laptop.page.getByRole('alert')).toHaveCount(0); // declining is not an error
  const url = new URL(asked[0]!);
  expect(url.searchParams.get('scope')).toBe('account_email,openid');
  expect(url.searchParams.get('code_challenge_method')).toBe('S256');
  expect(devicesOf(await api(laptop, 'listDevices')).map((d) => d.id)).toEqual(before.map((d) => d.id));

  // Then agrees: the profile gains the email, and this device is still listed once.
  laptop.who.will(async (page) => {
    await pickTestAccount(page, KIM.id);
    await expect(page.getByText('카카오계정(이메일)')).toBeVisible();
    await page.getByTestId('consent-agree').click();
  });
  await shareEmail.click();
  await expect(laptop.page.getByTestId('profile-card')).toContainText(KIM.email, { timeout: 30_000 });
  expect(laptop.who.errors).toEqual([]);
  expect(laptop.session.getState()).toMatchObject({
    kind: 'signed-in',
    profile: { nickname: KIM.nickname, email: KIM.email, email_verified: true },
  });
  await expect(shareEmail).toHaveCount(0); // nothing left to share
  // This device is still listed once: the new session replaced the old one, which is revoked.
  const after = devicesOf(await api(laptop, 'listDevices'));
  expect(after).toHaveLength(before.length);
  const thisAfter = after.find((d) => d.current)!;
  expect(thisAfter).toMatchObject({ deviceName: 'Laptop (darwin)' });
  expect(thisAfter.id).not.toBe(thisBefore.id);
  expect(after.map((d) => d.id)).not.toContain(thisBefore.id);
  const me = await createBackendClient({ baseUrl: system.backendUrl }).me(
    await laptop.session.getAccessToken(),
  );
  expect(me).toMatchObject({
    email: KIM.email,
    id: (laptop.session.getState() as { profile: { id: string } }).profile.id,
  });
  expect(laptop.preferences.get().lastProfile).toMatchObject({ email: KIM.email });

  // Asking again once the email is shared opens nothing.
  const pagesBefore = laptop.who.authWindow.pages.length;
  expect(await api(laptop, 'requestConsent', 'email')).toMatchObject({ ok: true });
  expect(laptop.who.authWindow.pages).toHaveLength(pagesBefore);
  await expectNoTokenCrossed(laptop, [(await laptop.vault.get(VAULT_ACCOUNTS.refreshToken))!]);
});

test('3. delete account: Kakao down keeps everything; then deleted, unlinked at Kakao, and a fresh user next time', async ({
  browser,
  renderer,
}) => {
  const laptop = await launchDevice(browser, renderer, 'Laptop (darwin)');
  await signInFromPage(laptop);
  const old = (laptop.session.getState() as Extract<SessionState, { kind: 'signed-in' }>).profile;
  const tokenBefore = await laptop.vault.get(VAULT_ACCOUNTS.refreshToken);
  const userRows = (id: string) =>
    system.database.query<{ id: string }>('account-e2e user', 'SELECT id FROM users WHERE id = $1', [id]);

  // Kakao unavailable: the backend cannot unlink, so it deletes nothing, and the desktop forgets nothing.
  await emulator('POST', 'faults', { endpoint: '/v1/user/unlink', kind: 'http_status', status: 503 });
  await laptop.page.getByRole('button', { name: 'Delete account' }).click();
  const dialog = laptop.page.getByTestId('delete-dialog');
  await expect(dialog).toContainText('Everything Kakao Desktop keeps about you on its server is deleted.');
  await expect(dialog).toContainText('This app is disconnected from your Kakao account.');
  await dialog.getByRole('button', { name: 'Delete account' }).click();
  await expect(dialog.getByTestId('delete-error')).toContainText('Your account was not deleted', {
    timeout: 30_000,
  });
  expect(laptop.session.getState()).toMatchObject({ kind: 'signed-in', profile: { id: old.id } });
  // The same refusal as main answers it: typed (the renderer words it: nothing was deleted, Kakao is down).
  const refused = await api(laptop, 'deleteAccount');
  expect(refused).toEqual({ ok: false, code: 'backend_unavailable', detail: 'kakao-unavailable' });
  expect(await laptop.vault.get(VAULT_ACCOUNTS.refreshToken)).toBe(tokenBefore);
  expect(await userRows(old.id)).toHaveLength(1);
  await emulator('DELETE', 'faults');

  // Kakao is back: confirming again deletes the account; the app shows the sign-in screen.
  await dialog.getByRole('button', { name: 'Delete account' }).click();
  await expect(laptop.page.getByTestId('sign-in-screen')).toBeVisible({ timeout: 30_000 });
  await expect(laptop.page.getByText('Your account was deleted')).toBeVisible();
  expect(laptop.session.getState()).toEqual({ kind: 'signed-out', persistence: 'keychain' });
  expect(await laptop.vault.get(VAULT_ACCOUNTS.refreshToken)).toBeNull();
  expect(await laptop.vault.get(VAULT_ACCOUNTS.pendingRevoke)).toBeNull();
  expect(laptop.preferences.get().lastProfile).toBeNull();
  expect(await userRows(old.id)).toEqual([]);
  // Kakao was asked to unlink Kim from the app (the failed try and the one that worked).
  const { requests } = (await emulator('GET', 'requests')) as {
    requests: { method: string; path: string; body: Record<string, string> }[];
  };
  const unlinks = requests.filter((r) => r.path === '/v1/user/unlink');
  expect(unlinks.length).toBeGreaterThanOrEqual(2);
  expect(unlinks.at(-1)!.body).toMatchObject({ target_id_type: 'user_id', target_id: String(KIM.id) });

  // Signing in again: Kakao asks for consent afresh (the app is no longer linked), and a new user is made.
  await signInFromPage(laptop, async (page) => {
    await pickTestAccount(page, KIM.id);
    await expect(page.getByTestId('consent-scopes')).toBeVisible();
    await page.getByTestId('consent-agree').click();
  });
  const fresh = (laptop.session.getState() as Extract<SessionState, { kind: 'signed-in' }>).profile;
  expect(fresh.kakao_id).toBe(String(KIM.id));
  expect(fresh.id).not.toBe(old.id);
  expect(Date.parse(fresh.created_at)).toBeGreaterThanOrEqual(Date.parse(old.created_at));
  expect(devicesOf(await api(laptop, 'listDevices'))).toHaveLength(1);
});
