/**
 * System-browser sign-in end to end (RFC 8252 §7.3): the real SessionManager in this Node process with the
 * production loopback opener (main/system-browser/) on a port of this run's own, registered at the real Kakao
 * emulator and allowed by the real backend (PGlite), over HTTP. Chromium plays the user's default browser:
 * `openExternal` opens a new tab there, like `shell.openExternal` would, and the person signs in on the
 * emulator's pages in that tab. Kakao's redirect then really travels browser → loopback socket.
 */
import { createServer } from 'node:net';
import type { SessionState } from '@kakao-desktop/contract';
import { type BrowserContext, test as base, expect, type Page } from '@playwright/test';
import { createBackendClient } from '../../main/backend/backend-client';
import { DEFAULT_SCOPES } from '../../main/config';
import { SessionManager } from '../../main/session/session-manager';
import { createSystemBrowserOpener } from '../../main/system-browser/system-browser-opener';
import { VAULT_ACCOUNTS } from '../../main/vault/vault';
import { emulatorAuth } from '../helpers/desktop-session';
import { MemoryPreferences } from '../helpers/fakes/memory-preferences';
import { MemoryVault } from '../helpers/fakes/memory-vault';
import { freeLoopbackPort } from '../helpers/free-port';
import { logInWithPassword } from '../helpers/kakao-person';
import { type RunningSystem, startSystem } from '../helpers/system';
import { emulatorControl } from '../helpers/system-requests';

const KIM = { id: 1001, email: 'kim@kakao.test', nickname: '김카카오' } as const;

/** Every test: the user's browser (a fresh context) and the app, started (signed out), both closed after it. */
const test = base.extend<{ user: UserBrowser; desktop: Desktop }>({
  user: async ({ browser }, use) => {
    const context = await browser.newContext({ locale: 'ko-KR' });
    await use(defaultBrowser(context));
    await context.close();
  },
  desktop: async ({ user }, use) => {
    const desktop = launchDesktop(user);
    await desktop.session.start();
    await use(desktop);
    await desktop.session.dispose();
  },
});

let system: RunningSystem;
let redirectUri: string;
let port: number;

test.beforeAll(async () => {
  test.setTimeout(120_000); // PGlite's first start alone can take half a minute on a busy 2-core machine
  port = await freeLoopbackPort();
  redirectUri = `http://127.0.0.1:${port}/callback`;
  system = await startSystem({ extraRedirectUris: [redirectUri] });
});
test.afterAll(async () => {
  await system?.close();
});

test.beforeEach(async () => {
  // Every test meets a Kakao that has never seen it: no sessions, no earlier consents.
  await emulatorControl(system, 'POST', 'reset');
});

/** The user's default browser: every URL the app opens becomes a new tab of this context. */
function defaultBrowser(context: BrowserContext) {
  const opened: string[] = [];
  const waiting: ((page: Page) => void)[] = [];
  const tabs: Page[] = [];
  return {
    context,
    opened,
    /** As `shell.openExternal`: resolves once the browser has the URL, not when the page has loaded. */
    async openExternal(url: string): Promise<void> {
      opened.push(url);
      const page = await context.newPage();
      tabs.push(page);
      void page.goto(url).catch(() => {}); // a load cut short by the test's end is not this test's concern
      waiting.shift()?.(page);
    },
    /** The tab the next openExternal opens (or the last one, if it is already open). */
    nextTab(): Promise<Page> {
      return new Promise((resolve) => waiting.push(resolve));
    },
  };
}
type UserBrowser = ReturnType<typeof defaultBrowser>;

/** The desktop app's main process with the production system-browser opener, opening tabs in `user`'s browser. */
function launchDesktop(user: UserBrowser) {
  const vault = new MemoryVault();
  const session = new SessionManager({
    backend: createBackendClient({ baseUrl: system.backendUrl, timeoutMs: 5000 }),
    vault,
    preferences: new MemoryPreferences(),
    openAuthWindow: createSystemBrowserOpener({ openExternal: user.openExternal, timeoutMs: 60_000 }),
    signInSurface: 'browser',
    auth: emulatorAuth(system, { redirectUri, scopes: DEFAULT_SCOPES }),
    deviceName: 'e2e (system browser)',
  });
  const states: SessionState[] = [];
  session.subscribe((state) => states.push(state));
  return { session, vault, states };
}
type Desktop = ReturnType<typeof launchDesktop>;

/** Starts a sign-in and waits for the tab it opens in the user's browser. */
async function signInFromApp(desktop: Desktop, user: UserBrowser) {
  const tabOpened = user.nextTab();
  const signingIn = desktop.session.signIn();
  return { signingIn, tab: await tabOpened };
}

/** Kim logs in on Kakao's page in `tab` and agrees to what it asks. */
async function kimSignsInAtKakao(tab: Page): Promise<void> {
  await logInWithPassword(tab, KIM.email);
  await tab.getByTestId('consent-agree').click();
}

/** Is anything listening on the registered port? The listener must live for one attempt only. */
function portIsOpen(): Promise<boolean> {
  return fetch(redirectUri).then(
    () => true,
    () => false,
  );
}

test('sign in in the default browser: login + consent there, the tab says close me, the app is signed in', async ({
  user,
  desktop,
}) => {
  expect(await portIsOpen()).toBe(false);

  const { signingIn, tab } = await signInFromApp(desktop, user);
  expect(desktop.session.getState()).toEqual({ kind: 'signing-in', persistence: 'keychain', via: 'browser' });
  const authorize = new URL(user.opened[0]!);
  expect(authorize.origin).toBe(system.emulatorUrl);
  expect(authorize.searchParams.get('redirect_uri')).toBe(redirectUri);
  expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');

  const callback = tab.waitForResponse((response) => response.url().startsWith(redirectUri));
  await kimSignsInAtKakao(tab);

  const result = await signingIn;
  expect(result).toMatchObject({ ok: true, value: { kind: 'signed-in' } });
  expect(desktop.session.getState()).toMatchObject({
    kind: 'signed-in',
    profile: { kakao_id: String(KIM.id), nickname: KIM.nickname },
  });
  expect(desktop.states.map((s) => s.kind)).toEqual(['signed-out', 'signing-in', 'signed-in']);
  expect(await desktop.vault.get(VAULT_ACCOUNTS.refreshToken)).toEqual(expect.any(String));

  // The browser came back to our listener and shows the small close-this-tab page, without the code.
  const answer = await callback;
  expect(answer.status()).toBe(200);
  expect(answer.headers()['cache-control']).toBe('no-store');
  expect(answer.headers()['content-security-policy']).toMatch(/^default-src 'none'/);
  await expect(tab.getByRole('heading', { name: 'Kakao Desktop으로 돌아가세요' })).toBeVisible();
  await expect(tab.getByText('You can close this tab.')).toBeVisible();
  const code = new URL(tab.url()).searchParams.get('code');
  expect(code).toEqual(expect.any(String));
  expect(await tab.content()).not.toContain(code!);
  // One attempt, one listener: the port is free again.
  expect(await portIsOpen()).toBe(false);
});

test('declining at Kakao in the browser: signed out without a problem, the tab says cancelled', async ({
  user,
  desktop,
}) => {
  const { signingIn, tab } = await signInFromApp(desktop, user);
  await logInWithPassword(tab, KIM.email);
  await tab.getByTestId('consent-cancel').click();

  expect(await signingIn).toMatchObject({ ok: false, code: 'cancelled' });
  expect(desktop.session.getState()).toEqual({ kind: 'signed-out', persistence: 'keychain' });
  await expect(tab.getByRole('heading', { name: 'Sign-in was cancelled' })).toBeVisible();
  expect(await desktop.vault.get(VAULT_ACCOUNTS.refreshToken)).toBeNull();
  expect(await portIsOpen()).toBe(false);
});

test('the browser keeps its own Kakao session: sign-out does not touch it, the next sign-in skips the login form', async ({
  user,
  desktop,
}) => {
  const first = await signInFromApp(desktop, user);
  await kimSignsInAtKakao(first.tab);
  expect(await first.signingIn).toMatchObject({ ok: true });
  await desktop.session.signOut();
  expect(desktop.session.getState()).toMatchObject({ kind: 'signed-out' });

  // Same browser, Kakao still knows the user there (already agreed, too): straight back to the app. Nobody
  // acts in this tab, so a login form or consent page here would leave the sign-in hanging and fail the test.
  const second = await signInFromApp(desktop, user);
  expect(await second.signingIn).toMatchObject({ ok: true, value: { profile: { nickname: KIM.nickname } } });
  await expect(second.tab.getByRole('heading', { name: 'Return to Kakao Desktop' })).toBeVisible();
});

test('a redirect without this attempt’s state, opened in another tab, is ignored; the real one still signs in', async ({
  user,
  desktop,
}) => {
  const { signingIn, tab } = await signInFromApp(desktop, user);
  // Whatever a web page can make the browser visit: a forged code with another state.
  const forged = await user.context.newPage();
  const forgedAnswer = await forged.goto(`${redirectUri}?code=FORGED&state=not-ours`);
  expect(forgedAnswer?.status()).toBe(400);
  await expect(forged.getByRole('heading', { name: 'This is not a sign-in in progress' })).toBeVisible();
  expect(desktop.session.getState()).toMatchObject({ kind: 'signing-in', via: 'browser' });

  await kimSignsInAtKakao(tab);
  expect(await signingIn).toMatchObject({ ok: true, value: { kind: 'signed-in' } });
});

test('the registered port taken by another program: a clear problem, no browser tab, nothing else changes', async ({
  user,
  desktop,
}) => {
  const squatter = createServer();
  await new Promise<void>((resolve) => squatter.listen({ host: '127.0.0.1', port }, resolve));
  const result = await desktop.session
    .signIn()
    .finally(() => new Promise((resolve) => squatter.close(resolve)));
  expect(result).toEqual({ ok: false, code: 'system_browser_unavailable', detail: 'port-in-use' });
  expect(desktop.session.getState()).toMatchObject({
    kind: 'signed-out',
    problem: { code: 'system_browser_unavailable' },
  });
  expect(user.opened).toEqual([]);
});
