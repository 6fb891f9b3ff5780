import {
  DEFAULT_PREFERENCES,
  mergePreferences,
  type Preferences,
  type PreferencesStore,
} from '../../../main/preferences/preferences';

/** Preferences in memory, through the same validating merge as the real store: for tests and benchmarks. */
export class MemoryPreferences implements PreferencesStore {
  private current: Preferences;
  constructor(initial: Partial<Preferences> = {}) {
    this.current = mergePreferences(DEFAULT_PREFERENCES, initial);
  }
  get(): Preferences {
    return this.current;
  }
  update(patch: Partial<Preferences>): Preferences {
    this.current = mergePreferences(this.current, patch);
    return this.current;
  }
}
