/**
 * The account panel (issue #11) against a fake `window.api` in real Chromium, in Korean and English: signed-in
 * devices (loading, failure and retry, signing another device out), delete account behind a confirmation
 * dialog (what happens, Escape, focus, failures that change nothing), sharing the email (Kakao's additional
 * consent; declining is no error), switch account, the offline panel, and "continue in your browser".
 */
import { devices, failed, GRANTED_EMAIL, ok, profileWithoutExtras, states } from './fake-api';
import { expect, test } from './harness';

const languages = [
  {
    lang: 'ko',
    locale: 'ko-KR',
    memberSince: '가입일 2026년 11월 30일',
    devicesTitle: '로그인된 기기',
    thisDevice: '이 기기',
    unknownDevice: '이름 없는 기기',
    // 2026-11-29T12:40Z is 21:40 in Seoul.
    phoneLastUsed: '마지막 사용: 2026. 11. 29. 오후 9:40',
    phoneSignedIn: '로그인: 2026. 10. 2. 오전 10:15',
    signOutPhone: 'Galaxy S24에서 로그아웃',
    signOutUnnamed: '이름 없는 기기에서 로그아웃',
    signingOutDevice: '로그아웃하는 중…',
    signOut: '로그아웃',
    loading: '기기 목록을 불러오는 중…',
    loadFailed: '기기 목록을 불러오지 못했습니다.',
    retry: '다시 시도',
    network: '서버에 연결할 수 없습니다. 인터넷 연결을 확인하세요.',
    unavailable: '서비스를 잠시 사용할 수 없습니다. 잠시 후 다시 시도하세요.',
    signOutDeviceFailed: '기기를 로그아웃하지 못했습니다.',
    deleteAccount: '계정 삭제',
    dialogTitle: '계정을 삭제할까요?',
    dialogData: 'Kakao Desktop 서버에 저장된 내 정보가 삭제됩니다.',
    dialogKakao: '이 앱과 카카오계정의 연결이 끊어집니다.',
    cancel: '취소',
    deleting: '삭제하는 중…',
    deleteFailed: '계정을 삭제하지 못했습니다. 아무것도 바뀌지 않았습니다.',
    deleted: '계정이 삭제되었고 카카오계정과의 연결이 끊어졌습니다.',
    kakaoLogin: '카카오 로그인',
    shareEmail: '내 이메일 공유하기',
    sharingEmail: '카카오 창에서 동의를 기다리는 중…',
    noEmail: '이메일 없음',
    switchAccount: '계정 전환',
    offlineNote: '다시 연결되면 로그인된 기기와 계정 설정이 표시됩니다.',
    inBrowser: '브라우저에서 로그인을 계속하세요',
    inBrowserDetail: '기본 브라우저에 카카오 로그인 페이지가 열렸습니다.',
    inWindow: 'Kakao 창에서 로그인을 계속하세요',
  },
  {
    lang: 'en',
    locale: 'en-US',
    memberSince: 'Member since November 30, 2026',
    devicesTitle: 'Signed-in devices',
    thisDevice: 'This device',
    unknownDevice: 'Unnamed device',
    phoneLastUsed: 'Last used Nov 29, 2026, 9:40 PM',
    phoneSignedIn: 'Signed in Oct 2, 2026, 10:15 AM',
    signOutPhone: 'Sign out Galaxy S24',
    signOutUnnamed: 'Sign out Unnamed device',
    signingOutDevice: 'Signing out…',
    signOut: 'Sign out',
    loading: 'Loading your devices…',
    loadFailed: "Couldn't load your devices.",
    retry: 'Try again',
    network: "Can't reach the server. Check your internet connection.",
    unavailable: 'The service is temporarily unavailable. Please try again shortly.',
    signOutDeviceFailed: "Couldn't sign out that device.",
    deleteAccount: 'Delete account',
    dialogTitle: 'Delete your account?',
    dialogData: 'Everything Kakao Desktop keeps about you on its server is deleted.',
    dialogKakao: 'This app is disconnected from your Kakao account.',
    cancel: 'Cancel',
    deleting: 'Deleting…',
    deleteFailed: 'Your account was not deleted; nothing changed.',
    deleted: 'Your account was deleted and the app is disconnected from your Kakao account.',
    kakaoLogin: 'Login with Kakao',
    shareEmail: 'Share my email',
    sharingEmail: 'Waiting for your consent in the Kakao window…',
    noEmail: 'No email',
    switchAccount: 'Switch account',
    offlineNote: 'Your devices and account settings will appear once you are back online.',
    inBrowser: 'Continue in your browser',
    inBrowserDetail: "Kakao's sign-in page opened in your default browser.",
    inWindow: 'Continue in the Kakao window',
  },
] as const;

for (const t of languages) {
  const open = (openApp: Parameters<Parameters<typeof test>[2]>[0]['openApp'], extra = {}) =>
    openApp({ locale: t.locale, state: states.signedIn, devices, ...extra });

  test.describe(`devices (${t.lang})`, () => {
    test('lists every device with its times, this one first and marked, sign out on the others', async ({
      openApp,
    }) => {
      const app = await open(openApp);
      const card = app.page.getByTestId('devices');
      await expect(card.getByRole('heading', { name: t.devicesTitle })).toBeVisible();
      const items = card.getByTestId('device');
      await expect(items).toHaveCount(3);
      await expect(items.nth(0)).toHaveAttribute('data-current', 'true');
      await expect(items.nth(0)).toContainText(t.thisDevice);
      await expect(items.nth(0).getByRole('button')).toHaveCount(0);
      await expect(items.nth(1)).toContainText('Galaxy S24');
      await expect(items.nth(1)).toContainText(t.phoneLastUsed);
      await expect(items.nth(1)).toContainText(t.phoneSignedIn);
      await expect(items.nth(2)).toContainText(t.unknownDevice);
      await expect(card.getByText(t.thisDevice, { exact: true })).toHaveCount(1);
      await expect(app.page.getByRole('button', { name: t.signOutPhone })).toBeEnabled();
      await expect(app.page.getByRole('button', { name: t.signOutUnnamed })).toBeEnabled();
      await expect(app.page.getByTestId('member-since')).toHaveText(t.memberSince);
    });

    test('signing another device out calls main with its id and shows the list main returns', async ({
      openApp,
    }) => {
      const app = await open(openApp, { devices: [...devices] });
      await app.answer('signOutDevice', 'hold');
      await app.page.getByRole('button', { name: t.signOutPhone }).click();
      await expect(app.page.getByRole('button', { name: t.signingOutDevice })).toBeDisabled();
      await expect(app.page.getByRole('button', { name: t.signOutUnnamed })).toBeDisabled();
      await app.release('signOutDevice', { ok: true, value: devices.filter((d) => d.id !== 'ses_phone') });
      await expect(app.page.getByTestId('device')).toHaveCount(2);
      await expect(app.page.getByText('Galaxy S24')).toHaveCount(0);
      expect(await app.argsOf('signOutDevice')).toEqual([['ses_phone']]);
      // An answer straight away (the fake drops that device from its own list) is shown too.
      await app.page.getByRole('button', { name: t.signOutUnnamed }).click();
      await expect(app.page.getByText(t.unknownDevice)).toHaveCount(0);
      expect(await app.argsOf('signOutDevice')).toEqual([['ses_phone'], ['ses_laptop']]);
      // The whole session never changed.
      await expect(app.page.getByTestId('profile-card')).toBeVisible();
    });

    test('a failed device sign-out says why and keeps the list', async ({ openApp }) => {
      const app = await open(openApp);
      await app.answer('signOutDevice', failed('backend_unavailable', 'Service unavailable'));
      await app.page.getByRole('button', { name: t.signOutPhone }).click();
      const error = app.page.getByTestId('device-sign-out-error');
      await expect(error).toContainText(t.signOutDeviceFailed);
      await expect(error).toContainText(t.unavailable);
      await expect(error).toHaveAttribute('role', 'alert');
      await expect(app.page.getByTestId('device')).toHaveCount(3);
      await expect(app.page.getByRole('button', { name: t.signOutPhone })).toBeEnabled();
    });

    test('loading, then a failure with retry, then the list', async ({ openApp }) => {
      const app = await openApp({ locale: t.locale, state: states.starting, getState: 'hold', devices });
      await app.answer('listDevices', 'hold');
      await app.release('getState', states.signedIn);
      await expect(app.page.getByTestId('devices-loading')).toHaveText(t.loading);
      await app.release('listDevices', { ok: false, code: 'network', message: 'unreachable' });
      await expect(app.page.getByTestId('devices-loading')).toHaveCount(0);
      const error = app.page.getByTestId('devices-error');
      await expect(error).toContainText(t.loadFailed);
      await expect(error).toContainText(t.network);
      await expect(app.page.getByTestId('device')).toHaveCount(0);
      await app.page.getByRole('button', { name: t.retry }).click();
      await expect(app.page.getByTestId('device')).toHaveCount(3);
      await expect(error).toHaveCount(0);
      expect((await app.calls()).filter((c) => c === 'listDevices')).toHaveLength(2);
    });

    test('a rejected listDevices shows the generic message, never the error text', async ({ openApp }) => {
      const app = await openApp({ locale: t.locale, state: states.starting, getState: 'hold', devices });
      await app.answer('listDevices', { reject: 'ipc exploded: eyJhbGciOi.secretsecret.sig' });
      await app.release('getState', states.signedIn);
      await expect(app.page.getByTestId('devices-error')).toContainText(t.loadFailed);
      await expect(app.page.getByText('ipc exploded')).toHaveCount(0);
    });
  });

  test.describe(`delete account (${t.lang})`, () => {
    test('the dialog says what happens; Escape and Cancel change nothing and give focus back', async ({
      openApp,
    }) => {
      const app = await open(openApp);
      const opener = app.page.getByRole('button', { name: t.deleteAccount });
      await opener.click();
      const dialog = app.page.getByRole('dialog', { name: t.dialogTitle });
      await expect(dialog).toBeVisible();
      await expect(dialog).toHaveAttribute('aria-modal', 'true');
      await expect(dialog).toContainText(t.dialogData);
      await expect(dialog).toContainText(t.dialogKakao);
      // Focus starts on the safe choice.
      await expect(dialog.getByRole('button', { name: t.cancel })).toBeFocused();
      // Tab stays inside the modal dialog.
      await app.page.keyboard.press('Tab');
      await expect(dialog.getByRole('button', { name: t.deleteAccount })).toBeFocused();

      await app.page.keyboard.press('Escape');
      await expect(dialog).toHaveCount(0);
      await expect(opener).toBeFocused();

      await opener.click();
      await app.page.getByRole('dialog').getByRole('button', { name: t.cancel }).click();
      await expect(app.page.getByRole('dialog')).toHaveCount(0);
      await expect(opener).toBeFocused();
      expect(await app.calls()).not.toContain('deleteAccount');
      await expect(app.page.getByTestId('profile-card')).toBeVisible();
    });

    test('confirming deletes; the sign-in screen says the account is gone', async ({ openApp }) => {
      const app = await open(openApp);
      await app.answer('deleteAccount', 'hold');
      await app.page.getByRole('button', { name: t.deleteAccount }).click();
      const dialog = app.page.getByRole('dialog');
      await dialog.getByRole('button', { name: t.deleteAccount }).click();
      await expect(dialog.getByRole('button', { name: t.deleting })).toBeDisabled();
      await expect(dialog.getByRole('button', { name: t.cancel })).toBeDisabled();
      // A delete in flight cannot be half-cancelled.
      await app.page.keyboard.press('Escape');
      await expect(dialog).toBeVisible();
      // Main pushes signed-out, then the call answers.
      await app.emit(states.signedOut);
      await app.release('deleteAccount', ok(states.signedOut).resolve);
      await expect(app.page.getByRole('dialog')).toHaveCount(0);
      await expect(app.page.getByRole('button', { name: t.kakaoLogin })).toBeVisible();
      await expect(app.page.getByTestId('account-deleted')).toHaveText(t.deleted);
      expect((await app.calls()).filter((c) => c === 'deleteAccount')).toHaveLength(1);
      // The note is about that deletion only: the next sign-in attempt clears it.
      await app.page.getByRole('button', { name: t.kakaoLogin }).click();
      await expect(app.page.getByTestId('account-deleted')).toHaveCount(0);
    });

    for (const [code, text] of [
      ['network', t.network],
      ['backend_unavailable', t.unavailable],
    ] as const) {
      test(`${code}: the dialog says nothing changed, still signed in, can retry`, async ({ openApp }) => {
        const app = await open(openApp);
        await app.answer('deleteAccount', failed(code, 'failed'));
        await app.page.getByRole('button', { name: t.deleteAccount }).click();
        const dialog = app.page.getByRole('dialog');
        await dialog.getByRole('button', { name: t.deleteAccount }).click();
        const error = dialog.getByTestId('delete-error');
        await expect(error).toContainText(t.deleteFailed);
        await expect(error).toContainText(text);
        await expect(error).toHaveAttribute('role', 'alert');
        // Told once, inside the dialog, not again behind it.
        await expect(app.page.getByTestId('action-error')).toHaveCount(0);
        await expect(app.page.getByTestId('profile-card')).toBeVisible();
        // Retry goes through (the fake's default: main pushes signed-out).
        await dialog.getByRole('button', { name: t.deleteAccount }).click();
        await expect(app.page.getByTestId('account-deleted')).toHaveText(t.deleted);
        expect((await app.calls()).filter((c) => c === 'deleteAccount')).toHaveLength(2);
      });
    }

    test('an earlier failure is not shown when the dialog opens again', async ({ openApp }) => {
      const app = await open(openApp);
      await app.answer('deleteAccount', failed('network', 'failed'));
      await app.page.getByRole('button', { name: t.deleteAccount }).click();
      await app.page.getByRole('dialog').getByRole('button', { name: t.deleteAccount }).click();
      await expect(app.page.getByTestId('delete-error')).toBeVisible();
      await app.page.keyboard.press('Escape');
      await app.page.getByRole('button', { name: t.deleteAccount }).click();
      await expect(app.page.getByRole('dialog')).toBeVisible();
      await expect(app.page.getByTestId('delete-error')).toHaveCount(0);
    });
  });

  test.describe(`share email and switch account (${t.lang})`, () => {
    const noEmail = { ...states.signedIn, profile: profileWithoutExtras };

    test('declining the consent is not an error: nothing alarming, the offer stays', async ({ openApp }) => {
      const app = await open(openApp, { state: noEmail });
      await app.answer('requestConsent', 'hold');
      await app.page.getByRole('button', { name: t.shareEmail }).click();
      await expect(app.page.getByRole('button', { name: t.sharingEmail })).toBeDisabled();
      await app.release('requestConsent', { ok: true, value: noEmail });
      await expect(app.page.getByRole('button', { name: t.shareEmail })).toBeEnabled();
      expect(await app.argsOf('requestConsent')).toEqual([['email']]);
      await expect(app.page.getByRole('alert')).toHaveCount(0);
      await expect(app.page.getByTestId('action-error')).toHaveCount(0);
      await expect(app.page.getByTestId('profile-card')).toContainText(t.noEmail);
    });

    test('a cancelled consent window is the user’s answer too, not an error', async ({ openApp }) => {
      const app = await open(openApp, { state: noEmail });
      await app.answer('requestConsent', failed('cancelled', 'closed'));
      await app.page.getByRole('button', { name: t.shareEmail }).click();
      await expect(app.page.getByRole('button', { name: t.shareEmail })).toBeEnabled();
      await expect.poll(() => app.calls()).toContain('requestConsent');
      await expect(app.page.getByTestId('action-error')).toHaveCount(0);
    });

    test('granting shows the email and the offer goes away', async ({ openApp }) => {
      const app = await open(openApp, { state: noEmail, consent: 'grant' });
      await app.page.getByRole('button', { name: t.shareEmail }).click();
      await expect(app.page.getByTestId('profile-card')).toContainText(GRANTED_EMAIL);
      await expect(app.page.getByRole('button', { name: t.shareEmail })).toHaveCount(0);
    });

    test('a failed consent request says why and keeps the session', async ({ openApp }) => {
      const app = await open(openApp, { state: noEmail });
      await app.answer('requestConsent', failed('network', 'unreachable'));
      await app.page.getByRole('button', { name: t.shareEmail }).click();
      await expect(app.page.getByTestId('action-error')).toHaveText(t.network);
      await expect(app.page.getByTestId('profile-card')).toBeVisible();
    });

    test('with an email there is no offer to share one', async ({ openApp }) => {
      const app = await open(openApp);
      await expect(app.page.getByTestId('profile-card')).toBeVisible();
      await expect(app.page.getByRole('button', { name: t.shareEmail })).toHaveCount(0);
    });

    test('switch account signs out, then opens Kakao’s account chooser', async ({ openApp }) => {
      const app = await open(openApp);
      await app.page.getByRole('button', { name: t.switchAccount }).click();
      await expect.poll(() => app.argsOf('signIn')).toEqual([[{ prompt: 'select_account' }]]);
      const calls = await app.calls();
      expect(calls.indexOf('signOut')).toBeGreaterThanOrEqual(0);
      expect(calls.indexOf('signOut')).toBeLessThan(calls.indexOf('signIn'));
    });

    test('switch account stops when signing out fails', async ({ openApp }) => {
      const app = await open(openApp);
      await app.answer('signOut', failed('keychain_unavailable', 'no keychain'));
      await app.page.getByRole('button', { name: t.switchAccount }).click();
      await expect(app.page.getByTestId('action-error')).toBeVisible();
      expect(await app.calls()).not.toContain('signIn');
      await expect(app.page.getByRole('button', { name: t.switchAccount })).toBeEnabled();
    });
  });

  test.describe(`offline and sign-in surfaces (${t.lang})`, () => {
    test('offline: the profile and sign out, no devices or deleting (they need the network)', async ({
      openApp,
    }) => {
      const app = await open(openApp, { state: states.offline });
      await expect(app.page.getByTestId('account-offline')).toHaveText(t.offlineNote);
      await expect(app.page.getByRole('button', { name: t.signOut, exact: true })).toBeEnabled();
      await expect(app.page.getByTestId('devices')).toHaveCount(0);
      await expect(app.page.getByRole('button', { name: t.deleteAccount })).toHaveCount(0);
      await expect(app.page.getByRole('button', { name: t.switchAccount })).toHaveCount(0);
      expect(await app.calls()).not.toContain('listDevices');
      // Back online: the devices load.
      await app.emit(states.signedIn);
      await expect(app.page.getByTestId('device')).toHaveCount(3);
    });

    test('system-browser sign-in says to continue in the browser', async ({ openApp }) => {
      const app = await openApp({ locale: t.locale, state: { ...states.signingIn, via: 'browser' } });
      await expect(app.page.getByTestId('signing-in')).toContainText(t.inBrowser);
      await expect(app.page.getByTestId('signing-in')).toContainText(t.inBrowserDetail);
      await expect(app.page.getByTestId('live-status')).toHaveText(t.inBrowser);
      await expect(app.page.getByRole('button', { name: t.kakaoLogin })).toBeDisabled();
      await app.emit({ ...states.signingIn, via: 'window' });
      await expect(app.page.getByTestId('signing-in')).toHaveText(t.inWindow);
    });
  });
}

test.describe('language goes to main (the native menu follows)', () => {
  test('the OS language is sent once at start, then every switch', async ({ openApp }) => {
    const app = await openApp({ locale: 'ko-KR', state: states.signedOut });
    await expect.poll(() => app.argsOf('setLanguage')).toEqual([['ko']]);
    await app.page.getByRole('button', { name: 'English' }).click();
    await expect.poll(() => app.argsOf('setLanguage')).toEqual([['ko'], ['en']]);
    await app.page.getByRole('button', { name: '한국어' }).click();
    await expect.poll(() => app.argsOf('setLanguage')).toEqual([['ko'], ['en'], ['ko']]);
  });

  test('the language main keeps wins over the OS language', async ({ openApp }) => {
    const app = await openApp({
      locale: 'ko-KR',
      state: states.signedOut,
      preferences: { language: 'en', staySignedInToKakao: false },
    });
    await expect(app.page.getByRole('button', { name: 'Login with Kakao' })).toBeVisible();
    await expect(app.page.locator('html')).toHaveAttribute('lang', 'en');
    await expect.poll(() => app.argsOf('setLanguage')).toEqual([['en']]);
  });

  test('a failed setLanguage leaves the page in the chosen language, with no error shown', async ({
    openApp,
  }) => {
    const app = await openApp({ locale: 'en-US', state: states.signedOut });
    await expect.poll(() => app.argsOf('setLanguage')).toEqual([['en']]);
    await app.answer('setLanguage', { reject: 'no menu' });
    await app.page.getByRole('button', { name: '한국어' }).click();
    await expect(app.page.getByRole('button', { name: '카카오 로그인' })).toBeVisible();
    await expect(app.page.getByRole('alert')).toHaveCount(0);
  });
});
