/**
 * A browser context in which nothing leaves the machine: every request outside the app's own URL is answered
 * here (a 404 unless the caller answers it), so a page under test can never reach the network or a real service.
 */
import type { Browser, BrowserContext, BrowserContextOptions, Route } from '@playwright/test';

export async function sealedContext(
  browser: Browser,
  appUrl: string,
  options: BrowserContextOptions = {},
  answerOutside: (route: Route) => Promise<void> = (route) => route.fulfill({ status: 404, body: '' }),
): Promise<BrowserContext> {
  const context = await browser.newContext(options);
  await context.route((url) => !url.href.startsWith(appUrl), answerOutside);
  return context;
}
