/**
 * "Stay signed in to Kakao": the user's choice (a preference) and the Kakao web session the sign-in window
 * keeps because of it. While the choice is on, the sign-in window keeps Kakao's cookie between sign-ins; turning
 * it off, signing out and deleting the account forget it. The session manager knows none of this: it opens
 * Kakao through `keepingOpener(open)` and calls `forget` when the user signs out.
 */
import type { AuthWindowOpener } from '../auth/auth-window-port';
import type { PreferencesStore } from './preferences';

export interface KeptKakaoSessionDeps {
  preferences: Pick<PreferencesStore, 'get' | 'update'>;
  /** Clears the sign-in window's kept Kakao session (cookies, storage): the auth window's `clearKakaoSession`. */
  clearKakaoSession?: () => Promise<void>;
  /** Event names and error names only. */
  log?: (event: string, details?: Record<string, string>) => void;
}

export interface KeptKakaoSession {
  getStaySignedInToKakao(): boolean;
  /**
   * Save the choice. Turning it off also forgets the kept Kakao session, so the next sign-in starts at Kakao's
   * login form. Throws when the preference cannot be saved; turning it off forgets Kakao even then.
   */
  setStaySignedInToKakao(value: boolean): Promise<void>;
  /** Best effort, never throws: a failure is logged, and the next sign-out (or turning it off) tries again. */
  forget(): Promise<void>;
  /**
   * `open` with `keepKakaoSession` set from the choice; a window that kept the session while the choice was
   * turned off is followed by `forget`, so it does not keep what it just kept.
   */
  keepingOpener(open: AuthWindowOpener): AuthWindowOpener;
}

export function createKeptKakaoSession(deps: KeptKakaoSessionDeps): KeptKakaoSession {
  const log = deps.log ?? (() => {});
  const staySignedIn = () => deps.preferences.get().staySignedInToKakao;
  const errorName = (error: unknown) => ({ error: error instanceof Error ? error.name : typeof error });

  const forget = async (): Promise<void> => {
    if (!deps.clearKakaoSession) return;
    await deps
      .clearKakaoSession()
      .catch((error: unknown) => log('clearing the Kakao session failed', errorName(error)));
  };

  return {
    getStaySignedInToKakao: staySignedIn,
    async setStaySignedInToKakao(value) {
      try {
        deps.preferences.update({ staySignedInToKakao: value });
      } catch (error) {
        log('saving preferences failed', errorName(error));
        if (!value) await forget(); // the user asked Kakao to be forgotten, whatever the disk says
        throw error;
      }
      if (!value) await forget();
    },
    forget,
    keepingOpener: (open) => async (request) => {
      const keep = staySignedIn();
      try {
        return await open({ ...request, keepKakaoSession: keep });
      } finally {
        if (keep && !staySignedIn()) void forget();
      }
    },
  };
}
