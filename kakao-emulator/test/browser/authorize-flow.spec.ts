import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { type RunningEmulator, startEmulator } from 'kakao-emulator';

// Real Chromium against the real emulator: the page flow a desktop user sees, with the redirect
// caught by request interception exactly as the desktop app's auth window will do.
const SCREENSHOTS = fileURLToPath(new URL('../../../screenshots/', import.meta.url));
const CLIENT_ID = 'kakao-desktop-dev';
const REDIRECT_URI = 'http://localhost:9021/callback';

let emulator: RunningEmulator;
test.beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  emulator = await startEmulator({ port: 0 });
});
test.afterAll(async () => {
  await emulator?.close();
});

test('login → consent → intercepted redirect → PKCE token exchange → /v2/user/me', async ({ page }) => {
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const state = randomBytes(8).toString('hex');

  let redirected: URL | undefined;
  await page.route(`${REDIRECT_URI}**`, async (route) => {
    redirected = new URL(route.request().url());
    await route.fulfill({ status: 200, contentType: 'text/html', body: '<p>captured</p>' });
  });

  const authorize = new URL('/oauth/authorize', emulator.url);
  for (const [key, value] of Object.entries({
    client_id: CLIENT_ID,
    redirect_uri: REDIRECT_URI,
    response_type: 'code',
    scope: 'profile_nickname profile_image account_email openid',
    state,
    nonce: 'n-1',
    code_challenge: challenge,
    code_challenge_method: 'S256',
  })) {
    authorize.searchParams.set(key, value);
  }
  await page.goto(authorize.toString());

  // Login page
  await expect(page.getByRole('heading', { name: /카카오계정으로 로그인/ })).toBeVisible();
  await expect(page.getByTestId('emulator-badge')).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}emulator-login.png`, fullPage: true });
  await page.getByLabel(/Email/).fill('kim@kakao.test');
  await page.getByLabel(/Password/).fill('password');
  await page.getByRole('button', { name: /로그인 · Log in/ }).click();

  // Consent page
  await expect(page.getByTestId('consent-scopes')).toBeVisible();
  await expect(page.getByText('카카오계정(이메일)')).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}emulator-consent.png`, fullPage: true });
  await page.getByTestId('consent-agree').click();

  await expect.poll(() => redirected?.toString()).toBeTruthy();
  expect(redirected!.origin + redirected!.pathname).toBe(REDIRECT_URI);
  expect(redirected!.searchParams.get('state')).toBe(state);
  const code = redirected!.searchParams.get('code');
  expect(code).toBeTruthy();

  const tokenResponse = await fetch(`${emulator.url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: CLIENT_ID,
      client_secret: 'dev-client-secret',
      redirect_uri: REDIRECT_URI,
      code: code!,
      code_verifier: verifier,
    }).toString(),
  });
  expect(tokenResponse.status).toBe(200);
  const tokens = (await tokenResponse.json()) as {
    access_token: string;
    id_token?: string;
    token_type: string;
  };
  expect(tokens.token_type).toBe('bearer');
  expect(tokens.id_token).toBeTruthy();

  const meResponse = await fetch(`${emulator.url}/v2/user/me`, {
    headers: { authorization: `Bearer ${tokens.access_token}` },
  });
  expect(meResponse.status).toBe(200);
  const me = (await meResponse.json()) as {
    id: number;
    kakao_account: { email?: string; profile?: { nickname?: string }; email_needs_agreement?: boolean };
  };
  expect(me.id).toBe(1001);
  expect(me.kakao_account.profile?.nickname).toBe('김카카오');
  expect(me.kakao_account.email).toBe('kim@kakao.test');
  expect(me.kakao_account.email_needs_agreement).toBe(false);
});

test('configuration errors and the account chooser are readable pages', async ({ page }) => {
  await page.goto(
    `${emulator.url}/oauth/authorize?client_id=${CLIENT_ID}&redirect_uri=http%3A%2F%2Fevil.test%2F&response_type=code`,
  );
  await expect(page.getByTestId('error-code')).toContainText('KOE006');
  await expect(page.getByTestId('emulator-badge')).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}emulator-error-koe006.png`, fullPage: true });

  await page.route(`${REDIRECT_URI}**`, (route) => route.fulfill({ status: 200, body: 'captured' }));
  const base = `${emulator.url}/oauth/authorize?client_id=${CLIENT_ID}&redirect_uri=${encodeURIComponent(REDIRECT_URI)}&response_type=code`;
  await page.goto(base);
  await page.getByTestId('account-1002').click();
  await page.getByTestId('consent-agree').click();
  await page.waitForURL(`${REDIRECT_URI}**`);
  await page.goto(`${base}&prompt=select_account`);
  await expect(page.getByTestId('account-1002')).toBeVisible();
  await expect(page.getByTestId('use-another-account')).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}emulator-select-account.png`, fullPage: true });
});
