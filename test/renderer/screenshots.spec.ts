/**
 * One screenshot per session state and language, saved to screenshots/renderer-<state>-<lang>.png for
 * people to look at (the folder is git-ignored), and the README's six (sign-in, account panel, offline; ko
 * and en) to docs/screenshots/<name>-<lang>.png, which are committed. Each test first checks the state's key
 * text is on screen. Fixed locale, time zone, viewport and data, no animations: the same build draws the same
 * pixels on the same fonts.
 */
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { devices, profileWithoutExtras, RETRY_AT_SEOUL, states } from './fake-api';
import { expect, test } from './harness';

const SCREENSHOTS = fileURLToPath(new URL('../../screenshots/', import.meta.url));
const README_SCREENSHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));
mkdirSync(SCREENSHOTS, { recursive: true });
mkdirSync(README_SCREENSHOTS, { recursive: true });

interface Shot {
  name: string;
  state: unknown;
  text: { ko: string; en: string };
  width?: number;
  colorScheme?: 'dark';
  /** What getPreferences() reports (default: stay signed in to Kakao off). */
  preferences?: unknown;
  devices?: unknown[];
  height?: number;
  /** Brings the screen into the state to draw (e.g. opens a dialog). */
  prepare?: (page: Page, language: 'ko' | 'en') => Promise<void>;
  /** Saved as docs/screenshots/<readme>-<lang>.png for the README instead of the git-ignored folder. */
  readme?: string;
}

const memory = { persistence: 'memory' } as const;

const devicesLoaded = { ko: '로그인된 기기', en: 'Signed-in devices' };

const shots: Shot[] = [
  {
    name: 'sign-in',
    readme: 'sign-in',
    state: states.signedOut,
    text: { ko: '카카오 로그인', en: 'Login with Kakao' },
    height: 640,
  },
  {
    name: 'account',
    readme: 'account',
    state: states.signedIn,
    devices,
    text: { ko: 'Galaxy S24', en: 'Galaxy S24' },
    height: 1000,
  },
  {
    name: 'offline',
    readme: 'offline',
    state: states.offline,
    text: {
      ko: `오프라인 — 다시 연결 중 (${RETRY_AT_SEOUL})`,
      en: `Offline — reconnecting at ${RETRY_AT_SEOUL}`,
    },
    height: 760,
  },
  {
    name: 'signing-in-browser',
    state: { ...states.signingIn, via: 'browser' },
    text: { ko: '브라우저에서 로그인을 계속하세요', en: 'Continue in your browser' },
  },
  {
    name: 'account-no-email',
    state: { ...states.signedIn, profile: profileWithoutExtras },
    devices,
    text: { ko: '내 이메일 공유하기', en: 'Share my email' },
    height: 1000,
  },
  {
    name: 'delete-dialog',
    state: states.signedIn,
    devices,
    text: devicesLoaded,
    height: 1000,
    prepare: async (page, language) => {
      await page.getByRole('button', { name: language === 'ko' ? '계정 삭제' : 'Delete account' }).click();
      await expect(page.getByRole('dialog')).toBeVisible();
    },
  },
  {
    name: 'delete-failed',
    state: states.signedIn,
    devices,
    text: devicesLoaded,
    height: 1000,
    prepare: async (page, language) => {
      await page.evaluate(() => {
        const fake = (globalThis as unknown as { __fake: { answer(m: string, a: unknown): void } }).__fake;
        fake.answer('deleteAccount', { resolve: { ok: false, code: 'network', message: 'offline' } });
      });
      const name = language === 'ko' ? '계정 삭제' : 'Delete account';
      await page.getByRole('button', { name }).click();
      await page.getByRole('dialog').getByRole('button', { name }).click();
      await expect(page.getByTestId('delete-error')).toBeVisible();
    },
  },
  {
    name: 'account-dark',
    state: states.signedIn,
    devices,
    text: devicesLoaded,
    height: 1000,
    colorScheme: 'dark',
  },
  { name: 'starting', state: states.starting, text: { ko: '시작하는 중', en: 'Starting' } },
  { name: 'signed-out', state: states.signedOut, text: { ko: '카카오 로그인', en: 'Login with Kakao' } },
  {
    name: 'signed-out-stay-signed-in',
    state: states.signedOut,
    text: { ko: '카카오계정 로그인 상태 유지', en: 'Stay signed in to Kakao on this computer' },
    preferences: { staySignedInToKakao: true },
  },
  {
    name: 'signed-out-wide',
    state: states.signedOut,
    text: { ko: '카카오 로그인', en: 'Login with Kakao' },
    width: 1200,
  },
  {
    name: 'signed-out-problem',
    state: { ...states.signedOut, problem: { code: 'timeout', message: 'Sign-in timed out' } },
    text: { ko: '로그인 시간이 초과되었습니다', en: 'Sign-in took too long' },
  },
  {
    name: 'signed-out-key-mismatch',
    state: { ...states.signedOut, problem: { code: 'session_invalid', detail: 'key_mismatch' } },
    text: { ko: '다른 컴퓨터에서 사용되어', en: 'used from another computer' },
  },
  {
    name: 'signing-in',
    state: states.signingIn,
    text: { ko: 'Kakao 창에서 로그인을 계속하세요', en: 'Continue in the Kakao window' },
  },
  { name: 'signed-in', state: states.signedIn, text: { ko: '라이언', en: 'ryan@kakao.test' } },
  {
    name: 'signed-in-no-extras',
    state: { ...states.signedIn, profile: profileWithoutExtras },
    text: { ko: '이메일 없음', en: 'No email' },
  },
  {
    name: 'refreshing',
    state: states.refreshing,
    text: { ko: '세션을 새로 고치는 중', en: 'Refreshing session' },
  },
  {
    name: 'memory-signed-in',
    state: { ...states.signedIn, ...memory },
    text: { ko: '이번 실행 동안만', en: 'for this run only' },
  },
  {
    name: 'memory-signed-out',
    state: { ...states.signedOut, ...memory },
    text: { ko: '이번 실행 동안만', en: 'for this run only' },
  },
  {
    name: 'offline-memory-narrow',
    state: { ...states.offline, ...memory },
    text: { ko: '이번 실행 동안만', en: 'for this run only' },
    width: 400,
  },
  {
    name: 'signed-in-dark',
    state: states.signedIn,
    text: { ko: '라이언', en: 'ryan@kakao.test' },
    colorScheme: 'dark',
  },
  {
    name: 'signed-out-dark',
    state: states.signedOut,
    text: { ko: '카카오 로그인', en: 'Login with Kakao' },
    colorScheme: 'dark',
  },
];

for (const shot of shots) {
  for (const language of ['ko', 'en'] as const) {
    test(`screenshot: ${shot.name} (${language})`, async ({ openApp }) => {
      const { page } = await openApp({
        state: shot.state,
        locale: language === 'ko' ? 'ko-KR' : 'en-US',
        width: shot.width ?? 480,
        height: shot.height ?? 720,
        ...(shot.colorScheme ? { colorScheme: shot.colorScheme } : {}),
        ...(shot.preferences ? { preferences: shot.preferences } : {}),
        ...(shot.devices ? { devices: shot.devices } : {}),
        ...(shot.name === 'starting' ? { getState: 'hold' as const } : {}),
      });
      await expect(page.getByText(shot.text[language]).first()).toBeVisible();
      await shot.prepare?.(page, language);
      // Let the avatar finish loading before the picture is taken.
      await expect
        .poll(() => page.locator('img').evaluateAll((images) => images.every((image) => image.complete)))
        .toBe(true);
      await page.screenshot({
        path: shot.readme
          ? `${README_SCREENSHOTS}${shot.readme}-${language}.png`
          : `${SCREENSHOTS}renderer-${shot.name}-${language}.png`,
        animations: 'disabled',
      });
    });
  }
}
