/**
 * Kakao's speech-bubble symbol, as published in Kakao's login-button resources (18×18 artboard).
 * The design guide forbids changing its shape, ratio or colour: keep the path and viewBox as they are.
 */
export function KakaoSymbol({ size = 18 }: { size?: number }) {
  return (
    <svg
      className="kakao-symbol"
      width={size}
      height={size}
      viewBox="0 0 18 18"
      aria-hidden="true"
      focusable="false"
      xmlns="http://www.w3.org/2000/svg"
    >
      <path
        fill="#000000"
        fillRule="evenodd"
        clipRule="evenodd"
        d="M9.00004 0.599976C4.02919 0.599976 0 3.71293 0 7.55226C0 9.94 1.5584 12.0449 3.93154 13.2969L2.93305 16.9445C2.84483 17.2668 3.21343 17.5237 3.49648 17.3369L7.87345 14.4482C8.24282 14.4838 8.61818 14.5046 9.00004 14.5046C13.9705 14.5046 18 11.3918 18 7.55226C18 3.71293 13.9705 0.599976 9.00004 0.599976Z"
      />
    </svg>
  );
}
