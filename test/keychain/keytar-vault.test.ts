/**
 * The keytar adapter against a real Secret Service (gnome-keyring in a private D-Bus session).
 * Run: bash scripts/with-keychain.sh vitest run --config vitest.keychain.config.ts
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeytarVault } from '../../main/vault/keytar-vault';
import { KEYCHAIN_UNAVAILABLE_MESSAGE } from '../../main/vault/vault';

const run = promisify(execFile);
const service = `kakao-desktop-test-${randomUUID()}`;
const vault = createKeytarVault({ service });
const accounts: string[] = [];
const account = () => {
  const name = `acct-${randomUUID()}`;
  accounts.push(name);
  return name;
};

beforeAll(() => {
  if (!process.env.DBUS_SESSION_BUS_ADDRESS) {
    throw new Error(
      'KEYCHAIN SUITE CANNOT RUN: no D-Bus session. Run it through scripts/with-keychain.sh ' +
        '(npm run test:keychain), which starts a private bus with an unlocked gnome-keyring.',
    );
  }
});

afterAll(async () => {
  for (const name of accounts) await vault.delete(name).catch(() => {});
});

describe('keytar vault on a real Secret Service', () => {
  it('round-trips set / get / delete', async () => {
    const name = account();
    expect(await vault.get(name)).toBeNull();
    await vault.set(name, 'rt-value-1');
    expect(await vault.get(name)).toBe('rt-value-1');
    expect(await vault.delete(name)).toBe(true);
    expect(await vault.get(name)).toBeNull();
    expect(await vault.delete(name)).toBe(false);
  });

  it('overwrites in place', async () => {
    const name = account();
    await vault.set(name, 'old');
    await vault.set(name, 'new');
    expect(await vault.get(name)).toBe('new');
  });

  it('keeps unicode and long values intact', async () => {
    const name = account();
    const value = `김카카오 🔑 ${'x'.repeat(2_000)} ünïcödé`;
    await vault.set(name, value);
    expect(await vault.get(name)).toBe(value);
  });

  it('keeps accounts apart', async () => {
    const [a, b] = [account(), account()];
    await vault.set(a, 'A');
    await vault.set(b, 'B');
    expect([await vault.get(a), await vault.get(b)]).toEqual(['A', 'B']);
  });

  it('writes what `secret-tool lookup service S account A` reads', async () => {
    const name = account();
    await vault.set(name, 'visible-to-secret-tool');
    const { stdout } = await run('secret-tool', ['lookup', 'service', service, 'account', name]);
    expect(stdout.trim()).toBe('visible-to-secret-tool');
  });

  async function probe(command: string[], overrides: Record<string, string | undefined>) {
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: mkdtempSync(join(tmpdir(), 'no-keychain-')) };
    delete env.DISPLAY;
    delete env.WAYLAND_DISPLAY;
    for (const [key, value] of Object.entries(overrides)) {
      if (value === undefined) delete env[key];
      else env[key] = value;
    }
    const script = fileURLToPath(new URL('./no-keychain-probe.ts', import.meta.url));
    const [file, ...args] = [...command, process.execPath, '--import', 'tsx', script];
    const { stdout } = await run(file!, args, { env, timeout: 30_000 });
    return JSON.parse(stdout.trim().split('\n').at(-1)!);
  }

  it.each([
    ['no session bus and no DISPLAY', [], { DBUS_SESSION_BUS_ADDRESS: undefined }, /Cannot autolaunch D-Bus/],
    [
      'a bus address pointing at nothing',
      [],
      { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/dbus-socket' },
      /Could not connect/,
    ],
    [
      'a fresh bus whose keyring was never created or unlocked',
      ['dbus-run-session', '--'],
      { DBUS_SESSION_BUS_ADDRESS: undefined },
      /Object does not exist at path|org\.freedesktop\.secrets was not provided/,
    ],
  ] as const)(
    'without a keychain (%s): KeychainUnavailableError with the helpful message',
    async (_label, command, overrides, cause) => {
      const result = await probe([...command], overrides);
      expect(result).toMatchObject({
        ok: false,
        name: 'KeychainUnavailableError',
        code: 'keychain_unavailable',
        message: KEYCHAIN_UNAVAILABLE_MESSAGE,
      });
      expect(result.cause).toMatch(cause);
    },
  );
});
