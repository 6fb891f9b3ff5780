/** The desktop's configuration, read once from the environment (defaults = the local emulator + backend). */
import type { SignInSurface } from '@kakao-desktop/contract';
import type { AuthConfig } from './auth/auth-config';
import { loopbackRedirectProblem } from './system-browser/loopback-redirect';

export interface DesktopConfig {
  backendUrl: string;
  auth: AuthConfig;
  /** electron-vite's dev server for the renderer, when running `electron-vite dev`. */
  rendererDevServerUrl: string | undefined;
  /** Sign-in watchdog. */
  signInTimeoutMs: number;
  /** Where the refresh token is kept: the OS keychain, or nowhere past this run (`KAKAO_DESKTOP_VAULT=none`). */
  vault: 'keychain' | 'none';
  /** Where Kakao's sign-in page opens: our own window (default) or the user's default browser (RFC 8252 §7.3). */
  signInMode: SignInSurface;
  /**
   * The redirect URI registered for system-browser mode: `http://<loopback IP literal>:<port><path>`, where a
   * listener waits for the browser during a sign-in. `auth.redirectUri` stays the sign-in window's.
   */
  systemBrowserRedirectUri: string;
}

/** The system-browser redirect URI registered with the emulator and the backend by default. */
export const DEFAULT_SYSTEM_BROWSER_REDIRECT_URI = 'http://127.0.0.1:9021/callback';

/** The auth settings a sign-in in `mode` uses: the same client, with that mode's registered redirect URI. */
export function authConfigForMode(
  config: DesktopConfig,
  mode: SignInSurface = config.signInMode,
): AuthConfig {
  return mode === 'browser' ? { ...config.auth, redirectUri: config.systemBrowserRedirectUri } : config.auth;
}

/**
 * No `account_email` by default: Kakao answers KOE205 for it unless the app passed business verification.
 * Set KAKAO_SCOPES to add it (the local emulator's dev app allows it; `npm start` does so).
 */
export const DEFAULT_SCOPES = ['openid', 'profile_nickname', 'profile_image'] as const;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Names that never leave this machine: `localhost`, 127.0.0.0/8 and `[::1]` (as the WHATWG URL parser writes them,
 * so `127.1` and `[0:0::1]` are already normalised). Not `*.localhost`: Node resolves those through DNS.
 */
export function isLoopbackHostname(hostname: string): boolean {
  return (
    hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
  );
}

type UrlRule = 'http-or-https' | 'https-unless-loopback';

function url(env: Record<string, string | undefined>, name: string, fallback: string, rule: UrlRule): string {
  const value = env[name]?.trim() || fallback;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new ConfigError(`${name} must be an absolute http(s) URL, got "${value}"`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ConfigError(`${name} must be an http(s) URL, got "${value}"`);
  }
  // Tokens, codes and the sign-in page travel over these: plain http is only safe when it never leaves the machine.
  if (
    rule === 'https-unless-loopback' &&
    parsed.protocol === 'http:' &&
    !isLoopbackHostname(parsed.hostname)
  ) {
    throw new ConfigError(
      `${name} must use https unless it points at this machine (localhost, 127.x.x.x or [::1]), got "${value}"`,
    );
  }
  return value;
}

/** Scopes may be comma- or space-separated (both are seen in the wild); empty = the defaults. */
export function parseScopes(raw: string | undefined): string[] {
  const scopes = (raw ?? '').split(/[\s,]+/).filter(Boolean);
  return scopes.length > 0 ? [...new Set(scopes)] : [...DEFAULT_SCOPES];
}

function signInMode(env: Record<string, string | undefined>): SignInSurface {
  const mode = env.SIGN_IN_MODE?.trim() || 'window';
  if (mode !== 'window' && mode !== 'browser')
    throw new ConfigError(`SIGN_IN_MODE must be "window" or "browser", got "${mode}"`);
  return mode;
}

function systemBrowserRedirectUri(env: Record<string, string | undefined>): string {
  const value = env.SYSTEM_BROWSER_REDIRECT_URI?.trim() || DEFAULT_SYSTEM_BROWSER_REDIRECT_URI;
  const problem = loopbackRedirectProblem(value);
  if (problem) throw new ConfigError(`SYSTEM_BROWSER_REDIRECT_URI ${problem}, got "${value}"`);
  return value;
}

export function readDesktopConfig(env: Record<string, string | undefined>): DesktopConfig {
  const timeout = Number(env.SIGN_IN_TIMEOUT_MS ?? 5 * 60_000);
  if (!Number.isFinite(timeout) || timeout <= 0)
    throw new ConfigError('SIGN_IN_TIMEOUT_MS must be a positive number');
  const vault = env.KAKAO_DESKTOP_VAULT?.trim() || 'keychain';
  if (vault !== 'keychain' && vault !== 'none')
    throw new ConfigError(`KAKAO_DESKTOP_VAULT must be "keychain" or "none", got "${vault}"`);
  return {
    vault,
    backendUrl: url(env, 'BACKEND_URL', 'http://127.0.0.1:9020', 'https-unless-loopback'),
    auth: {
      clientId: env.KAKAO_CLIENT_ID?.trim() || 'kakao-desktop-dev',
      authBaseUrl: url(env, 'KAKAO_AUTH_BASE_URL', 'http://127.0.0.1:9010', 'https-unless-loopback'),
      // Intercepted in the sign-in window, never requested: any host will do (Kakao's console decides).
      redirectUri: url(env, 'REDIRECT_URI', 'http://localhost:9021/callback', 'http-or-https'),
      scopes: parseScopes(env.KAKAO_SCOPES),
    },
    // The dev server's page gets window.api: over plain http it must not come from the network.
    rendererDevServerUrl: env.ELECTRON_RENDERER_URL?.trim()
      ? url(env, 'ELECTRON_RENDERER_URL', '', 'https-unless-loopback')
      : undefined,
    signInTimeoutMs: timeout,
    signInMode: signInMode(env),
    systemBrowserRedirectUri: systemBrowserRedirectUri(env),
  };
}
