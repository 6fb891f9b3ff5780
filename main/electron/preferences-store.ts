/** The preferences port on electron-store (JSON in the app's userData folder). Thin: validation is in the port. */
import Store from 'electron-store';
import {
  DEFAULT_PREFERENCES,
  type Preferences,
  type PreferencesStore,
  preferencesOnStore,
} from '../preferences/preferences';

export function createElectronPreferences(name = 'preferences'): PreferencesStore {
  const store = new Store<Preferences>({ name, defaults: DEFAULT_PREFERENCES, clearInvalidConfig: true });
  return preferencesOnStore(store);
}
