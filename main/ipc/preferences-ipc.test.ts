/** The preferences channels: what the renderer sees, argument checks, failures as values (the sender: desktop-handlers). */
import { describe, expect, it, vi } from 'vitest';
import { MemoryPreferences } from '../../test/helpers/fakes/memory-preferences';
import { createPreferencesIpcHandlers } from './preferences-ipc';

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
    const handlers = createPreferencesIpcHandlers(fakePort(false), preferences);
    expect(await handlers['preferences:set-language']('ko')).toEqual({
      ok: true,
      value: { language: 'ko', staySignedInToKakao: false },
    });
    expect(preferences.get().language).toBe('ko');
    for (const bad of [[], ['jp'], ['ko', 'en'], [null], [{ language: 'en' }]]) {
      expect(await handlers['preferences:set-language'](...bad)).toMatchObject({
        ok: false,
        code: 'invalid_argument',
      });
    }
    expect(preferences.get().language).toBe('ko');
  });

  it('reports only the renderer-visible preference', async () => {
    const handlers = createPreferencesIpcHandlers(fakePort(true), new MemoryPreferences());
    expect(await handlers['preferences:get']()).toEqual({ language: null, staySignedInToKakao: true });
  });

  it.each([true, false])('sets staySignedInToKakao to %s and answers with the saved value', async (value) => {
    const port = fakePort(!value);
    const handlers = createPreferencesIpcHandlers(port, new MemoryPreferences());
    expect(await handlers['preferences:set-stay-signed-in-to-kakao'](value)).toEqual({
      ok: true,
      value: { language: null, staySignedInToKakao: value },
    });
    expect(port.setStaySignedInToKakao).toHaveBeenCalledExactlyOnceWith(value);
    expect(await handlers['preferences:get']()).toEqual({
      language: null,
      staySignedInToKakao: value,
    });
  });

  it.each([[[]], [['true']], [[1]], [[null]], [[{ value: true }]], [[true, 'extra']]])(
    'refuses arguments %j with invalid_argument and changes nothing',
    async (args) => {
      const port = fakePort(true);
      const handlers = createPreferencesIpcHandlers(port, new MemoryPreferences());
      expect(await handlers['preferences:set-stay-signed-in-to-kakao'](...args)).toEqual({
        ok: false,
        code: 'invalid_argument',
      });
      expect(port.setStaySignedInToKakao).not.toHaveBeenCalled();
    },
  );

  it('turns a failed save into a typed result with no internals', async () => {
    const port = fakePort(true);
    port.setStaySignedInToKakao.mockRejectedValueOnce(
      new Error('EACCES /home/user/.config/preferences.json'),
    );
    const handlers = createPreferencesIpcHandlers(port, new MemoryPreferences());
    const result = await handlers['preferences:set-stay-signed-in-to-kakao'](false);
    expect(result).toEqual({ ok: false, code: 'internal' });
    expect(JSON.stringify(result)).not.toContain('EACCES');
  });
});
