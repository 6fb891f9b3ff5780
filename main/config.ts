/**
 * The desktop's configuration: every environment variable it reads, validated by one zod schema at start.
 * The defaults are the local system's (contract/src/dev-defaults.json): the emulator's dev app and `npm start`'s ports.
 */
import type { SignInSurface } from '@kakao-desktop/contract';
import {
  DEV_BACKEND_URL,
  DEV_KAKAO_APP,
  DEV_KAKAO_BASE_URL,
  DEV_PORTS,
  DEV_SCOPES,
} from '@kakao-desktop/contract/dev-defaults';
import { z } from 'zod';
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

/** The browser shell's own settings (`npm start` without Electron), on top of the DesktopConfig it shares. */
export interface BrowserShellConfig {
  port: number;
  /** Where its preferences file lives; undefined = the OS's per-user config folder. */
  dataDir: string | undefined;
}

/** No `account_email` by default (KOE205 without business verification): see contract's DEV_SCOPES. */
export const DEFAULT_SCOPES = DEV_SCOPES;

/** The auth settings a sign-in in `mode` uses: the same client, with that mode's registered redirect URI. */
export function authConfigForMode(
  config: DesktopConfig,
  mode: SignInSurface = config.signInMode,
): AuthConfig {
  return mode === 'browser' ? { ...config.auth, redirectUri: config.systemBrowserRedirectUri } : config.auth;
}

/** One bad variable: its name and what is wrong, in words for the person who set it. */
export interface ConfigProblem {
  variable: string;
  problem: string;
}

/** The configuration cannot be used. `message` lists each bad variable, one per line, ready to show. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly code = 'invalid_config';
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(problems.map((p) => `${p.variable} ${p.problem}`).join('\n'));
  }
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

/** Scopes may be comma- or space-separated (both are seen in the wild); empty = the defaults. */
export function parseScopes(raw: string | undefined): string[] {
  const scopes = (raw ?? '').split(/[\s,]+/).filter(Boolean);
  return scopes.length > 0 ? [...new Set(scopes)] : [...DEFAULT_SCOPES];
}

// --- fields: each refuses with the words that follow the variable's name ---

/** A string field checked by `problemOf`, which says what is wrong (without the value) or nothing. */
const checked = (problemOf: (value: string) => string | undefined) =>
  z.string().superRefine((value, ctx) => {
    const problem = problemOf(value);
    if (problem) ctx.addIssue({ code: 'custom', message: `${problem}, got "${value}"` });
  });

function httpUrlProblem(value: string, rule: 'http-or-https' | 'https-unless-loopback'): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return 'must be an absolute http(s) URL';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'must be an http(s) URL';
  // Tokens, codes and the sign-in page travel over these: plain http is only safe when it never leaves the machine.
  if (rule === 'https-unless-loopback' && parsed.protocol === 'http:' && !isLoopbackHostname(parsed.hostname))
    return 'must use https unless it points at this machine (localhost, 127.x.x.x or [::1])';
  return undefined;
}

const httpUrl = (rule: 'http-or-https' | 'https-unless-loopback') =>
  checked((value) => httpUrlProblem(value, rule));

const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  checked((value) =>
    values.includes(value) ? undefined : `must be ${values.map((v) => `"${v}"`).join(' or ')}`,
  ).transform((value) => value as T[number]);

const positiveNumber = checked((value) => {
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? undefined : 'must be a positive number';
}).transform(Number);

const port = checked((value) =>
  /^\d+$/.test(value) && Number(value) <= 65_535 ? undefined : 'must be a port number (0-65535)',
).transform(Number);

const desktopEnv = z.object({
  BACKEND_URL: httpUrl('https-unless-loopback').default(DEV_BACKEND_URL),
  KAKAO_AUTH_BASE_URL: httpUrl('https-unless-loopback').default(DEV_KAKAO_BASE_URL),
  KAKAO_CLIENT_ID: z.string().default(DEV_KAKAO_APP.clientId),
  // Intercepted in the sign-in window, never requested: any host will do (Kakao's console decides).
  REDIRECT_URI: httpUrl('http-or-https').default(DEV_KAKAO_APP.signInWindowRedirectUri),
  KAKAO_SCOPES: z.string().optional().transform(parseScopes),
  // The dev server's page gets window.api: over plain http it must not come from the network.
  ELECTRON_RENDERER_URL: httpUrl('https-unless-loopback').optional(),
  SIGN_IN_TIMEOUT_MS: positiveNumber.default(5 * 60_000),
  KAKAO_DESKTOP_VAULT: oneOf(['keychain', 'none']).default('keychain'),
  SIGN_IN_MODE: oneOf(['window', 'browser']).default('window'),
  SYSTEM_BROWSER_REDIRECT_URI: checked(loopbackRedirectProblem).default(
    DEV_KAKAO_APP.systemBrowserRedirectUri,
  ),
});

const browserShellEnv = z.object({
  KAKAO_DESKTOP_SHELL_PORT: port.default(DEV_PORTS.browserShell),
  KAKAO_DESKTOP_SHELL_DATA_DIR: z.string().optional(),
});

/** Validates the schema's variables of `env`; a blank value counts as unset. Throws ConfigError naming each bad one. */
function readEnv<S extends z.ZodObject>(schema: S, env: Record<string, string | undefined>): z.output<S> {
  const own = Object.fromEntries(
    Object.keys(schema.shape).map((name) => [name, env[name]?.trim() || undefined]),
  );
  const parsed = schema.safeParse(own);
  if (parsed.success) return parsed.data;
  const problems = new Map<string, string>();
  for (const issue of parsed.error.issues) {
    const variable = String(issue.path[0]);
    if (!problems.has(variable)) problems.set(variable, issue.message);
  }
  throw new ConfigError([...problems].map(([variable, problem]) => ({ variable, problem })));
}

export function readDesktopConfig(env: Record<string, string | undefined>): DesktopConfig {
  const e = readEnv(desktopEnv, env);
  return {
    vault: e.KAKAO_DESKTOP_VAULT,
    backendUrl: e.BACKEND_URL,
    auth: {
      clientId: e.KAKAO_CLIENT_ID,
      authBaseUrl: e.KAKAO_AUTH_BASE_URL,
      redirectUri: e.REDIRECT_URI,
      scopes: e.KAKAO_SCOPES,
    },
    rendererDevServerUrl: e.ELECTRON_RENDERER_URL,
    signInTimeoutMs: e.SIGN_IN_TIMEOUT_MS,
    signInMode: e.SIGN_IN_MODE,
    systemBrowserRedirectUri: e.SYSTEM_BROWSER_REDIRECT_URI,
  };
}

export function readBrowserShellConfig(env: Record<string, string | undefined>): BrowserShellConfig {
  const e = readEnv(browserShellEnv, env);
  return { port: e.KAKAO_DESKTOP_SHELL_PORT, dataDir: e.KAKAO_DESKTOP_SHELL_DATA_DIR };
}
