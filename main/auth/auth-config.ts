/**
 * Where and as whom the desktop signs in: plain data, so the emulator and real Kakao plug in the same way.
 * @see https://developers.kakao.com/docs/latest/en/kakaologin/rest-api#request-code
 */
export interface AuthConfig {
  /** Kakao REST API key. Public: the client secret lives only in the backend. */
  clientId: string;
  /** kauth base URL, e.g. `https://kauth.kakao.com` or the emulator's `http://127.0.0.1:9010`. */
  authBaseUrl: string;
  /** Registered redirect URI, matched exactly (origin + path). Never loaded: it is intercepted. */
  redirectUri: string;
  /** Consent items, e.g. `['openid', 'profile_nickname']`. */
  scopes: readonly string[];
  /**
   * Extra origins the sign-in window may navigate to besides `authBaseUrl`'s own
   * (real Kakao sends the login form from accounts.kakao.com).
   */
  extraAllowedOrigins?: readonly string[];
}

/** Origins real Kakao's login pages use; added when `authBaseUrl` is kauth.kakao.com. */
export const KAKAO_WEB_ORIGINS = ['https://kauth.kakao.com', 'https://accounts.kakao.com'] as const;

/** The origins the sign-in window may show: the auth base URL's, plus real Kakao's login origins when relevant. */
export function allowedAuthOrigins(
  config: Pick<AuthConfig, 'authBaseUrl' | 'extraAllowedOrigins'>,
): string[] {
  const own = new URL(config.authBaseUrl).origin;
  const kakao: readonly string[] = KAKAO_WEB_ORIGINS;
  const origins = new Set([own, ...(config.extraAllowedOrigins ?? [])]);
  if (kakao.includes(own)) for (const origin of kakao) origins.add(origin);
  return [...origins];
}
