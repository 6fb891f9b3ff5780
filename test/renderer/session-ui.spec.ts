/**
 * The renderer against a fake `window.api`, in real Chromium, from the production build (strict CSP):
 * every session state, the calls each button makes, localization, accessibility and what must never show.
 */

import {
  AVATAR_URL,
  failed,
  failedWith,
  ok,
  profile,
  profileWithoutExtras,
  RETRY_AT_SEOUL,
  states,
} from './fake-api';
import { expect, test } from './harness';

const en = { locale: 'en-US' };
const ko = { locale: 'ko-KR' };

test.describe('build', () => {
  test('ships a strict Content-Security-Policy and no fake bridge', ({ renderer }) => {
    const csp = renderer.indexHtml.match(/http-equiv="Content-Security-Policy"\s+content="([^"]+)"/)?.[1];
    expect(csp).toBeDefined();
    const directives = new Map(
      csp!.split(';').map((d) => {
        const [name = '', ...values] = d.trim().split(/\s+/);
        return [name, values] as const;
      }),
    );
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('img-src')).toEqual(
      expect.arrayContaining(["'self'", 'https:', 'http://127.0.0.1:*', 'data:']),
    );
    expect(csp).not.toContain('unsafe-eval');
    expect(csp).not.toContain('unsafe-inline');
    expect(renderer.indexHtml).not.toMatch(/__fake|fake-api/);
  });
});

test.describe('states', () => {
  test('starting shows a spinner until main answers', async ({ openApp }) => {
    const app = await openApp({ ...en, state: states.signedOut, getState: 'hold' });
    await expect(app.page.getByTestId('starting')).toContainText('Starting…');
    await expect(app.page.locator('.spinner--large')).toBeVisible();
    await app.release('getState', states.signedOut);
    await expect(app.page.getByRole('button', { name: 'Login with Kakao' })).toBeVisible();
    await expect(app.page.getByTestId('starting')).toHaveCount(0);
  });

  test('signed-out shows the Kakao button, styled per Kakao’s design guide', async ({ openApp }) => {
    const app = await openApp({ ...en, state: states.signedOut });
    const button = app.page.getByRole('button', { name: 'Login with Kakao' });
    await expect(button).toBeEnabled();
    const label = button.locator('.kakao-login__label');
    const symbol = button.locator('svg');
    await expect(button).toHaveCSS('background-color', 'rgb(254, 229, 0)');
    await expect(button).toHaveCSS('border-top-left-radius', '12px');
    await expect(button).toHaveCSS('border-bottom-right-radius', '12px');
    await expect(label).toHaveCSS('font-family', /^system-ui/);
    await expect(label).toHaveCSS('color', 'rgba(0, 0, 0, 0.85)');
    await expect(label).toHaveCSS('opacity', '1');
    await expect(symbol.locator('path')).toHaveCSS('fill', 'rgb(0, 0, 0)');
    await expect(symbol).toHaveAttribute('viewBox', '0 0 18 18');
    const box = await symbol.boundingBox();
    expect(box?.width).toBeGreaterThan(0);
    expect(box?.width).toBe(box?.height);
    await expect(app.page.getByTestId('problem')).toHaveCount(0);
  });

  test('Korean label is the guide’s full form', async ({ openApp }) => {
    const app = await openApp({ ...ko, state: states.signedOut });
    await expect(app.page.getByRole('button', { name: '카카오 로그인' })).toBeVisible();
  });

  test('signed-out with a problem shows it localized by code', async ({ openApp }) => {
    const state = { ...states.signedOut, problem: { code: 'session_invalid', message: 'refresh refused' } };
    const app = await openApp({ ...ko, state });
    await expect(app.page.getByTestId('problem')).toHaveText('로그인이 만료되었습니다. 다시 로그인하세요.');
    await expect(app.page.getByTestId('problem')).toHaveAttribute('role', 'alert');
    await app.page.getByRole('button', { name: 'English' }).click();
    await expect(app.page.getByTestId('problem')).toHaveText('Your session has ended. Please sign in again.');
    await expect(app.page.getByText('refresh refused')).toHaveCount(0);
  });

  test('a problem code this build does not know gets the generic text, never text from main', async ({
    openApp,
  }) => {
    const state = {
      ...states.signedOut,
      problem: { code: 'brand_new_code', message: 'Kakao is in maintenance.' },
    };
    const app = await openApp({ ...en, state });
    await expect(app.page.getByTestId('problem')).toHaveText('Something went wrong. Please try again.');
    await expect(app.page.getByText('Kakao is in maintenance.')).toHaveCount(0);
  });

  test('a detail gets its own words: a sign-in used from another computer (key_mismatch)', async ({
    openApp,
  }) => {
    const state = { ...states.signedOut, problem: { code: 'session_invalid', detail: 'key_mismatch' } };
    const app = await openApp({ ...en, state });
    await expect(app.page.getByTestId('problem')).toHaveText(
      'This sign-in was used from another computer, so it was ended to keep your account safe. Please sign in again.',
    );
    await app.page.getByRole('button', { name: '한국어' }).click();
    await expect(app.page.getByTestId('problem')).toHaveText(
      '이 로그인이 다른 컴퓨터에서 사용되어, 계정을 보호하기 위해 종료했습니다. 다시 로그인하세요.',
    );
  });

  test('a detail this build has no words for shows the code’s text', async ({ openApp }) => {
    const state = { ...states.signedOut, problem: { code: 'session_invalid', detail: 'brand_new_reason' } };
    const app = await openApp({ ...en, state });
    await expect(app.page.getByTestId('problem')).toHaveText('Your session has ended. Please sign in again.');
  });

  test('a failed signIn says which part of the browser sign-in could not start', async ({ openApp }) => {
    const app = await openApp({ ...en, state: states.signedOut });
    await app.answer('signIn', failedWith('system_browser_unavailable', 'port-in-use'));
    await app.page.getByRole('button', { name: 'Login with Kakao' }).click();
    await expect(app.page.getByTestId('action-error')).toHaveText(/^Another program is using the port/);
  });

  test('signing-in says to continue in the Kakao window and disables the button', async ({ openApp }) => {
    const app = await openApp({ ...ko, state: states.signingIn });
    await expect(app.page.getByTestId('signing-in')).toHaveText('Kakao 창에서 로그인을 계속하세요');
    const button = app.page.getByRole('button', { name: '카카오 로그인' });
    await expect(button).toBeDisabled();
    // Never less prominent: the brand colour stays while it waits.
    await expect(button).toHaveCSS('background-color', 'rgb(254, 229, 0)');
    await expect(button).toHaveCSS('opacity', '1');
  });

  test('signed-in shows the profile card with picture, nickname and email', async ({ openApp }) => {
    const app = await openApp({ ...en, state: states.signedIn });
    const card = app.page.getByTestId('profile-card');
    await expect(card.getByRole('heading', { name: '라이언' })).toBeVisible();
    await expect(card).toContainText('ryan@kakao.test');
    const avatar = card.locator('img.avatar');
    await expect(avatar).toHaveAttribute('src', AVATAR_URL);
    await expect
      .poll(() => avatar.evaluate((img) => (img as { naturalWidth: number }).naturalWidth))
      .toBeGreaterThan(0);
    await expect(card.getByRole('button', { name: 'Sign out' })).toBeEnabled();
    await expect(app.page.getByTestId('refreshing')).toHaveCount(0);
  });

  test('signed-in without picture or email: initials and "no email"', async ({ openApp }) => {
    const app = await openApp({ ...en, state: { ...states.signedIn, profile: profileWithoutExtras } });
    const card = app.page.getByTestId('profile-card');
    await expect(card.getByTestId('avatar-initials')).toHaveText('JL');
    await expect(card.locator('img')).toHaveCount(0);
    await expect(card).toContainText('No email');
  });

  test('a picture that fails to load falls back to initials', async ({ openApp }) => {
    const broken = { ...profile, profile_image_url: 'https://k.kakaocdn.net/dn/missing.jpg' };
    const app = await openApp({
      ...en,
      state: { ...states.signedIn, profile: broken },
      allowConsoleErrors: true,
    });
    await expect(app.page.getByTestId('avatar-initials')).toHaveText('라');
  });

  test('an http picture from Kakao’s CDN is loaded over https', async ({ openApp }) => {
    const insecure = { ...profile, profile_image_url: AVATAR_URL.replace('https:', 'http:') };
    const app = await openApp({ ...en, state: { ...states.signedIn, profile: insecure } });
    await expect(app.page.locator('img.avatar')).toHaveAttribute('src', AVATAR_URL);
  });

  test('refreshing keeps the profile and adds a subtle indicator', async ({ openApp }) => {
    const app = await openApp({ ...en, state: states.refreshing });
    await expect(app.page.getByTestId('refreshing')).toHaveText('Refreshing session…');
    await expect(app.page.getByRole('heading', { name: '라이언' })).toBeVisible();
    await expect(app.page.getByRole('button', { name: 'Sign out' })).toBeEnabled();
  });

  test('offline keeps the cached profile and says when it reconnects', async ({ openApp }) => {
    const app = await openApp({ ...en, state: states.offline });
    const banner = app.page.getByTestId('offline');
    await expect(banner).toContainText(`Offline — reconnecting at ${RETRY_AT_SEOUL}`);
    await expect(banner).toContainText("Can't reach the server.");
    await expect(app.page.getByRole('heading', { name: '라이언' })).toBeVisible();
    await expect(app.page.getByRole('button', { name: 'Sign out' })).toBeEnabled();
    await app.page.getByRole('button', { name: '한국어' }).click();
    await expect(banner).toContainText(`오프라인 — 다시 연결 중 (${RETRY_AT_SEOUL})`);
  });

  test('offline with nothing cached still offers sign out', async ({ openApp }) => {
    const app = await openApp({ ...en, state: { ...states.offline, profile: null } });
    await expect(app.page.getByTestId('offline')).toBeVisible();
    await expect(app.page.getByRole('heading', { name: 'Kakao user' })).toBeVisible();
    await expect(app.page.getByRole('button', { name: 'Sign out' })).toBeEnabled();
  });

  for (const base of [states.signedOut, states.signedIn, states.offline]) {
    test(`no keychain (${base.kind}): the this-run-only banner shows`, async ({ openApp }) => {
      const app = await openApp({ ...ko, state: { ...base, persistence: 'memory' } });
      await expect(app.page.getByTestId('memory-persistence')).toContainText(
        '이 기기에 보안 저장소(키체인)가 없어 이번 실행 동안만 로그인이 유지됩니다.',
      );
      await app.page.getByRole('button', { name: 'English' }).click();
      await expect(app.page.getByTestId('memory-persistence')).toContainText(
        "No OS keychain: you'll stay signed in for this run only.",
      );
      await app.emit({ ...base, persistence: 'keychain' });
      await expect(app.page.getByTestId('memory-persistence')).toHaveCount(0);
    });
  }

  test('without the preload bridge the page says to open it in the app', async ({ openApp }) => {
    const app = await openApp({ ...en, state: null, install: false });
    await expect(app.page.getByRole('alert')).toContainText(
      'This screen only works inside the Kakao Desktop app.',
    );
  });

  test('a state the UI cannot draw shows an error, not a blank window', async ({ openApp }) => {
    const malformed = { kind: 'signed-in', profile: { ...profile, nickname: 42 }, persistence: 'keychain' };
    const app = await openApp({ ...en, state: malformed, allowConsoleErrors: true });
    await expect(app.page.getByRole('alert')).toHaveText('Something went wrong. Please try again.');
  });
});

test.describe('actions', () => {
  test('the Kakao button calls signIn, then follows the state events', async ({ openApp }) => {
    const app = await openApp({ ...en, state: states.signedOut });
    await app.answer('signIn', 'hold');
    await app.page.getByRole('button', { name: 'Login with Kakao' }).click();
    expect(await app.calls()).toContain('signIn');
    await expect(app.page.getByRole('button', { name: 'Login with Kakao' })).toBeDisabled();
    await app.emit(states.signingIn);
    await expect(app.page.getByTestId('signing-in')).toHaveText('Continue in the Kakao window');
    await app.emit(states.signedIn);
    await app.release('signIn', ok(states.signedIn).resolve);
    await expect(app.page.getByRole('heading', { name: '라이언' })).toBeVisible();
    expect((await app.calls()).filter((c) => c === 'signIn')).toHaveLength(1);
  });

  test('the state a call returns is shown when no event came', async ({ openApp }) => {
    const app = await openApp({ ...en, state: states.signedOut });
    await app.answer('signIn', ok(states.signedIn));
    await app.page.getByRole('button', { name: 'Login with Kakao' }).click();
    await expect(app.page.getByRole('heading', { name: '라이언' })).toBeVisible();
  });

  test('an older call result never overwrites a newer event', async ({ openApp }) => {
    const app = await openApp({ ...en, state: states.signedOut });
    await app.answer('signIn', 'hold');
    await app.page.getByRole('button', { name: 'Login with Kakao' }).click();
    await app.emit(states.refreshing);
    await app.release('signIn', ok(states.signedOut).resolve);
    await expect(app.page.getByTestId('refreshing')).toBeVisible();
    await expect(app.page.getByRole('button', { name: 'Login with Kakao' })).toHaveCount(0);
  });

  test('Sign out calls signOut and shows progress until main answers', async ({ openApp }) => {
    const app = await openApp({ ...en, state: states.signedIn });
    await app.answer('signOut', 'hold');
    await app.page.getByRole('button', { name: 'Sign out' }).click();
    expect(await app.calls()).toContain('signOut');
    await expect(app.page.getByRole('button', { name: 'Signing out…' })).toBeDisabled();
    await app.emit(states.signedOut);
    await app.release('signOut', ok(states.signedOut).resolve);
    await expect(app.page.getByRole('button', { name: 'Login with Kakao' })).toBeEnabled();
  });

  test('a failed signIn shows a localized message', async ({ openApp }) => {
    const app = await openApp({ ...ko, state: states.signedOut });
    await app.answer('signIn', failed('network', 'ECONNREFUSED 127.0.0.1:8787'));
    await app.page.getByRole('button', { name: '카카오 로그인' }).click();
    const error = app.page.getByTestId('action-error');
    await expect(error).toHaveText('서버에 연결할 수 없습니다. 인터넷 연결을 확인하세요.');
    await expect(error).toHaveAttribute('role', 'alert');
    await expect(app.page.getByText('ECONNREFUSED')).toHaveCount(0);
    await expect(app.page.getByRole('button', { name: '카카오 로그인' })).toBeEnabled();
  });

  test('a failed signOut shows a localized message and keeps the profile', async ({ openApp }) => {
    const app = await openApp({ ...en, state: states.signedIn });
    await app.answer('signOut', failed('internal', 'TypeError: x is undefined'));
    await app.page.getByRole('button', { name: 'Sign out' }).click();
    await expect(app.page.getByTestId('action-error')).toHaveText('Something went wrong. Please try again.');
    await expect(app.page.getByRole('heading', { name: '라이언' })).toBeVisible();
  });

  test('a rejected call shows a generic message, never the error text', async ({ openApp }) => {
    const app = await openApp({ ...en, state: states.signedOut });
    await app.answer('signIn', { reject: 'Error invoking remote method: secret stack' });
    await app.page.getByRole('button', { name: 'Login with Kakao' }).click();
    await expect(app.page.getByTestId('action-error')).toHaveText('Something went wrong. Please try again.');
    await expect(app.page.getByText('secret stack')).toHaveCount(0);
  });

  test('a failed initial getState says so', async ({ openApp }) => {
    const app = await openApp({ ...en, state: states.signedOut, getState: { reject: 'no handler' } });
    await expect(app.page.getByTestId('action-error')).toHaveText(
      "Couldn't load the sign-in state. Please restart the app.",
    );
  });

  test('the same failure in the result and the state is said once', async ({ openApp }) => {
    const app = await openApp({ ...en, state: states.signedOut });
    const timedOut = { ...states.signedOut, problem: { code: 'timeout', message: 'timed out' } };
    await app.answer('signIn', failed('timeout', 'timed out'));
    await app.page.getByRole('button', { name: 'Login with Kakao' }).click();
    await app.emit(timedOut);
    await expect(app.page.getByTestId('problem')).toHaveText('Sign-in took too long. Please try again.');
    await expect(app.page.locator('.notice', { hasText: 'Sign-in took too long' })).toHaveCount(1);
  });
});

test.describe('language', () => {
  test('follows navigator.language, switches, and remembers the choice', async ({ openApp }) => {
    const app = await openApp({ ...ko, state: states.signedIn });
    await expect(app.page.locator('html')).toHaveAttribute('lang', 'ko');
    await expect(app.page.getByRole('button', { name: '로그아웃' })).toBeVisible();
    await expect(app.page.getByRole('button', { name: '한국어' })).toHaveAttribute('aria-pressed', 'true');
    await app.page.getByRole('button', { name: 'English' }).click();
    await expect(app.page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(app.page.getByRole('button', { name: 'Sign out' })).toBeVisible();
    await expect(app.page.getByRole('button', { name: 'English' })).toHaveAttribute('aria-pressed', 'true');
    await app.page.reload();
    await expect(app.page.getByRole('button', { name: 'Sign out' })).toBeVisible();
  });

  test('an unsupported OS language falls back to English', async ({ openApp }) => {
    const app = await openApp({ locale: 'fr-FR', state: states.signedOut });
    await expect(app.page.getByRole('button', { name: 'Login with Kakao' })).toBeVisible();
  });
});

test.describe('secrets', () => {
  const TOKENS = {
    access_token: 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ1c3JfMDEifQ.c2lnbmF0dXJlLXNpZ25hdHVyZQ',
    refresh_token: 'rt_9f8e7d6c5b4a39281706f5e4d3c2b1a0ZZYYXX',
    id_token: 'eyJraWQiOiJrIn0.eyJub25jZSI6Im4ifQ.aWQtdG9rZW4tc2lnbmF0dXJl',
    kakao_access_token: 'kakao_at_QWxhZGRpbjpvcGVuIHNlc2FtZQAAAAAAAAAA',
  };

  test('no token is ever rendered, even when the bridge passes extra fields', async ({ openApp }) => {
    const leaky = {
      ...states.signedIn,
      ...TOKENS,
      profile: { ...profile, ...TOKENS },
      problem: { code: 'brand_new_code', message: `refresh failed for ${TOKENS.refresh_token}` },
    };
    const app = await openApp({ ...en, state: leaky });
    await expect(app.page.getByRole('heading', { name: '라이언' })).toBeVisible();
    const steps = [
      { state: leaky, shown: app.page.getByRole('heading', { name: '라이언' }) },
      {
        state: {
          ...states.signedOut,
          ...TOKENS,
          problem: { code: 'brand_new_code', message: `bad ${TOKENS.access_token}` },
        },
        shown: app.page.getByTestId('problem'),
      },
      {
        state: {
          ...states.offline,
          ...TOKENS,
          problem: { code: 'brand_new_code', message: TOKENS.kakao_access_token },
        },
        shown: app.page.getByTestId('offline'),
      },
    ];
    for (const { state, shown } of steps) {
      await app.emit(state);
      await expect(shown).toBeVisible();
      const html = await app.page.content();
      const text = (await app.page.locator('body').textContent()) ?? '';
      for (const token of Object.values(TOKENS)) expect(html).not.toContain(token);
      expect(text).not.toMatch(/eyJ[\w-]+\.[\w-]+\./);
    }
    // The unknown-code problem with a token in it was replaced by the generic message.
    await expect(app.page.getByTestId('offline')).toContainText('Something went wrong. Please try again.');
  });
});

test.describe('accessibility and layout', () => {
  test('state changes are announced in a polite live region and focus follows the screen', async ({
    openApp,
  }) => {
    const app = await openApp({ ...en, state: states.signedOut });
    const live = app.page.getByTestId('live-status');
    await expect(live).toHaveAttribute('role', 'status');
    await expect(live).toHaveText('Signed out.');
    await expect(app.page.getByRole('heading', { name: 'Sign in' })).toBeFocused();
    await app.emit(states.signedIn);
    await expect(live).toHaveText('Signed in as 라이언');
    await expect(app.page.getByRole('heading', { name: '라이언' })).toBeFocused();
    await app.emit(states.offline);
    await expect(live).toHaveText(`Offline — reconnecting at ${RETRY_AT_SEOUL}`);
  });

  test('the Kakao button works from the keyboard', async ({ openApp }) => {
    const app = await openApp({ ...en, state: states.signedOut });
    const button = app.page.getByRole('button', { name: 'Login with Kakao' });
    await expect(app.page.getByRole('heading', { name: 'Sign in' })).toBeFocused();
    await app.page.keyboard.press('Tab');
    await expect(button).toBeFocused();
    await app.page.keyboard.press('Enter');
    await expect.poll(() => app.calls()).toContain('signIn');
  });

  test('after a cancelled sign-in, focus returns to the Kakao button', async ({ openApp }) => {
    const app = await openApp({ ...en, state: states.signedOut });
    await app.answer('signIn', 'hold');
    await app.page.getByRole('button', { name: 'Login with Kakao' }).click();
    await app.emit(states.signingIn);
    await app.emit(states.signedOut);
    await app.release('signIn', ok(states.signedOut).resolve);
    await expect(app.page.getByRole('button', { name: 'Login with Kakao' })).toBeFocused();
  });

  for (const width of [400, 1200]) {
    for (const state of [states.signedOut, states.offline]) {
      test(`fits ${width}px wide without scrolling sideways (${state.kind})`, async ({ openApp }) => {
        const app = await openApp({ ...ko, state: { ...state, persistence: 'memory' }, width, height: 700 });
        await expect(app.page.getByTestId('memory-persistence')).toBeVisible();
        const overflow = await app.page
          .locator('html')
          .evaluate((html) => html.scrollWidth - html.clientWidth);
        expect(overflow).toBe(0);
        for (const box of await app.page.locator('button, .card, .notice').all()) {
          const rect = await box.boundingBox();
          expect(rect).not.toBeNull();
          expect(rect!.x).toBeGreaterThanOrEqual(0);
          expect(rect!.x + rect!.width).toBeLessThanOrEqual(width);
        }
      });
    }
  }
});
