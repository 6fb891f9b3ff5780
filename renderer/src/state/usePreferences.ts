import type { DesktopApi } from '@kakao-desktop/contract/ipc';
import { useCallback, useEffect, useState } from 'react';

export interface KakaoSessionPreference {
  /** "Stay signed in to Kakao"; null until main answered (or if it could not), when the option is not shown. */
  staySignedInToKakao: boolean | null;
  /** A save is in flight (the checkbox waits for main's answer rather than guessing). */
  saving: boolean;
  /** The last save failed; the checkbox shows what main still has. */
  saveFailed: boolean;
  setStaySignedInToKakao(value: boolean): void;
}

/** The preferences the renderer may change, as main holds them: shown only once main has said what they are. */
export function usePreferences(api: DesktopApi): KakaoSessionPreference {
  const [staySignedInToKakao, setValue] = useState<boolean | null>(null);
  const [saving, setSaving] = useState(false);
  const [saveFailed, setSaveFailed] = useState(false);

  useEffect(() => {
    let live = true;
    api.getPreferences().then(
      (preferences) => {
        const value: unknown = preferences?.staySignedInToKakao;
        if (live && typeof value === 'boolean') setValue(value);
      },
      () => {}, // no answer: the option stays hidden rather than showing a guess
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

  return {
    staySignedInToKakao,
    saving,
    saveFailed,
    setStaySignedInToKakao: useCallback((value: boolean) => void set(value), [set]),
  };
}
