/**
 * The rules every window shares, checked on both windows the app opens (the app window and the sign-in
 * window) on a fake `electron`: the same hardened webPreferences, every permission denied, no popups, no
 * navigation off the window's own pages.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  BrowserWindow,
  navigationEvent,
  resetFakeElectron,
  session,
} from '../../test/helpers/fakes/fake-electron';
import { MemoryPreferences } from '../../test/helpers/fakes/memory-preferences';
import { createElectronAuthWindow } from './auth-window';
import { HARDENED_WEB_PREFERENCES } from './hardening';
import { createMainWindow } from './main-window';

vi.mock('electron', () => import('../../test/helpers/fakes/fake-electron'));

const kakao = 'http://127.0.0.1:9010';
/** Sign-in attempts left open by a test, cancelled after it (their watchdog timer must not outlive it). */
const openAttempts: AbortController[] = [];

async function bothWindows() {
  createMainWindow({
    renderer: { indexHtmlPath: '/app/out/renderer/index.html' },
    preloadPath: '/app/out/preload/index.cjs',
    preferences: new MemoryPreferences(),
  });
  const abort = new AbortController();
  openAttempts.push(abort);
  void createElectronAuthWindow().open({
    authorizeUrl: `${kakao}/oauth/authorize?state=S`,
    redirectUri: 'http://localhost:9021/callback',
    expectedState: 'S',
    allowedOrigins: [kakao],
    keepKakaoSession: false,
    signal: abort.signal,
  });
  await Promise.resolve();
  const [main, auth] = BrowserWindow.created;
  if (!main || !auth) throw new Error('expected the app window and the sign-in window');
  return [
    { name: 'app window', window: main },
    { name: 'sign-in window', window: auth },
  ].map(({ name, window }) => {
    const partition = (window.options.webPreferences as { partition?: string }).partition;
    return {
      name,
      window,
      contents: window.webContents,
      ses: partition ? session.fromPartition(partition) : session.defaultSession,
    };
  });
}

describe('hardening shared by both windows', () => {
  beforeEach(() => resetFakeElectron());
  afterEach(() => {
    for (const attempt of openAttempts.splice(0)) attempt.abort();
    vi.restoreAllMocks();
  });

  it('is one frozen set of webPreferences: exactly the hardened table, nothing more', () => {
    expect(Object.isFrozen(HARDENED_WEB_PREFERENCES)).toBe(true);
    // The one place the values are spelled out; the window tests check they use this constant.
    expect(HARDENED_WEB_PREFERENCES).toStrictEqual({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInSubFrames: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
      disableBlinkFeatures: 'Auxclick',
    });
    expect(HARDENED_WEB_PREFERENCES).not.toHaveProperty('enableBlinkFeatures');
  });

  it('both windows start from it and override none of it', async () => {
    for (const { name, window } of await bothWindows()) {
      const prefs = window.options.webPreferences as Record<string, unknown>;
      expect(prefs, name).toMatchObject(HARDENED_WEB_PREFERENCES);
      const extra = Object.keys(prefs).filter((key) => !(key in HARDENED_WEB_PREFERENCES));
      expect(
        extra.every((key) => key === 'preload' || key === 'partition'),
        `${name}: ${extra}`,
      ).toBe(true);
    }
  });

  it('both windows deny every permission request and check on their own session', async () => {
    for (const { name, contents, ses } of await bothWindows()) {
      expect(contents.session, name).toBe(ses);
      for (const permission of ['media', 'notifications', 'clipboard-read', 'geolocation', 'openExternal']) {
        const callback = vi.fn();
        ses.permissionRequestHandler?.(contents, permission, callback, {});
        expect(callback, `${name}: ${permission}`).toHaveBeenCalledExactlyOnceWith(false);
        expect(ses.permissionCheckHandler?.(contents, permission, '', {}), name).toBe(false);
      }
    }
  });

  it('both windows deny window.open and navigation or redirects to a foreign site', async () => {
    for (const { name, contents } of await bothWindows()) {
      expect(contents.windowOpenHandler?.({ url: 'https://evil.example/' }), name).toEqual({
        action: 'deny',
      });
      for (const event of ['will-navigate', 'will-redirect']) {
        const navigation = navigationEvent('https://evil.example/');
        contents.emit(event, navigation);
        expect(navigation.defaultPrevented, `${name} ${event}`).toBe(true);
      }
    }
  });
});
