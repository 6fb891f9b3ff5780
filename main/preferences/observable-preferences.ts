/**
 * A preferences store that tells listeners about every saved change, so parts of main that mirror a preference
 * (the menu's language) follow it whichever path changed it (IPC, the session manager, a test).
 */
import type { Preferences, PreferencesStore } from './preferences';

export type PreferencesListener = (next: Preferences, previous: Preferences) => void;

export interface ObservablePreferencesStore extends PreferencesStore {
  /** Called after each successful update (not for the current value). Returns the unsubscribe function. */
  subscribe(listener: PreferencesListener): () => void;
}

export function observablePreferences(store: PreferencesStore): ObservablePreferencesStore {
  const listeners = new Set<PreferencesListener>();
  return {
    get: () => store.get(),
    update(patch) {
      const previous = store.get();
      const next = store.update(patch); // throws (and notifies nobody) when the patch is refused
      for (const listener of [...listeners]) {
        try {
          listener(next, previous);
        } catch {
          // A listener's failure is its own: the preference is saved and the caller must hear success.
        }
      }
      return next;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}
