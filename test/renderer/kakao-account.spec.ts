/**
 * The signed-out screen's Kakao account options, against a fake `window.api` in real Chromium, in Korean and
 * English: "use a different Kakao account" (signIn with Kakao's account chooser) and the "stay signed in to
 * Kakao" checkbox (main's preference; the checkbox shows what main says, never a guess).
 */
import { failed, ok, states } from './fake-api';
import { expect, test } from './harness';

const languages = [
  {
    lang: 'ko',
    locale: 'ko-KR',
    kakaoLogin: '카카오 로그인',
    another: '다른 카카오계정으로 로그인',
    stay: '카카오계정 로그인 상태 유지',
    hint: '로그인 창이 카카오 쿠키를 보관해, 다음 로그인 때 카카오 로그인 화면을 건너뛸 수 있습니다.',
    saveFailed: '설정을 저장하지 못했습니다. 다시 시도하세요.',
  },
  {
    lang: 'en',
    locale: 'en-US',
    kakaoLogin: 'Login with Kakao',
    another: 'Use a different Kakao account',
    stay: 'Stay signed in to Kakao on this computer',
    hint: "The sign-in window keeps your Kakao cookie, so next time you can skip Kakao's login form.",
    saveFailed: "Couldn't save this setting. Please try again.",
  },
] as const;

for (const t of languages) {
  test.describe(`use a different Kakao account (${t.lang})`, () => {
    test('sits under the Kakao button and asks main for Kakao’s account chooser', async ({ openApp }) => {
      const app = await openApp({ locale: t.locale, state: states.signedOut });
      const kakao = app.page.getByRole('button', { name: t.kakaoLogin });
      const another = app.page.getByRole('button', { name: t.another });
      await expect(another).toBeEnabled();
      const kakaoBox = (await kakao.boundingBox())!;
      const anotherBox = (await another.boundingBox())!;
      expect(anotherBox.y).toBeGreaterThanOrEqual(kakaoBox.y + kakaoBox.height);

      await another.click();
      await expect.poll(() => app.argsOf('signIn')).toEqual([[{ prompt: 'select_account' }]]);
      await kakao.click();
      // The Kakao button itself asks for nothing extra (main decides: a kept Kakao session signs straight in).
      await expect.poll(() => app.argsOf('signIn')).toEqual([[{ prompt: 'select_account' }], []]);
    });

    test('the Kakao button stays the prominent one', async ({ openApp }) => {
      const app = await openApp({ locale: t.locale, state: states.signedOut });
      const kakao = app.page.getByRole('button', { name: t.kakaoLogin });
      const another = app.page.getByRole('button', { name: t.another });
      await expect(another).toHaveCSS('background-color', 'rgba(0, 0, 0, 0)');
      await expect(another).toHaveCSS('font-size', '14px');
      await expect(kakao).toHaveCSS('background-color', 'rgb(254, 229, 0)');
      const kakaoBox = (await kakao.boundingBox())!;
      const anotherBox = (await another.boundingBox())!;
      expect(anotherBox.height).toBeLessThan(kakaoBox.height);
      expect(anotherBox.width).toBeLessThan(kakaoBox.width);
    });
  });

  test.describe(`stay signed in to Kakao (${t.lang})`, () => {
    test('shows main’s value with a one-line hint, and saves each change through main', async ({
      openApp,
    }) => {
      const app = await openApp({ locale: t.locale, state: states.signedOut });
      const checkbox = app.page.getByRole('checkbox', { name: t.stay });
      await expect(checkbox).not.toBeChecked();
      await expect(checkbox).toHaveAccessibleDescription(t.hint);
      await expect(app.page.getByTestId('stay-signed-in')).toContainText(t.hint);

      await checkbox.check();
      await expect(checkbox).toBeChecked();
      await checkbox.uncheck();
      await expect(checkbox).not.toBeChecked();
      expect(await app.argsOf('setStaySignedInToKakao')).toEqual([[true], [false]]);
    });

    test('starts checked when main says so', async ({ openApp }) => {
      const app = await openApp({
        locale: t.locale,
        state: states.signedOut,
        preferences: { staySignedInToKakao: true },
      });
      await expect(app.page.getByRole('checkbox', { name: t.stay })).toBeChecked();
    });

    test('a failed save says so and keeps main’s value', async ({ openApp }) => {
      const app = await openApp({ locale: t.locale, state: states.signedOut });
      const checkbox = app.page.getByRole('checkbox', { name: t.stay });
      await app.answer('setStaySignedInToKakao', failed('internal', 'EACCES /home/user/.config'));
      await checkbox.click();
      await expect(app.page.getByTestId('stay-signed-in-error')).toHaveText(t.saveFailed);
      await expect(checkbox).not.toBeChecked();
      await expect(app.page.getByText('EACCES')).toHaveCount(0);
      // The next successful save clears the message.
      await checkbox.check();
      await expect(checkbox).toBeChecked();
      await expect(app.page.getByTestId('stay-signed-in-error')).toHaveCount(0);
    });
  });
}

test.describe('stay signed in to Kakao: waiting and failures', () => {
  test('waits for main’s answer before showing the change', async ({ openApp }) => {
    const app = await openApp({ locale: 'en-US', state: states.signedOut });
    const checkbox = app.page.getByRole('checkbox', { name: 'Stay signed in to Kakao on this computer' });
    await app.answer('setStaySignedInToKakao', 'hold');
    await checkbox.click();
    await expect(checkbox).toBeDisabled();
    await expect(checkbox).not.toBeChecked();
    await app.release('setStaySignedInToKakao', { ok: true, value: { staySignedInToKakao: true } });
    await expect(checkbox).toBeEnabled();
    await expect(checkbox).toBeChecked();
  });

  test('a rejected save shows the generic message, never the error text', async ({ openApp }) => {
    const app = await openApp({ locale: 'en-US', state: states.signedOut });
    await app.answer('setStaySignedInToKakao', { reject: 'Error invoking remote method: secret stack' });
    await app.page.getByRole('checkbox').click();
    await expect(app.page.getByTestId('stay-signed-in-error')).toHaveText(
      "Couldn't save this setting. Please try again.",
    );
    await expect(app.page.getByText('secret stack')).toHaveCount(0);
  });

  for (const [name, options] of [
    ['main cannot answer', { getPreferences: { reject: 'No handler registered' } }],
    ['main answers nonsense', { preferences: { staySignedInToKakao: 'yes' } }],
  ] as const) {
    test(`hidden when ${name}; signing in still works`, async ({ openApp }) => {
      const app = await openApp({ locale: 'en-US', state: states.signedOut, ...options });
      await expect(app.page.getByRole('button', { name: 'Login with Kakao' })).toBeEnabled();
      await expect.poll(() => app.calls()).toContain('getPreferences');
      await expect(app.page.getByTestId('stay-signed-in')).toHaveCount(0);
      await app.page.getByRole('button', { name: 'Use a different Kakao account' }).click();
      await expect.poll(() => app.argsOf('signIn')).toEqual([[{ prompt: 'select_account' }]]);
    });
  }

  test('extra fields from the bridge never render', async ({ openApp }) => {
    const app = await openApp({
      locale: 'en-US',
      state: states.signedOut,
      preferences: { staySignedInToKakao: true, refreshToken: 'rt-secret-value', kakaoCookie: 'ck-secret' },
    });
    await expect(app.page.getByRole('checkbox')).toBeChecked();
    const text = await app.page.locator('body').textContent();
    expect(text).not.toContain('rt-secret-value');
    expect(text).not.toContain('ck-secret');
  });
});

test.describe('while signing in', () => {
  test('the link and the checkbox wait with the Kakao button', async ({ openApp }) => {
    const app = await openApp({ locale: 'en-US', state: states.signingIn });
    await expect(app.page.getByRole('button', { name: 'Use a different Kakao account' })).toBeDisabled();
    await expect(app.page.getByRole('checkbox')).toBeDisabled();
    await app.emit(states.signedOut);
    await expect(app.page.getByRole('button', { name: 'Use a different Kakao account' })).toBeEnabled();
    await expect(app.page.getByRole('checkbox')).toBeEnabled();
  });

  test('a held "different account" call disables both sign-in actions once', async ({ openApp }) => {
    const app = await openApp({ locale: 'en-US', state: states.signedOut });
    await app.answer('signIn', 'hold');
    const another = app.page.getByRole('button', { name: 'Use a different Kakao account' });
    await another.click();
    await expect(another).toBeDisabled();
    await expect(app.page.getByRole('button', { name: 'Login with Kakao' })).toBeDisabled();
    await app.release('signIn', ok(states.signedIn).resolve);
    await expect(app.page.getByRole('heading', { name: '라이언' })).toBeVisible();
    expect(await app.argsOf('signIn')).toEqual([[{ prompt: 'select_account' }]]);
  });

  test('neither option shows once signed in', async ({ openApp }) => {
    const app = await openApp({ locale: 'en-US', state: states.signedIn });
    await expect(app.page.getByRole('button', { name: 'Sign out' })).toBeVisible();
    await expect(app.page.getByRole('button', { name: 'Use a different Kakao account' })).toHaveCount(0);
    await expect(app.page.getByTestId('stay-signed-in')).toHaveCount(0);
  });
});

test('keyboard: Kakao button, then the link, then the checkbox (Space toggles)', async ({ openApp }) => {
  const app = await openApp({ locale: 'ko-KR', state: states.signedOut });
  await expect(app.page.getByRole('heading', { name: '로그인' })).toBeFocused();
  await app.page.keyboard.press('Tab');
  await expect(app.page.getByRole('button', { name: '카카오 로그인' })).toBeFocused();
  await app.page.keyboard.press('Tab');
  await expect(app.page.getByRole('button', { name: '다른 카카오계정으로 로그인' })).toBeFocused();
  await app.page.keyboard.press('Tab');
  const checkbox = app.page.getByRole('checkbox', { name: '카카오계정 로그인 상태 유지' });
  await expect(checkbox).toBeFocused();
  await app.page.keyboard.press('Space');
  await expect(checkbox).toBeChecked();
  expect(await app.argsOf('setStaySignedInToKakao')).toEqual([[true]]);
});
