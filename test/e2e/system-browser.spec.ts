/**
 * System-browser sign-in end to end (RFC 8252 §7.3): the real SessionManager in this Node process with the
 * production loopback opener (main/system-browser/) on a port of this run's own, registered at the real Kakao
 * emulator and allowed by the real backend (PGlite), over HTTP. Chromium plays the user's default browser:
 * `openExternal` opens a new tab there, like `shell.openExternal` would, and the person signs in on the
 * emulator's pages in that tab. Kakao's redirect then really travels browser → loopback socket.
 */
import { createServer } from 'node:net';
import type { SessionState } from '@kakao-desktop/contract';
import { type Browser, type BrowserContext, expect, type Page, test } from '@playwright/test';
import { createBackendClient } from '../../main/backend/backend-client';
import { DEFAULT_SCOPES } from '../../main/config';
import { SessionManager } from '../../main/session/session-manager';
import { createSystemBrowserOpener } from '../../main/system-browser/system-browser-opener';
import { VAULT_ACCOUNTS } from '../../main/vault/vault';
import { MemoryPreferences } from '../helpers/fakes/memory-preferences';
import { MemoryVault } from '../helpers/fakes/memory-vault';
import { freeLoopbackPort } from '../helpers/free-port';
import { logInWithPassword } from '../helpers/kakao-person';
import { DEFAULT_KAKAO_APP, type RunningSystem, startSystem } from '../helpers/system';

const KIM = { id: 1001, email: 'kim@kakao.test', nickname: '김카카오' } as const;

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

const cleanups: (() => Promise<unknown> | unknown)[] = [];
test.beforeEach(async () => {
  // Every test meets a Kakao that has never seen it: no sessions, no earlier consents.
  const reset = await fetch(`${system.emulatorUrl}/__emulator/reset`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
  });
  expect(reset.ok).toBe(true);
});
test.afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The user's default browser: every URL the app opens becomes a new tab of this context. */
function defaultBrowser(context: BrowserContext) {
  const opened: string[] = [];
  const waiting: ((page: Page) => void)[] = [];
  const tabs: Page[] = [];
  return {
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

function launchDesktop(openExternal: (url: string) => Promise<void>) {
  const vault = new MemoryVault();
  const session = new SessionManager({
    backend: createBackendClient({ baseUrl: system.backendUrl, timeoutMs: 5000 }),
    vault,
    preferences: new MemoryPreferences(),
    openAuthWindow: createSystemBrowserOpener({ openExternal, timeoutMs: 60_000 }),
    signInSurface: 'browser',
    auth: {
      clientId: DEFAULT_KAKAO_APP.clientId,
      authBaseUrl: system.emulatorUrl,
      redirectUri,
      scopes: [...DEFAULT_SCOPES],
    },
    deviceName: 'e2e (system browser)',
  });
  const states: SessionState[] = [];
  session.subscribe((state) => states.push(state));
  cleanups.push(() => session.dispose());
  return { session, vault, states };
}

async function userBrowser(browser: Browser) {
  const context = await browser.newContext({ locale: 'ko-KR' });
  cleanups.push(() => context.close());
  return { context, ...defaultBrowser(context) };
}

/** Is anything listening on the registered port? The listener must live for one attempt only. */
function portIsOpen(): Promise<boolean> {
  return fetch(redirectUri).then(
    () => true,
    () => false,
  );
}

test('sign in in the default browser: login + consent there, the tab says close me, the app is signed in', async ({
  browser,
}) => {
  const user = await userBrowser(browser);
  const desktop = launchDesktop(user.openExternal);
  await desktop.session.start();
  expect(await portIsOpen()).toBe(false);

  const tabOpened = user.nextTab();
  const signingIn = desktop.session.signIn();
  const tab = await tabOpened;
  expect(desktop.session.getState()).toEqual({ kind: 'signing-in', persistence: 'keychain', via: 'browser' });
  const authorize = new URL(user.opened[0]!);
  expect(authorize.origin).toBe(system.emulatorUrl);
  expect(authorize.searchParams.get('redirect_uri')).toBe(redirectUri);
  expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');

  const callback = tab.waitForResponse((response) => response.url().startsWith(redirectUri));
  await logInWithPassword(tab, KIM.email);
  await tab.getByTestId('consent-agree').click();

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
  browser,
}) => {
  const user = await userBrowser(browser);
  const desktop = launchDesktop(user.openExternal);
  await desktop.session.start();

  const tabOpened = user.nextTab();
  const signingIn = desktop.session.signIn();
  const tab = await tabOpened;
  await logInWithPassword(tab, KIM.email);
  await tab.getByTestId('consent-cancel').click();

  expect(await signingIn).toMatchObject({ ok: false, code: 'cancelled' });
  expect(desktop.session.getState()).toEqual({ kind: 'signed-out', persistence: 'keychain' });
  await expect(tab.getByRole('heading', { name: 'Sign-in was cancelled' })).toBeVisible();
  expect(await desktop.vault.get(VAULT_ACCOUNTS.refreshToken)).toBeNull();
  expect(await portIsOpen()).toBe(false);
});

test('the browser keeps its own Kakao session: sign-out does not touch it, the next sign-in skips the login form', async ({
  browser,
}) => {
  const user = await userBrowser(browser);
  const desktop = launchDesktop(user.openExternal);
  await desktop.session.start();

  const first = user.nextTab();
  const signingIn = desktop.session.signIn();
  const firstTab = await first;
  await logInWithPassword(firstTab, KIM.email);
  await firstTab.getByTestId('consent-agree').click();
  expect(await signingIn).toMatchObject({ ok: true });
  await desktop.session.signOut();
  expect(desktop.session.getState()).toMatchObject({ kind: 'signed-out' });

  // Same browser, Kakao still knows the user there (already agreed, too): straight back to the app. Nobody
  // acts in this tab, so a login form or consent page here would leave the sign-in hanging and fail the test.
  const second = user.nextTab();
  const again = desktop.session.signIn();
  const secondTab = await second;
  expect(await again).toMatchObject({ ok: true, value: { profile: { nickname: KIM.nickname } } });
  await expect(secondTab.getByRole('heading', { name: 'Return to Kakao Desktop' })).toBeVisible();
});

test('a redirect without this attempt’s state, opened in another tab, is ignored; the real one still signs in', async ({
  browser,
}) => {
  const user = await userBrowser(browser);
  const desktop = launchDesktop(user.openExternal);
  await desktop.session.start();

  const tabOpened = user.nextTab();
  const signingIn = desktop.session.signIn();
  const tab = await tabOpened;
  // Whatever a web page can make the browser visit: a forged code with another state.
  const forged = await user.context.newPage();
  const forgedAnswer = await forged.goto(`${redirectUri}?code=FORGED&state=not-ours`);
  expect(forgedAnswer?.status()).toBe(400);
  await expect(forged.getByRole('heading', { name: 'This is not a sign-in in progress' })).toBeVisible();
  expect(desktop.session.getState()).toMatchObject({ kind: 'signing-in', via: 'browser' });

  await logInWithPassword(tab, KIM.email);
  await tab.getByTestId('consent-agree').click();
  expect(await signingIn).toMatchObject({ ok: true, value: { kind: 'signed-in' } });
});

test('the registered port taken by another program: a clear problem, no browser tab, nothing else changes', async ({
  browser,
}) => {
  const user = await userBrowser(browser);
  const desktop = launchDesktop(user.openExternal);
  await desktop.session.start();
  const squatter = createServer();
  await new Promise<void>((resolve) => squatter.listen({ host: '127.0.0.1', port }, resolve));
  cleanups.push(() => new Promise((resolve) => squatter.close(resolve)));

  const result = await desktop.session.signIn();
  expect(result).toEqual({ ok: false, code: 'system_browser_unavailable', detail: 'port-in-use' });
  expect(desktop.session.getState()).toMatchObject({
    kind: 'signed-out',
    problem: { code: 'system_browser_unavailable' },
  });
  expect(user.opened).toEqual([]);
});
