/** The electron-store adapter on a fake electron-store: validated reads and writes, nothing else on disk. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeProfile } from '../../test/helpers/fakes/profile';
import { DEFAULT_PREFERENCES } from '../preferences/preferences';
import { createElectronPreferences } from './preferences-store';

const disk = vi.hoisted(() => ({ data: undefined as unknown, options: undefined as unknown }));

vi.mock('electron-store', () => ({
  default: class FakeStore {
    constructor(options: { defaults: unknown }) {
      disk.options = options;
      if (disk.data === undefined) disk.data = options.defaults;
    }
    get store() {
      return disk.data;
    }
    set store(value: unknown) {
      disk.data = JSON.parse(JSON.stringify(value));
    }
  },
}));

describe('electron-store preferences', () => {
  beforeEach(() => {
    disk.data = undefined;
  });

  it('starts from the defaults and writes valid updates through', () => {
    const prefs = createElectronPreferences();
    expect(prefs.get()).toEqual(DEFAULT_PREFERENCES);
    prefs.update({ lastProfile: fakeProfile(), staySignedInToKakao: true });
    expect(disk.data).toEqual({
      ...DEFAULT_PREFERENCES,
      lastProfile: fakeProfile(),
      staySignedInToKakao: true,
    });
    expect(disk.options).toMatchObject({ name: 'preferences', clearInvalidConfig: true });
  });

  it('refuses a token field and leaves the file as it was', () => {
    const prefs = createElectronPreferences();
    prefs.update({ language: 'ko' });
    const before = JSON.stringify(disk.data);
    expect(() => prefs.update({ refresh_token: 'rt-secret' } as never)).toThrow();
    expect(JSON.stringify(disk.data)).toBe(before);
  });

  it('reads a hand-edited file safely: bad fields fall back, unknown ones are dropped', () => {
    disk.data = { language: 'xx', staySignedInToKakao: true, access_token: 'at-secret' };
    const prefs = createElectronPreferences();
    expect(prefs.get()).toEqual({ ...DEFAULT_PREFERENCES, staySignedInToKakao: true });
    prefs.update({ language: 'en' });
    expect(JSON.stringify(disk.data)).not.toContain('at-secret');
  });
});
