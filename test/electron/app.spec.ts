/**
 * The primary sign-in flow through the real Electron app (Playwright's `_electron`): the built app talks to
 * the real emulator and backend, a person logs in at Kakao in the app's own sign-in window, the main window
 * shows the profile, then signs out. Needs the Electron binary, which it gets as `npm start` does: downloaded on
 * first use (scripts/electron-launcher.mjs). Only when that download fails (offline machines) is the test
 * skipped, with the `electron-binary` annotation and one line saying why.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ElectronApplication, _electron as electron, expect, type Page, test } from '@playwright/test';
import { DEFAULT_SCOPES } from '../../main/config';
import { electronUnavailableLine, ensureElectronBinary } from '../../scripts/electron-launcher.mjs';
import { DEFAULT_KAKAO_APP, REDIRECT_URI, type RunningSystem, startSystem } from '../helpers/system';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAIN_ENTRY = join(ROOT, 'out/main/index.js');
const SKIP_ANNOTATION = {
  type: 'electron-binary',
  description:
    'Electron binary could not be downloaded (no internet / blocked): this suite runs where it can be',
};

let electronBinary: string | undefined;
let unavailable: string | undefined;
let system: RunningSystem | undefined;
let userDataHome: string | undefined;

test.beforeAll(async () => {
  test.setTimeout(600_000); // a first download of Electron (~100 MB), then the build
  const electron = await ensureElectronBinary();
  if (!electron.ok) {
    unavailable = electron.reason;
    return;
  }
  electronBinary = electron.binary;
  execFileSync('npx', ['electron-vite', 'build'], { cwd: ROOT, stdio: 'inherit' });
  system = await startSystem();
  userDataHome = mkdtempSync(join(tmpdir(), 'kakao-desktop-e2e-'));
});
test.afterAll(async () => {
  await system?.close();
  if (userDataHome) rmSync(userDataHome, { recursive: true, force: true });
});

/** What the app reads at start (main/config.ts), pointing it at this run's emulator and backend. */
function appEnvironment(running: RunningSystem, home: string): Record<string, string> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
  return {
    ...inherited,
    BACKEND_URL: running.backendUrl,
    KAKAO_AUTH_BASE_URL: running.emulatorUrl,
    KAKAO_CLIENT_ID: DEFAULT_KAKAO_APP.clientId,
    REDIRECT_URI,
    KAKAO_SCOPES: [...DEFAULT_SCOPES, 'account_email'].join(','),
    LANG: 'en_US.UTF-8',
    // Linux: electron-store's file (userData) goes to a throwaway folder, not the developer's ~/.config.
    XDG_CONFIG_HOME: home,
    // Never write into the developer's real keychain: the app keeps the refresh token for this run only
    // (persistence 'memory'), as on a machine without a keychain.
    KAKAO_DESKTOP_VAULT: 'none',
  };
}

const kakaoButton = (page: Page) => page.getByRole('button', { name: /^(Login with Kakao|카카오 로그인)$/ });

test('sign in with Kakao in the app window, see the profile, sign out', async () => {
  if (unavailable !== undefined) {
    test.info().annotations.push(SKIP_ANNOTATION);
    console.log(`electron suite SKIPPED: ${electronUnavailableLine(unavailable)}`);
    test.skip(true, SKIP_ANNOTATION.description);
    return;
  }
  if (!electronBinary || !system || !userDataHome) throw new Error('beforeAll did not start the system');

  const args = [MAIN_ENTRY, '--lang=en-US'];
  if (process.getuid?.() === 0) args.push('--no-sandbox'); // Chromium refuses to sandbox as root
  let app: ElectronApplication | undefined;
  try {
    app = await electron.launch({
      executablePath: electronBinary,
      args,
      cwd: ROOT,
      env: appEnvironment(system, userDataHome),
    });
    const mainWindow = await app.firstWindow();
    await expect(kakaoButton(mainWindow)).toBeEnabled();

    const signInWindow = app.waitForEvent('window');
    await kakaoButton(mainWindow).click();
    const kakao = await signInWindow;
    await expect(kakao.getByRole('heading', { name: /카카오계정으로 로그인/ })).toBeVisible();
    await kakao.getByLabel(/Email/).fill('kim@kakao.test');
    await kakao.getByLabel(/Password/).fill('password');
    await kakao.getByRole('button', { name: /로그인 · Log in/ }).click();
    await expect(kakao.getByTestId('consent-scopes')).toBeVisible();
    await kakao.getByTestId('consent-agree').click();

    // The app intercepts the redirect, the backend exchanges the code, the main window shows who signed in.
    const profile = mainWindow.getByTestId('profile-card');
    await expect(profile).toContainText('김카카오');
    await expect(profile).toContainText('kim@kakao.test');

    await profile.getByRole('button', { name: /Sign out|로그아웃/ }).click();
    await expect(kakaoButton(mainWindow)).toBeVisible();
    await expect(mainWindow.getByTestId('profile-card')).toHaveCount(0);
  } finally {
    await app?.close();
  }
});
