/**
 * Playwright fixtures for the renderer: builds renderer/ with the app's own Vite config (the production
 * build, strict CSP and all), serves it on a random port, and opens it in Chromium with a fake `window.api`.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, type Page } from '@playwright/test';
import { build, type InlineConfig, preview } from 'vite';
import { rendererConfig } from '../../electron.vite.config';
import { sealedContext } from '../helpers/sealed-context';
import {
  type Answer,
  AVATAR_URL,
  type FakeControl,
  type FakeOptions,
  installFakeApi,
  type Method,
  TIMEZONE,
  thisDevice,
} from './fake-api';

export { expect } from '@playwright/test';

export interface BuiltRenderer {
  url: string;
  indexHtml: string;
}

export interface OpenOptions extends FakeOptions {
  locale?: string;
  width?: number;
  height?: number;
  colorScheme?: 'light' | 'dark';
  /** Console errors fail the test (a CSP violation shows up as one) unless a test expects them. */
  allowConsoleErrors?: boolean;
}

export interface AppPage {
  page: Page;
  emit(state: unknown): Promise<void>;
  answer(method: Method, answer: Answer): Promise<void>;
  release(method: Method, value: unknown): Promise<void>;
  calls(): Promise<string[]>;
  /** Calls of one method, each as the arguments it was given. */
  argsOf(method: Method): Promise<unknown[][]>;
}

type FakeWindow = typeof globalThis & { __fake: FakeControl };

/** A small stand-in profile picture for Kakao's CDN (the machine has no internet; the page must not either). */
const AVATAR_SVG = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="640" viewBox="0 0 640 640">
<rect width="640" height="640" fill="#f5a623"/><circle cx="320" cy="260" r="130" fill="#fbd38d"/>
<circle cx="270" cy="240" r="16" fill="#3c1e1e"/><circle cx="370" cy="240" r="16" fill="#3c1e1e"/>
<rect x="150" y="430" width="340" height="260" rx="170" fill="#fbd38d"/></svg>`;

export const test = base.extend<
  { openApp(options: OpenOptions): Promise<AppPage> },
  { renderer: BuiltRenderer }
>({
  renderer: [
    // biome-ignore lint/correctness/noEmptyPattern: Playwright reads fixture dependencies from this pattern.
    async ({}, use) => {
      const outDir = await mkdtemp(join(tmpdir(), 'kakao-desktop-renderer-'));
      const config = { ...rendererConfig, configFile: false, logLevel: 'warn' } as InlineConfig;
      await build({ ...config, build: { ...config.build, outDir, emptyOutDir: true } });
      const server = await preview({
        ...config,
        build: { outDir },
        preview: { host: '127.0.0.1', port: 0, strictPort: true, open: false },
      });
      try {
        const url = server.resolvedUrls?.local[0];
        if (!url) throw new Error('vite preview did not report a URL');
        await use({ url, indexHtml: await readFile(join(outDir, 'index.html'), 'utf8') });
      } finally {
        await server.close();
        await rm(outDir, { recursive: true, force: true });
      }
    },
    { scope: 'worker', timeout: 120_000 },
  ],

  openApp: async ({ browser, renderer }, use) => {
    const opened: { close(): Promise<void>; errors: string[]; allow: boolean }[] = [];
    await use(async (options) => {
      // Nothing may leave the machine: every request other than the app's own is answered here.
      const context = await sealedContext(
        browser,
        renderer.url,
        {
          locale: options.locale ?? 'en-US',
          timezoneId: TIMEZONE,
          viewport: { width: options.width ?? 480, height: options.height ?? 720 },
          colorScheme: options.colorScheme ?? 'light',
        },
        (route) =>
          route.request().url() === AVATAR_URL
            ? route.fulfill({ contentType: 'image/svg+xml', body: AVATAR_SVG })
            : route.fulfill({ status: 404, body: '' }),
      );
      const errors: string[] = [];
      opened.push({ close: () => context.close(), errors, allow: options.allowConsoleErrors ?? false });
      const page = await context.newPage();
      page.on('console', (message) => {
        if (message.type() === 'error') errors.push(message.text());
      });
      page.on('pageerror', (error) => errors.push(error.message));
      await page.addInitScript(installFakeApi, {
        state: options.state,
        install: options.install ?? true,
        ...(options.getState ? { getState: options.getState } : {}),
        ...(options.preferences !== undefined ? { preferences: options.preferences } : {}),
        ...(options.getPreferences ? { getPreferences: options.getPreferences } : {}),
        devices: options.devices ?? [thisDevice],
        ...(options.consent ? { consent: options.consent } : {}),
      });
      await page.goto(renderer.url);
      // Each helper runs in the page (page.evaluate is not subject to the page's CSP).
      return {
        page,
        emit: (state) => page.evaluate((s) => (globalThis as FakeWindow).__fake.emit(s), state),
        answer: (method, answer) =>
          page.evaluate(([m, a]) => (globalThis as FakeWindow).__fake.answer(m, a), [
            method,
            answer,
          ] as const),
        release: (method, value) =>
          page.evaluate(([m, v]) => (globalThis as FakeWindow).__fake.release(m, v), [
            method,
            value,
          ] as const),
        calls: () => page.evaluate(() => [...(globalThis as FakeWindow).__fake.calls]),
        argsOf: (method) =>
          page.evaluate(
            (m) =>
              (globalThis as FakeWindow).__fake.received.filter((c) => c.method === m).map((c) => c.args),
            method,
          ),
      };
    });
    for (const { close, errors, allow } of opened) {
      await close();
      if (!allow && errors.length > 0) throw new Error(`The page logged errors:\n${errors.join('\n')}`);
    }
  },
});
