import { defineConfig } from '@playwright/test';
import { chromiumLaunchOptions } from './test/helpers/chromium';

// Browser suites (`*.spec.ts`): real Chromium against the real emulator (and backend).
export default defineConfig({
  testMatch: '**/*.spec.ts',
  testIgnore: ['**/node_modules/**'],
  fullyParallel: false,
  workers: 1,
  timeout: 60_000,
  reporter: [['list'], ['json', { outputFile: 'test-results/playwright.json' }]],
  use: { launchOptions: chromiumLaunchOptions() },
});
