import { existsSync } from 'node:fs';
import type { LaunchOptions } from '@playwright/test';

/**
 * Debian's Chromium by default (Playwright cannot download its own browser on our machines);
 * `CHROMIUM_PATH` overrides it, and with neither present Playwright's own browser is used.
 */
export function chromiumLaunchOptions(): LaunchOptions {
  const candidate = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  const executablePath = existsSync(candidate) ? candidate : undefined;
  return {
    ...(executablePath ? { executablePath } : {}),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  };
}
