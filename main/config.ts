/** The desktop's configuration, read once from the environment (defaults = the local emulator + backend). */
import type { AuthConfig } from './auth/auth-config';

export interface DesktopConfig {
  backendUrl: string;
  auth: AuthConfig;
  /** electron-vite's dev server for the renderer, when running `electron-vite dev`. */
  rendererDevServerUrl: string | undefined;
  /** Sign-in watchdog. */
  signInTimeoutMs: number;
  /** Where the refresh token is kept: the OS keychain, or nowhere past this run (`KAKAO_DESKTOP_VAULT=none`). */
  vault: 'keychain' | 'none';
}

/**
 * No `account_email` by default: Kakao answers KOE205 for it unless the app passed business verification.
 * Set KAKAO_SCOPES to add it (the local emulator's dev app allows it; `npm start` does so).
 */
export const DEFAULT_SCOPES = ['openid', 'profile_nickname', 'profile_image'] as const;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

function url(env: Record<string, string | undefined>, name: string, fallback: string): string {
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
  return value;
}

/** Scopes may be comma- or space-separated (both are seen in the wild); empty = the defaults. */
export function parseScopes(raw: string | undefined): string[] {
  const scopes = (raw ?? '').split(/[\s,]+/).filter(Boolean);
  return scopes.length > 0 ? [...new Set(scopes)] : [...DEFAULT_SCOPES];
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
    backendUrl: url(env, 'BACKEND_URL', 'http://127.0.0.1:9020'),
    auth: {
      clientId: env.KAKAO_CLIENT_ID?.trim() || 'kakao-desktop-dev',
      authBaseUrl: url(env, 'KAKAO_AUTH_BASE_URL', 'http://127.0.0.1:9010'),
      redirectUri: url(env, 'REDIRECT_URI', 'http://localhost:9021/callback'),
      scopes: parseScopes(env.KAKAO_SCOPES),
    },
    rendererDevServerUrl: env.ELECTRON_RENDERER_URL?.trim() || undefined,
    signInTimeoutMs: timeout,
  };
}
