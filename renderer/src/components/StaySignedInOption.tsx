import { useId } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import type { KakaoSessionPreference } from '../state/usePreferences';
import { Notice } from './Notice';
import './StaySignedInOption.css';

interface Props {
  preference: KakaoSessionPreference;
  /** A sign-in window is open and may be using the kept session: change it afterwards. */
  disabled: boolean;
}

/** "Stay signed in to Kakao on this computer": a checkbox with a one-line hint; hidden until main says its value. */
export function StaySignedInOption({ preference, disabled }: Props) {
  const { t } = useI18n();
  const hintId = useId();
  const { staySignedInToKakao, saving, saveFailed, setStaySignedInToKakao } = preference;
  if (staySignedInToKakao === null) return null;
  return (
    <div className="stay-signed-in" data-testid="stay-signed-in">
      <label className="stay-signed-in__label">
        <input
          type="checkbox"
          className="stay-signed-in__checkbox"
          checked={staySignedInToKakao}
          disabled={disabled || saving}
          aria-describedby={hintId}
          onChange={(event) => setStaySignedInToKakao(event.currentTarget.checked)}
        />
        <span>{t.staySignedInToKakao}</span>
      </label>
      <p id={hintId} className="stay-signed-in__hint">
        {t.staySignedInToKakaoHint}
      </p>
      {saveFailed ? (
        <Notice tone="error" testId="stay-signed-in-error">
          {t.preferenceSaveFailed}
        </Notice>
      ) : null}
    </div>
  );
}
