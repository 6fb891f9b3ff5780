import { describe, expect, it } from 'vitest';
import { MemoryPreferences } from '../../test/helpers/fakes/memory-preferences';
import { fakeProfile } from '../../test/helpers/fakes/profile';
import { DEFAULT_PREFERENCES, readPreferences } from './preferences';

describe('preferences', () => {
  it('starts from the defaults and merges valid patches', () => {
    const prefs = new MemoryPreferences();
    expect(prefs.get()).toEqual(DEFAULT_PREFERENCES);
    prefs.update({ language: 'ko', windowBounds: { x: 1, y: 2, width: 800, height: 600 } });
    prefs.update({ staySignedInToKakao: true });
    expect(prefs.get()).toMatchObject({
      language: 'ko',
      staySignedInToKakao: true,
      windowBounds: { width: 800 },
    });
  });

  it.each([
    [{ refresh_token: 'rt-secret' }],
    [{ accessToken: 'at-secret' }],
    [{ tokens: { refresh: 'x' } }],
    [{ windowBounds: { width: 800, height: 600, token: 'x' } }],
    [{ language: 'fr' }],
    [{ staySignedInToKakao: 'yes' }],
  ])('refuses %j and stores nothing', (patch) => {
    const prefs = new MemoryPreferences({ language: 'en' });
    expect(() => prefs.update(patch as never)).toThrow();
    expect(prefs.get()).toEqual({ ...DEFAULT_PREFERENCES, language: 'en' });
  });

  it('strips anything but the profile fields from the cached profile', () => {
    const prefs = new MemoryPreferences();
    prefs.update({ lastProfile: { ...fakeProfile(), access_token: 'at-secret' } as never });
    expect(JSON.stringify(prefs.get())).not.toContain('at-secret');
    expect(prefs.get().lastProfile).toEqual(fakeProfile());
  });

  it('reads a damaged file field by field, falling back to defaults', () => {
    expect(readPreferences(null)).toEqual(DEFAULT_PREFERENCES);
    expect(readPreferences('garbage')).toEqual(DEFAULT_PREFERENCES);
    expect(
      readPreferences({
        language: 'ko',
        windowBounds: { width: -1 },
        refresh_token: 'x',
        staySignedInToKakao: true,
      }),
    ).toEqual({ ...DEFAULT_PREFERENCES, language: 'ko', staySignedInToKakao: true });
  });
});
