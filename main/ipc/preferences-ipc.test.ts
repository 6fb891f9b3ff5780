/** The preferences channels: what the renderer sees, argument checks, the sender check, failures as values. */
import { describe, expect, it, vi } from 'vitest';
import { MemoryPreferences } from '../preferences/preferences';
import { createPreferencesIpcHandlers } from './preferences-ipc';
import { UntrustedSenderError } from './trusted-sender';

const renderer = { indexHtmlPath: '/app/out/renderer/index.html' };
const trusted = { frameUrl: 'file:///app/out/renderer/index.html', isMainFrame: true };
const foreign = { frameUrl: 'https://evil.com/', isMainFrame: true };
const otherFile = { frameUrl: 'file:///tmp/other.html', isMainFrame: true };
const subFrame = { ...trusted, isMainFrame: false };

function fakePort(initial = false) {
  let value = initial;
  return {
    getStaySignedInToKakao: vi.fn(() => value),
    setStaySignedInToKakao: vi.fn(async (next: boolean) => {
      value = next;
    }),
  };
}

describe('preferences IPC handlers', () => {
  it('saves the language the renderer picked and refuses any other value', async () => {
    const preferences = new MemoryPreferences();
    const handlers = createPreferencesIpcHandlers(fakePort(false), preferences, renderer);
    expect(await handlers['preferences:set-language'](trusted, 'ko')).toEqual({
      ok: true,
      value: { language: 'ko', staySignedInToKakao: false },
    });
    expect(preferences.get().language).toBe('ko');
    for (const bad of [[], ['jp'], ['ko', 'en'], [null], [{ language: 'en' }]]) {
      expect(await handlers['preferences:set-language'](trusted, ...bad)).toMatchObject({
        ok: false,
        code: 'invalid_argument',
      });
    }
    expect(preferences.get().language).toBe('ko');
    await expect(
      handlers['preferences:set-language']({ frameUrl: 'https://evil.example/', isMainFrame: true }, 'en'),
    ).rejects.toThrow(UntrustedSenderError);
  });

  it('reports only the renderer-visible preference', async () => {
    const handlers = createPreferencesIpcHandlers(fakePort(true), new MemoryPreferences(), renderer);
    expect(await handlers['preferences:get'](trusted)).toEqual({ language: null, staySignedInToKakao: true });
  });

  it.each([true, false])('sets staySignedInToKakao to %s and answers with the saved value', async (value) => {
    const port = fakePort(!value);
    const handlers = createPreferencesIpcHandlers(port, new MemoryPreferences(), renderer);
    expect(await handlers['preferences:set-stay-signed-in-to-kakao'](trusted, value)).toEqual({
      ok: true,
      value: { language: null, staySignedInToKakao: value },
    });
    expect(port.setStaySignedInToKakao).toHaveBeenCalledExactlyOnceWith(value);
    expect(await handlers['preferences:get'](trusted)).toEqual({
      language: null,
      staySignedInToKakao: value,
    });
  });

  it.each([[[]], [['true']], [[1]], [[null]], [[{ value: true }]], [[true, 'extra']]])(
    'refuses arguments %j with invalid_argument and changes nothing',
    async (args) => {
      const port = fakePort(true);
      const handlers = createPreferencesIpcHandlers(port, new MemoryPreferences(), renderer);
      expect(await handlers['preferences:set-stay-signed-in-to-kakao'](trusted, ...args)).toEqual({
        ok: false,
        code: 'invalid_argument',
        message: expect.stringMatching(/\w/),
      });
      expect(port.setStaySignedInToKakao).not.toHaveBeenCalled();
    },
  );

  it.each([
    ['another origin', foreign],
    ['another file', otherFile],
    ['a sub-frame', subFrame],
  ])('refuses both channels from %s without touching the preference', async (_name, sender) => {
    const port = fakePort(true);
    const handlers = createPreferencesIpcHandlers(port, new MemoryPreferences(), renderer);
    await expect(handlers['preferences:get'](sender)).rejects.toBeInstanceOf(UntrustedSenderError);
    await expect(handlers['preferences:set-stay-signed-in-to-kakao'](sender, false)).rejects.toBeInstanceOf(
      UntrustedSenderError,
    );
    expect(port.getStaySignedInToKakao).not.toHaveBeenCalled();
    expect(port.setStaySignedInToKakao).not.toHaveBeenCalled();
  });

  it('turns a failed save into a typed result with no internals', async () => {
    const port = fakePort(true);
    port.setStaySignedInToKakao.mockRejectedValueOnce(
      new Error('EACCES /home/user/.config/preferences.json'),
    );
    const handlers = createPreferencesIpcHandlers(port, new MemoryPreferences(), renderer);
    const result = await handlers['preferences:set-stay-signed-in-to-kakao'](trusted, false);
    expect(result).toEqual({ ok: false, code: 'internal', message: expect.stringMatching(/\w/) });
    expect(JSON.stringify(result)).not.toContain('EACCES');
  });
});
