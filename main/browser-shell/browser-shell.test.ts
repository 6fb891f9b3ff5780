/** The composition's one piece of logic: how "open the browser" reaches the app's tab, and only for Kakao. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryPreferences } from '../../test/helpers/fakes/memory-preferences';
import { MemoryVault } from '../../test/helpers/fakes/memory-vault';
import { type BrowserShell, NoShellTabError, startBrowserShell } from './browser-shell';

const KEY = 'unit-shell-key-0123456789abcdefghijklmnopqrstu';
const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function shellWithOpener(): Promise<{
  shell: BrowserShell;
  openExternal: (url: string) => Promise<void>;
}> {
  const dir = await mkdtemp(join(tmpdir(), 'shell-compose-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  await writeFile(join(dir, 'index.html'), '<html><head></head><body></body></html>');
  let openExternal: ((url: string) => Promise<void>) | undefined;
  const unreachable = async () => {
    throw new Error('the backend is not part of this test');
  };
  const shell = await startBrowserShell({
    backend: {
      exchange: unreachable,
      refresh: unreachable,
      logout: unreachable,
      sessions: unreachable,
      deleteSession: unreachable,
      deleteMe: unreachable,
    },
    vault: new MemoryVault(),
    preferences: new MemoryPreferences(),
    auth: {
      clientId: 'c',
      authBaseUrl: 'http://127.0.0.1:9010',
      redirectUri: 'http://127.0.0.1:9021/callback',
      scopes: ['openid'],
    },
    createOpener: (open) => {
      openExternal = open;
      return async () => ({ kind: 'cancelled' }) as never;
    },
    rendererDir: dir,
    bridgeScript: '',
    port: 0,
    key: KEY,
    deviceName: 'unit',
    appInfo: { name: 'kakao-desktop', version: '0' },
  });
  cleanups.push(() => shell.close());
  return { shell, openExternal: openExternal! };
}

describe('browser shell: opening Kakao from the session', () => {
  it('fails the attempt when no tab of the app is open', async () => {
    const { openExternal } = await shellWithOpener();
    await expect(openExternal('http://127.0.0.1:9010/oauth/authorize?x=1')).rejects.toBeInstanceOf(
      NoShellTabError,
    );
  });

  it('sends Kakao’s page to the open tab, and refuses any other URL', async () => {
    const { shell, openExternal } = await shellWithOpener();
    const events = await fetch(`${shell.origin}/api/events?k=${KEY}`);
    const reader = events.body!.getReader();
    await openExternal('http://127.0.0.1:9010/oauth/authorize?x=1');
    await expect(openExternal('https://evil.example/phish')).rejects.toThrow('not a Kakao sign-in URL');
    let text = '';
    while (!text.includes('open-sign-in')) text += new TextDecoder().decode((await reader.read()).value);
    expect(text).toContain('"url":"http://127.0.0.1:9010/oauth/authorize?x=1"');
    expect(text).not.toContain('evil.example');
    await reader.cancel();
  });
});
