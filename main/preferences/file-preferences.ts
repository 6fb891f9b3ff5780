/**
 * The app's preferences store as it is on disk, without Electron: `createElectronPreferences`
 * (main/electron/preferences-store.ts) on `conf`, the library electron-store is a thin subclass of (electron-store
 * only adds Electron's userData folder as the default `cwd`). Same options, same validation, same JSON file,
 * in a folder the caller chooses. The browser shell keeps its preferences with it, and tests read exactly what
 * the app would leave on the user's disk. (electron-store itself cannot load in plain Node: it imports `electron`.)
 */
import Conf from 'conf';
import {
  DEFAULT_PREFERENCES,
  type Preferences,
  type PreferencesStore,
  preferencesOnStore,
} from './preferences';

export function createFilePreferences(
  cwd: string,
  name = 'preferences',
): PreferencesStore & { path: string } {
  const store = new Conf<Preferences>({
    cwd,
    configName: name,
    defaults: DEFAULT_PREFERENCES,
    clearInvalidConfig: true,
  });
  return { ...preferencesOnStore(store), path: store.path };
}
