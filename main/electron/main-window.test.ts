/**
 * The app window on a fake `electron`: the Electron security checklist items that apply to it, each played
 * as the attack (a navigation away, a popup, a permission prompt, a <webview>) and shown to fail.
 */
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  app,
  BrowserWindow,
  navigationEvent,
  resetFakeElectron,
  session,
} from '../../test/helpers/fakes/fake-electron';
import { MemoryPreferences } from '../../test/helpers/fakes/memory-preferences';
import { HARDENED_WEB_PREFERENCES, hardenApp } from './hardening';
import { createMainWindow } from './main-window';

vi.mock('electron', () => import('../../test/helpers/fakes/fake-electron'));

const renderer = { indexHtmlPath: '/app/out/renderer/index.html' };
const ours = 'file:///app/out/renderer/index.html';

function open(location: { devServerUrl?: string; indexHtmlPath: string } = renderer) {
  const window = createMainWindow({
    renderer: location,
    preloadPath: '/app/out/preload/index.cjs',
    preferences: new MemoryPreferences(),
  }) as unknown as BrowserWindow;
  return { window, contents: window.webContents, ses: window.webContents.session };
}

/** Every permission name Electron may ask about (Electron 45 `setPermissionRequestHandler` docs). */
const PERMISSIONS = [
  'clipboard-read',
  'clipboard-sanitized-write',
  'display-capture',
  'fullscreen',
  'geolocation',
  'idle-detection',
  'media',
  'mediaKeySystem',
  'midi',
  'midiSysex',
  'notifications',
  'pointerLock',
  'keyboardLock',
  'openExternal',
  'speaker-selection',
  'storage-access',
  'top-level-storage-access',
  'window-management',
  'unknown',
  'fileSystem',
  'hid',
  'serial',
  'usb',
];

describe('main window', () => {
  beforeEach(() => resetFakeElectron());
  afterEach(() => vi.restoreAllMocks());

  it('runs our renderer sandboxed and isolated, without Node, with web security on', () => {
    const { window } = open();
    const prefs = window.options.webPreferences as Record<string, unknown>;
    // The shared table (its values are checked in hardening.test.ts), and the critical ones spelled out so a
    // wrong constant still fails here.
    expect(prefs).toMatchObject({ ...HARDENED_WEB_PREFERENCES, preload: '/app/out/preload/index.cjs' });
    expect(prefs).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect(prefs.enableBlinkFeatures).toBeUndefined();
    expect(prefs.partition).toBeUndefined(); // the default session: the one given the permission handlers
  });

  it.each(PERMISSIONS)('denies the permission request "%s" on its session', (permission) => {
    const { contents, ses } = open();
    expect(ses).toBe(session.defaultSession);
    const callback = vi.fn();
    ses.permissionRequestHandler?.(contents, permission, callback, { requestingUrl: ours });
    expect(callback).toHaveBeenCalledExactlyOnceWith(false);
    expect(ses.permissionCheckHandler?.(contents, permission, ours, {})).toBe(false);
  });

  it('has its permission handlers in place before the renderer starts loading', () => {
    const loadFile = vi.spyOn(BrowserWindow.prototype, 'loadFile');
    let handlersWhenLoading: unknown[] = [];
    loadFile.mockImplementation(async function (this: BrowserWindow) {
      const ses = this.webContents.session;
      handlersWhenLoading = [ses.permissionRequestHandler, ses.permissionCheckHandler];
    });
    open();
    expect(loadFile).toHaveBeenCalledOnce();
    expect(handlersWhenLoading.every((handler) => typeof handler === 'function')).toBe(true);
  });

  it.each([
    'https://evil.example/',
    'http://127.0.0.1:9010/oauth/authorize',
    'file:///etc/passwd',
    'file:///app/out/renderer/other.html',
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
  ])('refuses to navigate or be redirected to %s', (url) => {
    const { contents } = open();
    for (const name of ['will-navigate', 'will-redirect']) {
      const event = navigationEvent(url);
      contents.emit(name, event);
      expect(event.defaultPrevented, name).toBe(true);
    }
  });

  it('may reload its own renderer (built file, or the dev server in development)', () => {
    const built = open();
    const self = navigationEvent(`${ours}#/profile`);
    built.contents.emit('will-navigate', self);
    expect(self.defaultPrevented).toBe(false);

    const dev = open({ ...renderer, devServerUrl: 'http://localhost:5173' });
    expect(dev.contents.url).toBe('http://localhost:5173');
    const hmr = navigationEvent('http://localhost:5173/?t=1');
    dev.contents.emit('will-navigate', hmr);
    expect(hmr.defaultPrevented).toBe(false);
    const other = navigationEvent('http://localhost:5174/');
    dev.contents.emit('will-navigate', other);
    expect(other.defaultPrevented).toBe(true);
  });

  it.each(['https://evil.example/', ours, 'about:blank'])('denies window.open(%s)', (url) => {
    const { contents } = open();
    expect(contents.windowOpenHandler?.({ url })).toEqual({ action: 'deny' });
  });

  it('refuses to attach a <webview>', () => {
    const { contents } = open();
    const event = { defaultPrevented: false, preventDefault: vi.fn() };
    contents.emit('will-attach-webview', event, { nodeIntegration: true }, { src: 'https://evil.example' });
    expect(event.preventDefault).toHaveBeenCalled();
  });

  it('loads the built renderer file when there is no dev server', () => {
    const { contents } = open();
    expect(contents.url).toBe(ours);
  });
});

describe('hardenApp (every web contents, app-wide)', () => {
  beforeEach(() => resetFakeElectron());

  it('forces the sandbox for every renderer', () => {
    hardenApp(app as never);
    expect(app.sandboxEnabled).toBe(true);
  });

  it('denies popups and <webview> in web contents the app did not set up itself', () => {
    hardenApp(app as never);
    const stray = new BrowserWindow({}).webContents; // e.g. a devtools or third-party contents
    app.emit('web-contents-created', {}, stray);
    expect(stray.windowOpenHandler?.({ url: 'https://evil.example/' })).toEqual({ action: 'deny' });
    const attach = { preventDefault: vi.fn() };
    stray.emit('will-attach-webview', attach, {}, {});
    expect(attach.preventDefault).toHaveBeenCalled();
  });
});

describe('the renderer page CSP', () => {
  const html = readFileSync(new URL('../../renderer/index.html', import.meta.url), 'utf8');
  const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]+)"/i.exec(html);
  const directives = new Map(
    (meta?.[1] ?? '')
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...sources]) => [name!, sources]),
  );

  it('is declared in index.html (the built file:// page has no response headers)', () => {
    expect(meta).not.toBeNull();
  });

  it('runs only the app’s own scripts: no inline code, no eval, no remote script', () => {
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('script-src')).toEqual(["'self'"]);
  });

  it('allows no plugins, no <base> hijack, no form posts, and connects only to itself', () => {
    expect(directives.get('object-src')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
    expect(directives.get('form-action')).toEqual(["'none'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
  });

  it('takes no source anywhere over plain http except this machine', () => {
    for (const [name, sources] of directives) {
      for (const source of sources.filter((s) => s.startsWith('http:'))) {
        expect(source, name).toMatch(/^http:\/\/(127\.0\.0\.1|localhost)(:\*|:\d+)?$/);
      }
      expect(sources, name).not.toContain("'unsafe-inline'");
      expect(sources, name).not.toContain("'unsafe-eval'");
      expect(sources, name).not.toContain('*');
    }
  });
});
