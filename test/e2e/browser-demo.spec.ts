/**
 * `npm start`'s browser demo (scripts/demo-callback.mjs), for machines without the Electron binary: a person opens
 * one URL, signs in on the emulator's pages, and sees their profile, with the backend doing the exchange.
 */
import { createServer } from 'node:net';
import { expect, test } from '@playwright/test';
import { startDemoCallback } from '../../scripts/demo-callback.mjs';
import { DEFAULT_KAKAO_APP, type RunningSystem, startSystem } from '../helpers/system';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

let system: RunningSystem;
let demo: { url: string; close(): void };

test.beforeAll(async () => {
  const redirectUri = `http://localhost:${await freePort()}/callback`;
  system = await startSystem({ backendEnv: { ALLOWED_REDIRECT_URIS: redirectUri } });
  // Register the demo's redirect URI with the emulated Kakao app, as one would in the Kakao console.
  const apps = (await (await fetch(`${system.emulatorUrl}/__emulator/apps`)).json()) as {
    apps: Array<{ clientId: string; redirectUris: string[] }>;
  };
  const app = apps.apps.find((a) => a.clientId === DEFAULT_KAKAO_APP.clientId);
  if (!app) throw new Error('default app missing');
  const registered = await fetch(`${system.emulatorUrl}/__emulator/apps`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...app, redirectUris: [...app.redirectUris, redirectUri] }),
  });
  expect(registered.ok).toBe(true);
  demo = await startDemoCallback({
    emulatorUrl: system.emulatorUrl,
    backendUrl: system.backendUrl,
    clientId: DEFAULT_KAKAO_APP.clientId,
    redirectUri,
    scopes: 'openid profile_nickname profile_image account_email',
  });
});

test.afterAll(async () => {
  demo?.close();
  await system?.close();
});

test('a person signs in from the browser demo and sees their profile, never a token', async ({ page }) => {
  await page.goto(demo.url);
  await page.getByTestId('account-1001').click();
  await page.getByTestId('consent-agree').click();
  await expect(page.getByRole('heading', { name: '김카카오' })).toBeVisible();
  await expect(page.getByText('kim@kakao.test')).toBeVisible();
  const html = await page.content();
  expect(html).not.toMatch(/eyJ[\w-]+\.[\w-]+\./); // no JWT
  expect(html).not.toMatch(/refresh_token|access_token/);
  await page.screenshot({ path: 'screenshots/demo-signed-in.png' });

  // The backend really holds a session for it: the Kakao code was exchanged with PKCE, once.
  const log = (await (await fetch(`${system.emulatorUrl}/__emulator/requests`)).json()) as {
    requests: Array<{ path: string; body: Record<string, string> | null }>;
  };
  const exchanges = log.requests.filter((r) => r.path === '/oauth/token');
  expect(exchanges).toHaveLength(1);
  expect(exchanges[0]?.body?.code_verifier).toMatch(/^[\w-]{43}$/);
});

test('cancel on the consent page says so and offers to try again', async ({ page }) => {
  await page.goto(demo.url);
  await page.getByTestId('account-1002').click();
  await page.getByTestId('consent-cancel').click();
  await expect(page.getByRole('heading', { name: 'Sign-in cancelled' })).toBeVisible();
  await expect(page.getByRole('link', { name: /Login with Kakao/ })).toBeVisible();
});
