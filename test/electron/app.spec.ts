/**
 * The primary sign-in flow through the real Electron app (Playwright's `_electron`): the built app talks to
 * the real emulator and backend, a person logs in at Kakao in the app's own sign-in window, the main window
 * shows the profile, then signs out. Needs the Electron binary; where it is missing (our offline machines,
 * ELECTRON_SKIP_BINARY_DOWNLOAD=1) the test is skipped with the `electron-binary` annotation and one line.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ElectronApplication, _electron as electron, expect, type Page, test } from '@playwright/test';
import { DEFAULT_SCOPES } from '../../main/config';
import { DEFAULT_KAKAO_APP, REDIRECT_URI, type RunningSystem, startSystem } from '../helpers/system';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAIN_ENTRY = join(ROOT, 'out/main/index.js');
const SKIP_ANNOTATION = {
  type: 'electron-binary',
  description:
    'Electron binary not installed (ELECTRON_SKIP_BINARY_DOWNLOAD=1 / no internet): this suite runs where it exists',
};

/**
 * Why the Electron binary cannot be used here, or undefined when it can. Mirrors what `require('electron')`
 * does (node_modules/electron/path.txt names the binary under dist/) without importing it, which throws.
 */
function electronBinaryMissing(): string | undefined {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) return undefined;
  let packageDir: string;
  try {
    packageDir = dirname(createRequire(import.meta.url).resolve('electron/package.json'));
  } catch {
    return 'the electron package is not installed';
  }
  const pathFile = join(packageDir, 'path.txt');
  if (!existsSync(pathFile)) return `${pathFile} is missing (the binary was never downloaded)`;
  const binary = join(packageDir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? undefined : `${binary} is missing`;
}

const missing = electronBinaryMissing();
let system: RunningSystem | undefined;
let userDataHome: string | undefined;

test.beforeAll(async () => {
  if (missing) return;
  test.setTimeout(240_000); // the build
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
  if (missing) {
    test.info().annotations.push(SKIP_ANNOTATION);
    console.log(
      `electron suite SKIPPED: Electron binary not installed (${missing}); it runs where Electron exists.`,
    );
    test.skip(true, SKIP_ANNOTATION.description);
    return;
  }
  if (!system || !userDataHome) throw new Error('beforeAll did not start the system');

  const args = [MAIN_ENTRY, '--lang=en-US'];
  if (process.getuid?.() === 0) args.push('--no-sandbox'); // Chromium refuses to sandbox as root
  let app: ElectronApplication | undefined;
  try {
    app = await electron.launch({ args, cwd: ROOT, env: appEnvironment(system, userDataHome) });
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
