/** The preferences port on electron-store (JSON in the app's userData folder). Thin: validation is in the port. */
import Store from 'electron-store';
import {
  DEFAULT_PREFERENCES,
  mergePreferences,
  type Preferences,
  type PreferencesStore,
  readPreferences,
} from '../preferences/preferences';

export function createElectronPreferences(name = 'preferences'): PreferencesStore {
  const store = new Store<Preferences>({ name, defaults: DEFAULT_PREFERENCES, clearInvalidConfig: true });
  let current = readPreferences(store.store);
  return {
    get: () => current,
    update(patch) {
      const next = mergePreferences(current, patch);
      store.store = next;
      current = next;
      return next;
    },
  };
}
