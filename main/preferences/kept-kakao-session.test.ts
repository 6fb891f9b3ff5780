import { describe, expect, it, vi } from 'vitest';
import { FakeAuthWindow } from '../../test/helpers/fakes';
import { MemoryPreferences } from '../../test/helpers/fakes/memory-preferences';
import type { AuthWindowRequest } from '../auth/auth-window-port';
import { createKeptKakaoSession } from './kept-kakao-session';

function setup() {
  const preferences = new MemoryPreferences();
  const clearKakaoSession = vi.fn(async () => {});
  const log = vi.fn();
  const kakao = createKeptKakaoSession({ preferences, clearKakaoSession, log });
  return { preferences, clearKakaoSession, log, kakao };
}

const request = (signal = new AbortController().signal): AuthWindowRequest => ({
  authorizeUrl: 'http://127.0.0.1:9010/oauth/authorize?state=s',
  redirectUri: 'http://localhost:9021/callback',
  expectedState: 's',
  allowedOrigins: ['http://127.0.0.1:9010'],
  keepKakaoSession: false,
  signal,
});

describe('KeptKakaoSession', () => {
  it('reads and saves the preference; turning it on clears nothing', async () => {
    const { kakao, preferences, clearKakaoSession } = setup();
    expect(kakao.getStaySignedInToKakao()).toBe(false);
    await kakao.setStaySignedInToKakao(true);
    expect(preferences.get().staySignedInToKakao).toBe(true);
    expect(kakao.getStaySignedInToKakao()).toBe(true);
    expect(clearKakaoSession).not.toHaveBeenCalled();
  });

  it('turning it off also forgets the kept Kakao session', async () => {
    const { kakao, preferences, clearKakaoSession } = setup();
    preferences.update({ staySignedInToKakao: true });
    await kakao.setStaySignedInToKakao(false);
    expect(preferences.get().staySignedInToKakao).toBe(false);
    expect(clearKakaoSession).toHaveBeenCalledOnce();
  });

  it('a failure to clear is logged, not thrown: the choice is saved and sign-out clears again', async () => {
    const { kakao, preferences, clearKakaoSession, log } = setup();
    preferences.update({ staySignedInToKakao: true });
    clearKakaoSession.mockRejectedValueOnce(new Error('clearStorageData failed'));
    await kakao.setStaySignedInToKakao(false);
    expect(preferences.get().staySignedInToKakao).toBe(false);
    expect(log).toHaveBeenCalledWith('clearing the Kakao session failed', expect.any(Object));
    await kakao.forget(); // what sign-out calls
    expect(clearKakaoSession).toHaveBeenCalledTimes(2);
  });

  it.each([true, false])('a preferences store that cannot save makes set(%s) throw', async (value) => {
    const { kakao, preferences, clearKakaoSession } = setup();
    preferences.update({ staySignedInToKakao: !value });
    vi.spyOn(preferences, 'update').mockImplementation(() => {
      throw new Error('EACCES');
    });
    await expect(kakao.setStaySignedInToKakao(value)).rejects.toThrow('EACCES');
    expect(preferences.get().staySignedInToKakao).toBe(!value);
    // Turning it off still forgets Kakao: the user asked for that, whatever the disk says.
    expect(clearKakaoSession).toHaveBeenCalledTimes(value ? 0 : 1);
  });

  it.each([true, false])(
    "the sign-in window keeps Kakao's session exactly when the choice is on (%s)",
    async (stay) => {
      const { kakao, preferences, clearKakaoSession } = setup();
      preferences.update({ staySignedInToKakao: stay });
      const window = new FakeAuthWindow();
      expect(await kakao.keepingOpener(window.open)(request())).toEqual({ kind: 'code', code: 'good-code' });
      expect(window.requests[0]!.keepKakaoSession).toBe(stay);
      expect(window.requests[0]!.authorizeUrl).toBe(request().authorizeUrl);
      expect(clearKakaoSession).not.toHaveBeenCalled();
    },
  );

  it('turned off while a window that keeps the session is open: forgets what it kept, even if it failed', async () => {
    const { kakao, preferences, clearKakaoSession } = setup();
    preferences.update({ staySignedInToKakao: true });
    let fail: (error: Error) => void = () => {};
    const open = kakao.keepingOpener(() => new Promise((_, reject) => (fail = reject)));
    const opened = open(request());
    await kakao.setStaySignedInToKakao(false);
    expect(clearKakaoSession).toHaveBeenCalledTimes(1);
    fail(new Error('window crashed'));
    await expect(opened).rejects.toThrow('window crashed');
    await vi.waitFor(() => expect(clearKakaoSession).toHaveBeenCalledTimes(2));
  });

  it('without a kept session to clear, forget does nothing', async () => {
    const kakao = createKeptKakaoSession({ preferences: new MemoryPreferences() });
    await expect(kakao.forget()).resolves.toBeUndefined();
  });
});
