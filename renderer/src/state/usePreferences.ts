import type { AppLanguage, DesktopApi } from '@kakao-desktop/contract/ipc';
import { useCallback, useEffect, useState } from 'react';
import { isLanguage } from '../i18n/pick-language';

export interface KakaoSessionPreference {
  /** "Stay signed in to Kakao"; null until main answered (or if it could not), when the option is not shown. */
  staySignedInToKakao: boolean | null;
  /** A save is in flight (the checkbox waits for main's answer rather than guessing). */
  saving: boolean;
  /** The last save failed; the checkbox shows what main still has. */
  saveFailed: boolean;
  setStaySignedInToKakao(value: boolean): void;
}

export interface Preferences {
  kakaoSession: KakaoSessionPreference;
  /** The language main keeps (the user's last pick); null = none kept (or no answer), undefined = not answered yet. */
  savedLanguage: AppLanguage | null | undefined;
}

/** The preferences the renderer may change, as main holds them: shown only once main has said what they are. */
export function usePreferences(api: DesktopApi): Preferences {
  const [staySignedInToKakao, setValue] = useState<boolean | null>(null);
  const [savedLanguage, setSavedLanguage] = useState<AppLanguage | null | undefined>(undefined);
  const [saving, setSaving] = useState(false);
  const [saveFailed, setSaveFailed] = useState(false);

  useEffect(() => {
    let live = true;
    api.getPreferences().then(
      (preferences) => {
        if (!live) return;
        const value: unknown = preferences?.staySignedInToKakao;
        if (typeof value === 'boolean') setValue(value);
        const language: unknown = preferences?.language;
        setSavedLanguage(isLanguage(language) ? language : null);
      },
      // No answer: the option stays hidden rather than showing a guess; the language is the page's own.
      () => {
        if (live) setSavedLanguage(null);
      },
    );
    return () => {
      live = false;
    };
  }, [api]);

  const set = useCallback(
    async (value: boolean) => {
      setSaving(true);
      setSaveFailed(false);
      try {
        const result = await api.setStaySignedInToKakao(value);
        if (result.ok) setValue(result.value.staySignedInToKakao);
        else setSaveFailed(true);
      } catch {
        setSaveFailed(true);
      } finally {
        setSaving(false);
      }
    },
    [api],
  );

  const setStaySignedInToKakao = useCallback((value: boolean) => void set(value), [set]);
  return {
    kakaoSession: { staySignedInToKakao, saving, saveFailed, setStaySignedInToKakao },
    savedLanguage,
  };
}
