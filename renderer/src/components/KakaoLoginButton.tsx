import type { Ref } from 'react';
import { KakaoSymbol } from './KakaoSymbol';
import './KakaoLoginButton.css';

interface Props {
  label: string;
  disabled: boolean;
  onClick(): void;
  ref?: Ref<HTMLButtonElement>;
}

/**
 * Kakao Login button per Kakao's design guide: #FEE500 container, black symbol, black label at 85%
 * opacity, system font, 12px corners. It keeps its colours even while disabled (never less prominent);
 * the waiting message above it says why it does not respond.
 */
export function KakaoLoginButton({ label, disabled, onClick, ref }: Props) {
  return (
    <button ref={ref} type="button" className="kakao-login" disabled={disabled} onClick={onClick}>
      <KakaoSymbol />
      <span className="kakao-login__label">{label}</span>
    </button>
  );
}
