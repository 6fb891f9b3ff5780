/**
 * `electron-vite dev` serves the renderer from Vite's dev server, whose React Fast Refresh preamble and
 * injected styles are inline. The dev-only CSP relaxation must let them run (the built app stays strict).
 */
import { expect, test } from '@playwright/test';
import { createServer, type InlineConfig } from 'vite';
import { rendererConfig } from '../../electron.vite.config';
import { installFakeApi, states } from './fake-api';

test('the dev server runs the UI with a relaxed CSP and no console errors', async ({ page }) => {
  const server = await createServer({
    ...rendererConfig,
    configFile: false,
    logLevel: 'warn',
    server: { host: '127.0.0.1', port: 0, strictPort: true, hmr: true },
  } as InlineConfig);
  try {
    await server.listen();
    const url = server.resolvedUrls?.local[0];
    expect(url).toBeDefined();
    const errors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`${message.text()} ${message.location().url}`);
    });
    page.on('pageerror', (error) => errors.push(error.message));
    await page.addInitScript(installFakeApi, { state: states.signedOut });
    const response = await page.goto(url!);
    const html = (await response?.text()) ?? '';
    expect(html).toContain("script-src 'self' 'unsafe-inline'");
    expect(html).not.toContain('unsafe-eval');
    await expect(page.getByRole('button', { name: 'Login with Kakao' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Login with Kakao' })).toHaveCSS(
      'background-color',
      'rgb(254, 229, 0)',
    );
    expect(errors).toEqual([]);
  } finally {
    await server.close();
  }
});
