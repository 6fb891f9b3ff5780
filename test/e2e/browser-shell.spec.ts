/**
 * The browser shell (main/browser-shell/) as a person uses it where Electron cannot run: the real renderer
 * build in a Chromium tab, `window.api` from the page-side bridge over HTTP + SSE, the real SessionManager
 * with system-browser sign-in (Kakao's page in a second tab, the redirect caught on a loopback listener), the
 * real backend and the Kakao emulator. Then everything that reached the app's page is scanned for tokens, and
 * a foreign web page tries to drive the bridge.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { format } from 'node:util';
import type { KakaoExchangeRequest, TokenResponse } from '@kakao-desktop/contract';
import { type BrowserContext, expect, type Page, test } from '@playwright/test';
import { build, type InlineConfig } from 'vite';
import { rendererConfig } from '../../electron.vite.config';
import { createBackendClient } from '../../main/backend/backend-client';
import { type BrowserShell, startBrowserShell } from '../../main/browser-shell/browser-shell';
import { createFilePreferences } from '../../main/preferences/file-preferences';
import { createSystemBrowserOpener } from '../../main/system-browser/system-browser-opener';
import { VAULT_ACCOUNTS } from '../../main/vault/vault';
import { compileBrowserBridge } from '../../scripts/browser-shell-assets.mjs';
import { emulatorAuth } from '../helpers/desktop-session';
import { MemoryVault } from '../helpers/fakes/memory-vault';
import { freeLoopbackPort } from '../helpers/free-port';
import { agreeIfAsked, logInWithPassword } from '../helpers/kakao-person';
import { findLeaks, type ScanSource, SecretBook } from '../helpers/secret-scan';
import { type RunningSystem, startSystem } from '../helpers/system';
import { expectRefreshRevoked } from '../helpers/system-requests';

const KIM = { email: 'kim@kakao.test', nickname: '김카카오' } as const;
const KEY = 'e2e-shell-key-0123456789abcdefghijklmnopqrstuv';

let system: RunningSystem;
let redirectUri: string;
let rendererDir: string;
let userData: string;
let bridgeScript: string;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  // The loopback listener's port is part of the registered redirect URI, as at Kakao.
  redirectUri = `http://127.0.0.1:${await freeLoopbackPort()}/callback`;
  // The backend allows that one redirect only: the shell never uses the desktop window's.
  system = await startSystem({
    extraRedirectUris: [redirectUri],
    backendEnv: { ALLOWED_REDIRECT_URIS: redirectUri },
  });
  // The production renderer build (strict CSP and all), as scripts/start.mjs makes it.
  rendererDir = await mkdtemp(join(tmpdir(), 'kakao-desktop-shell-renderer-'));
  const config = { ...rendererConfig, configFile: false, logLevel: 'warn' } as InlineConfig;
  await build({ ...config, build: { ...config.build, outDir: rendererDir, emptyOutDir: true } });
  bridgeScript = await compileBrowserBridge();
  userData = await mkdtemp(join(tmpdir(), 'kakao-desktop-shell-data-'));
});

test.afterAll(async () => {
  await system?.close();
  if (rendererDir) await rm(rendererDir, { recursive: true, force: true });
  if (userData) await rm(userData, { recursive: true, force: true });
});

/** What the app's tab held: DOM, Web Storage, cookies (run in the page as strings: no DOM types here). */
async function dumpPage(page: Page, context: BrowserContext, moment: string): Promise<ScanSource[]> {
  const storage = (name: string) =>
    page.evaluate(`JSON.stringify(Object.entries(${name}))`) as Promise<string>;
  return [
    { where: `page DOM (${moment})`, text: await page.content() },
    { where: `page URL (${moment})`, text: page.url() },
    { where: `page localStorage (${moment})`, text: await storage('localStorage') },
    { where: `page sessionStorage (${moment})`, text: await storage('sessionStorage') },
    { where: `cookies (${moment})`, text: JSON.stringify(await context.cookies()) },
  ];
}

/** Reads a shell's event stream as the page gets it, into `into`, until the shell closes. */
async function recordEvents(shell: BrowserShell, into: string[]): Promise<void> {
  const response = await fetch(`${shell.origin}/api/events?k=${KEY}`);
  expect(response.status).toBe(200);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  void (async () => {
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        into.push(decoder.decode(value));
      }
    } catch {
      // the shell closed
    }
  })();
}

test('a person uses the app in a browser tab: sign in, reload, relaunch, outage, sign out — no token in the page', async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const http = createBackendClient({ baseUrl: system.backendUrl, timeoutMs: 5000 });
  const issued: TokenResponse[] = [];
  const exchanges: KakaoExchangeRequest[] = [];
  const backend = {
    exchange: async (request: KakaoExchangeRequest) => {
      exchanges.push(request);
      const tokens = await http.exchange(request);
      issued.push(tokens);
      return tokens;
    },
    refresh: async (token: string) => {
      const tokens = await http.refresh(token);
      issued.push(tokens);
      return tokens;
    },
    logout: (token: string) => http.logout(token),
    // The signed-in page lists the devices (account panel): the real calls.
    sessions: http.sessions,
    deleteSession: http.deleteSession,
    deleteMe: http.deleteMe,
  };
  const vault = new MemoryVault(); // the keychain, kept across relaunches as the OS keeps it
  const preferences = createFilePreferences(userData);
  const shellLog: string[] = [];
  const events: string[] = [];
  const launch = async () => {
    const shell = await startBrowserShell({
      backend,
      vault,
      preferences,
      auth: emulatorAuth(system, { redirectUri }),
      createOpener: (openExternal) => createSystemBrowserOpener({ openExternal, timeoutMs: 60_000 }),
      rendererDir,
      bridgeScript,
      port: 0,
      key: KEY,
      deviceName: 'e2e browser shell',
      appInfo: { name: 'kakao-desktop', version: '0.0.0-test' },
      log: (event, details) => shellLog.push(format(`[shell] ${event}`, details ?? '')),
    });
    await recordEvents(shell, events);
    return shell;
  };

  let shell = await launch();
  const context = await browser.newContext({ locale: 'en-US' });
  // Nothing leaves the machine: profile pictures on Kakao's CDN get a blank image.
  await context.route(
    (url) => !['127.0.0.1', 'localhost'].includes(url.hostname),
    (route) =>
      route.fulfill({ contentType: 'image/svg+xml', body: '<svg xmlns="http://www.w3.org/2000/svg"/>' }),
  );
  const apiAnswers: string[] = [];
  const consoleLines: string[] = [];
  try {
    const page = await context.newPage();
    page.on('console', (message) => consoleLines.push(`${message.type()}: ${message.text()}`));
    page.on('pageerror', (error) => consoleLines.push(`pageerror: ${error.message}`));
    page.on('response', (response) => {
      if (new URL(response.url()).pathname.startsWith('/api/session') || response.url().includes('/api/pref'))
        void response.text().then(
          (text) => apiAnswers.push(text),
          () => {},
        );
    });

    // --- Open the printed URL: the key leaves the address bar at once ---
    await page.goto(shell.launchUrl);
    await expect(page.getByTestId('sign-in-screen')).toBeVisible();
    expect(page.url()).toBe(`${shell.origin}/`);

    // --- Sign in: Kakao opens in a second tab, the loopback listener catches the redirect ---
    const kakaoTab = context.waitForEvent('page');
    await page.getByRole('button', { name: 'Login with Kakao' }).click();
    const kakao = await kakaoTab;
    expect(new URL(kakao.url()).origin).toBe(system.emulatorUrl);
    await logInWithPassword(kakao, KIM.email);
    await agreeIfAsked(kakao);
    await expect(kakao.getByText('You can close this tab.')).toBeVisible();
    await expect(page.getByTestId('profile-card')).toContainText(KIM.nickname);
    await expect(page.getByTestId('profile-card')).toContainText(KIM.email);
    expect(exchanges[0]?.redirect_uri).toBe(redirectUri);

    // --- Reload: the same session, the page reconnects with the key it kept for this tab ---
    await page.reload();
    await expect(page.getByTestId('profile-card')).toContainText(KIM.nickname);

    // --- Relaunch: refresh on launch from the keychain, no new sign-in ---
    const beforeRelaunch = await vault.get(VAULT_ACCOUNTS.refreshToken);
    await shell.close();
    shell = await launch();
    await page.goto(shell.launchUrl);
    await expect(page.getByTestId('profile-card')).toContainText(KIM.nickname);
    await expect.poll(() => vault.get(VAULT_ACCOUNTS.refreshToken)).not.toBe(beforeRelaunch);
    expect(exchanges).toHaveLength(1);

    // --- Backend down at launch: offline banner with the cached profile, then it recovers on its own ---
    await shell.close();
    await system.stopBackend();
    shell = await launch();
    await page.goto(shell.launchUrl);
    await expect(page.getByTestId('offline')).toBeVisible();
    await expect(page.getByTestId('profile-card')).toContainText(KIM.nickname);
    await system.startBackend();
    await expect(page.getByTestId('offline')).toBeHidden({ timeout: 30_000 });
    await expect(page.getByTestId('profile-card')).toContainText(KIM.nickname);
    expect(shell.session.getState().kind).toBe('signed-in');

    // --- Another web page cannot drive the bridge (CSRF): refused, nothing changes ---
    const foreign = await context.newPage();
    await foreign.goto(`${system.emulatorUrl}/.well-known/openid-configuration`);
    const attempts = await foreign.evaluate(async (url) => {
      const tries: RequestInit[] = [
        { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: '[]' },
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-shell-key': 'guess' },
          body: '[]',
        },
      ];
      const out: string[] = [];
      for (const init of tries) {
        try {
          const response = await fetch(url, init);
          out.push(`${response.type} ${response.status}`);
        } catch {
          out.push('blocked');
        }
      }
      return out;
    }, `${shell.origin}/api/session:sign-out`);
    expect(attempts).toEqual(['opaque 0', 'blocked']); // refused at the server; the preflight is not answered
    expect(shellLog.join('\n')).toContain('refused a call: foreign_origin');
    expect(shell.session.getState().kind).toBe('signed-in');
    await foreign.close();

    const signedIn = await dumpPage(page, context, 'signed in');

    // --- Sign out from the page: back to the sign-in screen, the session revoked at the backend ---
    const refreshToken = await vault.get(VAULT_ACCOUNTS.refreshToken);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByTestId('sign-in-screen')).toBeVisible();
    await expect.poll(() => vault.get(VAULT_ACCOUNTS.pendingRevoke)).toBeNull();
    await expectRefreshRevoked(system, refreshToken);

    // --- The leak scan: every token and PKCE secret of the run, everywhere the page saw ---
    const secrets = new SecretBook();
    for (const tokens of issued) {
      secrets.add('our access token', tokens.access_token);
      secrets.add('our refresh token', tokens.refresh_token);
    }
    for (const exchange of exchanges) {
      secrets.add('authorization code', exchange.code);
      secrets.add('code_verifier', exchange.code_verifier);
    }
    expect(secrets.names().length).toBeGreaterThanOrEqual(6);
    const stream = events.join('');
    const sources: ScanSource[] = [
      ...signedIn,
      ...(await dumpPage(page, context, 'signed out')),
      { where: 'the event stream', text: stream },
      { where: 'answers to the page’s calls', text: apiAnswers.join('\n') },
      { where: 'page console', text: consoleLines.join('\n') },
      { where: 'shell log', text: shellLog.join('\n') },
    ];
    // The scan looked at real content: the profile crossed in the stream, the calls and the DOM.
    expect(stream).toContain(KIM.nickname);
    expect(stream).toContain('"kind":"signed-out"');
    expect(apiAnswers.join('\n')).toContain('"kind"');
    expect(signedIn[0]!.text).toContain(KIM.nickname);
    expect(findLeaks(secrets, sources)).toEqual([]);
    // The key stays out of what a server or a log sees: not in the address bar, not in the shell's log.
    expect(page.url()).not.toContain(KEY);
    expect(shellLog.join('\n')).not.toContain(KEY);
    // The test closes the shell under the open page (relaunch, outage), so the browser itself logs the event
    // stream's reconnects to a closed port; any other error, or any error of the page's own code, fails the test.
    const shellClosedUnderThePage = /^error: Failed to load resource: net::ERR_CONNECTION_(REFUSED|RESET)$/;
    expect(
      consoleLines.filter(
        (line) =>
          (line.startsWith('error') || line.startsWith('pageerror')) && !shellClosedUnderThePage.test(line),
      ),
    ).toEqual([]);
  } finally {
    await context.close();
    await shell.close();
  }
});
