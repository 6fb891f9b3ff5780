/**
 * A person at the desktop's sign-in window (the Playwright adapter on the production SignInAttempt): each
 * window the session opens runs the next queued script against the emulator's Kakao pages.
 */
import { type Browser, expect, type Page } from '@playwright/test';
import type { AuthWindowRequest } from '../../main/auth/auth-window-port';
import type { Clock } from '../../main/clock';
import { createPlaywrightAuthWindow, type PlaywrightAuthWindow } from './playwright-auth-window';

export type UserScript = (page: Page, request: AuthWindowRequest) => Promise<void>;

export interface Person {
  authWindow: PlaywrightAuthWindow;
  /** Queue what the person does in the next sign-in window. */
  will(script: UserScript): void;
  /** Script failures (a failed expect inside a window) while the window was still open. */
  readonly errors: unknown[];
}

export function person(browser: Browser, options: { clock?: Clock; timeoutMs?: number } = {}): Person {
  const scripts: UserScript[] = [];
  const errors: unknown[] = [];
  const authWindow = createPlaywrightAuthWindow({
    browser,
    ...options,
    onPage: async (page, request) => {
      const script = scripts.shift();
      try {
        if (!script) throw new Error('a sign-in window opened that this test did not expect');
        await script(page, request);
      } catch (error) {
        if (!page.isClosed()) errors.push(error); // a closed page means the attempt ended under the script
        throw error;
      }
    },
  });
  return { authWindow, will: (script) => scripts.push(script), errors };
}

export async function logInWithPassword(page: Page, email: string): Promise<void> {
  await expect(page.getByRole('heading', { name: /카카오계정으로 로그인/ })).toBeVisible({ timeout: 20_000 });
  await page.getByLabel(/Email/).fill(email);
  await page.getByLabel(/Password/).fill('password');
  await page.getByRole('button', { name: /로그인 · Log in/ }).click();
}

export async function pickTestAccount(page: Page, accountId: number): Promise<void> {
  await expect(page.getByRole('heading', { name: /카카오계정으로 로그인/ })).toBeVisible({ timeout: 20_000 });
  await page.getByTestId(`account-${accountId}`).click();
}

/**
 * Agree on Kakao's consent page when it is shown. Kakao skips it once the account has agreed, and then the
 * redirect ends the attempt and closes the page under this click (which the person wrapper ignores).
 */
export async function agreeIfAsked(page: Page): Promise<void> {
  await page.getByTestId('consent-agree').click();
}
