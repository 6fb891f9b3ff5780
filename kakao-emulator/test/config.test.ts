import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfigFile, readEmulatorEnv, resolveConfig } from '../src/config';
import { DEFAULT_ACCOUNTS, DEFAULT_APPS, DEFAULT_LIFETIMES } from '../src/index';

const dir = mkdtempSync(join(tmpdir(), 'kakao-emulator-config-'));
function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('defaults (README "Defaults")', () => {
  it('default app and accounts match the README', () => {
    expect(DEFAULT_APPS).toHaveLength(1);
    expect(DEFAULT_APPS[0]).toMatchObject({
      clientId: 'kakao-desktop-dev',
      clientSecret: 'dev-client-secret',
      appId: 100001,
      adminKey: 'dev-admin-key',
      redirectUris: ['http://localhost:9021/callback', 'http://127.0.0.1:9021/callback'],
      logoutRedirectUris: ['http://localhost:9021/logout'],
      allowedScopes: ['profile_nickname', 'profile_image', 'account_email', 'name', 'age_range', 'openid'],
    });
    expect(DEFAULT_ACCOUNTS.map((account) => [account.id, account.nickname, account.email])).toEqual([
      [1001, '김카카오', 'kim@kakao.test'],
      [1002, 'Alice Kim', 'alice@example.test'],
      [1003, '이무메일', undefined],
      [1004, 'Bob Unverified', 'bob@example.test'],
    ]);
    expect(DEFAULT_ACCOUNTS[3]!.isEmailVerified).toBe(false);
    expect(DEFAULT_LIFETIMES).toEqual({
      code: 600,
      accessToken: 21599,
      refreshToken: 5183999,
      session: 86400,
    });
  });

  it('lifetimes override per field; apps/accounts replace', () => {
    const config = resolveConfig({ lifetimes: { code: 5 }, accounts: [{ id: 1, nickname: 'a' }] });
    expect(config.lifetimes).toEqual({ ...DEFAULT_LIFETIMES, code: 5 });
    expect(config.accounts).toEqual([{ id: 1, nickname: 'a' }]);
    expect(config.apps).toEqual(DEFAULT_APPS);
  });
});

describe('loadConfigFile', () => {
  it('reads a valid file', () => {
    const path = file(
      'ok.json',
      JSON.stringify({
        apps: [{ clientId: 'a', appId: 1, redirectUris: ['http://localhost:1/cb'] }],
        lifetimes: { accessToken: 60 },
      }),
    );
    expect(loadConfigFile(path)).toMatchObject({ apps: [{ clientId: 'a' }], lifetimes: { accessToken: 60 } });
  });

  it.each([
    ['missing file', join(dir, 'absent.json'), /cannot read/],
    ['not JSON', file('bad.json', '{nope'), /not valid JSON/],
    ['wrong shape', file('shape.json', '{"apps":[{"clientId":"a"}]}'), /apps\.0\.appId/],
    ['unknown key', file('extra.json', '{"aps":[]}'), /not a valid emulator config/],
    ['bad lifetime', file('life.json', '{"lifetimes":{"code":-1}}'), /lifetimes\.code/],
  ])('%s → ConfigError with one line', (_name, path, message) => {
    expect(() => loadConfigFile(path)).toThrow(ConfigError);
    try {
      loadConfigFile(path);
    } catch (error) {
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain('\n');
    }
  });
});

describe('readEmulatorEnv', () => {
  it('defaults to port 9010 on the default host, logging every request, no config file', () => {
    expect(readEmulatorEnv({})).toEqual({ port: 9010, host: undefined, configPath: undefined, quiet: false });
  });

  it('takes a blank variable as unset', () => {
    expect(
      readEmulatorEnv({ KAKAO_EMULATOR_PORT: ' ', KAKAO_EMULATOR_HOST: '', KAKAO_EMULATOR_QUIET: '' }),
    ).toEqual(readEmulatorEnv({}));
  });

  it('reads every variable', () => {
    expect(
      readEmulatorEnv({
        KAKAO_EMULATOR_PORT: '0',
        KAKAO_EMULATOR_HOST: '::1',
        KAKAO_EMULATOR_CONFIG: 'apps.json',
        KAKAO_EMULATOR_QUIET: '1',
      }),
    ).toEqual({ port: 0, host: '::1', configPath: 'apps.json', quiet: true });
  });

  it.each(['abc', '-1', '65536', '80.5', '1e3'])('refuses KAKAO_EMULATOR_PORT=%s in one line', (value) => {
    expect(() => readEmulatorEnv({ KAKAO_EMULATOR_PORT: value })).toThrow(ConfigError);
    expect(() => readEmulatorEnv({ KAKAO_EMULATOR_PORT: value })).toThrow(
      new RegExp(
        `^KAKAO_EMULATOR_PORT must be a port number \\(0-65535\\), got "${value.replace('.', '\\.')}"$`,
      ),
    );
  });
});

describe('cli', () => {
  const cli = fileURLToPath(new URL('../src/server.ts', import.meta.url));
  const tsx = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));

  function run(
    env: Record<string, string>,
  ): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      const child = spawn(tsx, [cli], { env: { ...process.env, ...env } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => {
        stdout += chunk;
        if (stdout.includes('control API')) child.kill('SIGTERM');
      });
      child.stderr.on('data', (chunk) => {
        stderr += chunk;
      });
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  it('a bad config file → one clear error line, exit 1', async () => {
    const result = await run({ KAKAO_EMULATOR_CONFIG: file('cli-bad.json', '{"apps":[{"clientId":"x"}]}') });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^kakao-emulator: .*apps\.0\.appId/);
  });

  it('a bad port → one clear error line, exit 1', async () => {
    const result = await run({ KAKAO_EMULATOR_PORT: 'abc' });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/KAKAO_EMULATOR_PORT/);
    expect(result.stderr.trim()).toBe(
      'kakao-emulator: KAKAO_EMULATOR_PORT must be a port number (0-65535), got "abc"',
    );
  });

  it('starts, prints its URL and the default app/accounts, stops on SIGTERM', async () => {
    const result = await run({ KAKAO_EMULATOR_PORT: '0' });
    expect(result.stdout).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
    expect(result.stdout).toContain('kakao-desktop-dev');
    expect(result.stdout).toContain('kim@kakao.test');
    expect(result.code).toBe(0);
  });
});
