import { describe, expect, it } from 'vitest';
import {
  authConfigForMode,
  ConfigError,
  DEFAULT_SCOPES,
  isLoopbackHostname,
  parseScopes,
  readBrowserShellConfig,
  readDesktopConfig,
} from './config';

describe('readDesktopConfig', () => {
  it('defaults to the local emulator and backend', () => {
    expect(readDesktopConfig({})).toEqual({
      backendUrl: 'http://127.0.0.1:9020',
      auth: {
        clientId: 'kakao-desktop-dev',
        authBaseUrl: 'http://127.0.0.1:9010',
        redirectUri: 'http://localhost:9021/callback',
        scopes: [...DEFAULT_SCOPES],
      },
      rendererDevServerUrl: undefined,
      signInTimeoutMs: 300_000,
      vault: 'keychain',
      signInMode: 'window',
      systemBrowserRedirectUri: 'http://127.0.0.1:9021/callback',
    });
  });

  describe('sign-in mode', () => {
    it('uses the sign-in window unless SIGN_IN_MODE=browser; each mode has its own redirect URI', () => {
      const windowMode = readDesktopConfig({});
      expect(authConfigForMode(windowMode).redirectUri).toBe('http://localhost:9021/callback');
      const browser = readDesktopConfig({
        SIGN_IN_MODE: 'browser',
        SYSTEM_BROWSER_REDIRECT_URI: 'http://[::1]:4321/kakao',
      });
      expect(browser.signInMode).toBe('browser');
      expect(authConfigForMode(browser)).toEqual({ ...browser.auth, redirectUri: 'http://[::1]:4321/kakao' });
      // A host that always uses the browser (the browser shell) asks for it whatever SIGN_IN_MODE says.
      expect(authConfigForMode(windowMode, 'browser').redirectUri).toBe('http://127.0.0.1:9021/callback');
    });

    it.each([
      [{ SIGN_IN_MODE: 'popup' }, /^SIGN_IN_MODE must be "window" or "browser", got "popup"$/],
      [{ SYSTEM_BROWSER_REDIRECT_URI: 'http://localhost:9021/callback' }, /loopback IP literal/],
      [{ SYSTEM_BROWSER_REDIRECT_URI: 'https://127.0.0.1:9021/callback' }, /must use http/],
      [{ SYSTEM_BROWSER_REDIRECT_URI: 'http://127.0.0.1/callback' }, /port explicitly/],
      [{ SYSTEM_BROWSER_REDIRECT_URI: 'http://10.0.0.5:9021/callback' }, /loopback IP literal/],
      [{ SYSTEM_BROWSER_REDIRECT_URI: 'callback' }, /absolute URL/],
    ])('refuses %j', (env, message) => {
      expect(() => readDesktopConfig(env)).toThrow(ConfigError);
      expect(() => readDesktopConfig(env)).toThrow(message);
      expect(() => readDesktopConfig(env)).toThrow(/^(SIGN_IN_MODE|SYSTEM_BROWSER_REDIRECT_URI) /);
    });
  });

  it('reads every variable', () => {
    const config = readDesktopConfig({
      BACKEND_URL: 'https://api.example.com',
      KAKAO_AUTH_BASE_URL: 'https://kauth.kakao.com',
      KAKAO_CLIENT_ID: 'abc',
      REDIRECT_URI: 'http://localhost:4000/cb',
      KAKAO_SCOPES: 'openid, profile_nickname account_email',
      ELECTRON_RENDERER_URL: 'http://localhost:5173',
      SIGN_IN_TIMEOUT_MS: '1000',
      KAKAO_DESKTOP_VAULT: 'none',
    });
    expect(config.vault).toBe('none');
    expect(config.auth.scopes).toEqual(['openid', 'profile_nickname', 'account_email']);
    expect(config).toMatchObject({ backendUrl: 'https://api.example.com', signInTimeoutMs: 1000 });
    expect(config.auth).toMatchObject({ clientId: 'abc', authBaseUrl: 'https://kauth.kakao.com' });
  });

  it.each([
    [{ BACKEND_URL: 'not a url' }, /BACKEND_URL/],
    [{ REDIRECT_URI: 'javascript:alert(1)' }, /REDIRECT_URI/],
    [{ SIGN_IN_TIMEOUT_MS: '-5' }, /SIGN_IN_TIMEOUT_MS/],
    [{ KAKAO_DESKTOP_VAULT: 'plaintext' }, /KAKAO_DESKTOP_VAULT/],
  ])('refuses %j with a clear message', (env, message) => {
    expect(() => readDesktopConfig(env)).toThrow(ConfigError);
    expect(() => readDesktopConfig(env)).toThrow(message);
  });

  it('lists every bad variable, one per line, in a ConfigError that names each', () => {
    const env = { BACKEND_URL: 'not a url', SIGN_IN_MODE: 'popup', KAKAO_DESKTOP_VAULT: 'plaintext' };
    let error: unknown;
    try {
      readDesktopConfig(env);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const configError = error as ConfigError;
    expect(configError.code).toBe('invalid_config');
    expect(configError.problems.map((p) => p.variable)).toEqual([
      'BACKEND_URL',
      'KAKAO_DESKTOP_VAULT',
      'SIGN_IN_MODE',
    ]);
    expect(configError.message.split('\n')).toEqual([
      'BACKEND_URL must be an absolute http(s) URL, got "not a url"',
      'KAKAO_DESKTOP_VAULT must be "keychain" or "none", got "plaintext"',
      'SIGN_IN_MODE must be "window" or "browser", got "popup"',
    ]);
  });

  it('takes a blank variable as unset', () => {
    expect(readDesktopConfig({ BACKEND_URL: '  ', SIGN_IN_TIMEOUT_MS: '', SIGN_IN_MODE: ' ' })).toEqual(
      readDesktopConfig({}),
    );
  });

  describe('plain http only to this machine (a network attacker would read tokens and codes)', () => {
    const names = ['BACKEND_URL', 'KAKAO_AUTH_BASE_URL', 'ELECTRON_RENDERER_URL'] as const;

    it.each([
      'http://api.example.com',
      'http://api.example.com:9020',
      'http://10.0.0.5:9020',
      'http://192.168.1.10',
      'http://0.0.0.0:9020',
      'http://[::]:9020',
      'http://[::ffff:127.0.0.1]:9020',
      'http://localhost.evil.example',
      'http://127.0.0.1.nip.io',
      'http://app.localhost:9020',
      'http://127.0.0.1@evil.example',
      'HTTP://KAUTH.KAKAO.COM',
    ])('refuses %s', (value) => {
      for (const name of names) {
        expect(() => readDesktopConfig({ [name]: value })).toThrow(ConfigError);
        expect(() => readDesktopConfig({ [name]: value })).toThrow(
          new RegExp(`^${name} must use https unless it points at this machine`),
        );
      }
    });

    it.each([
      'https://api.example.com',
      'https://10.0.0.5:8443',
      'https://kauth.kakao.com',
      'http://localhost:9020',
      'http://LOCALHOST:9020',
      'http://127.0.0.1:9020',
      'http://127.1:9020',
      'http://127.255.0.9',
      'http://[::1]:9020',
      'http://[0:0:0:0:0:0:0:1]:9020',
    ])('accepts %s', (value) => {
      for (const name of names) expect(() => readDesktopConfig({ [name]: value })).not.toThrow();
    });

    it('leaves REDIRECT_URI alone: it is intercepted, never requested', () => {
      expect(readDesktopConfig({ REDIRECT_URI: 'http://app.example.com/cb' }).auth.redirectUri).toBe(
        'http://app.example.com/cb',
      );
    });

    it.each([
      ['localhost', true],
      ['127.0.0.1', true],
      ['[::1]', true],
      ['localhost.', false],
      ['127.0.0.1.evil.example', false],
      ['128.0.0.1', false],
      ['::1', false],
    ])('isLoopbackHostname(%s) = %s', (hostname, loopback) => {
      expect(isLoopbackHostname(hostname)).toBe(loopback);
    });
  });

  it('parses scopes separated by commas or spaces, deduplicated', () => {
    expect(parseScopes('a,b  c,,a')).toEqual(['a', 'b', 'c']);
    expect(parseScopes('  ')).toEqual([...DEFAULT_SCOPES]);
  });

  it('does not ask for account_email by default (KOE205 on apps without business verification)', () => {
    expect(readDesktopConfig({}).auth.scopes).not.toContain('account_email');
  });
});

describe('readBrowserShellConfig', () => {
  it('defaults to port 9030 and the OS config folder', () => {
    expect(readBrowserShellConfig({})).toEqual({ port: 9030, dataDir: undefined });
  });

  it('reads KAKAO_DESKTOP_SHELL_PORT and KAKAO_DESKTOP_SHELL_DATA_DIR', () => {
    expect(
      readBrowserShellConfig({ KAKAO_DESKTOP_SHELL_PORT: '0', KAKAO_DESKTOP_SHELL_DATA_DIR: 'prefs' }),
    ).toEqual({ port: 0, dataDir: 'prefs' });
  });

  it.each(['abc', '-1', '65536', '90.5'])('refuses KAKAO_DESKTOP_SHELL_PORT=%s', (value) => {
    expect(() => readBrowserShellConfig({ KAKAO_DESKTOP_SHELL_PORT: value })).toThrow(ConfigError);
    expect(() => readBrowserShellConfig({ KAKAO_DESKTOP_SHELL_PORT: value })).toThrow(
      `KAKAO_DESKTOP_SHELL_PORT must be a port number (0-65535), got "${value}"`,
    );
  });
});
