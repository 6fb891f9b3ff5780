/**
 * The app's window: our renderer only, sandboxed, isolated, with the preload bridge. It never navigates or
 * redirects away from the renderer, opens no popups, attaches no <webview> and is granted no permission.
 * Window bounds are remembered in preferences.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BrowserWindow } from 'electron';
import { isTrustedRendererUrl, type RendererLocation } from '../ipc/trusted-sender';
import type { PreferencesStore } from '../preferences/preferences';
import {
  denyAllPermissions,
  denyNavigationUnless,
  denyPopupsAndWebviews,
  HARDENED_WEB_PREFERENCES,
} from './hardening';

/** Built files, relative to the bundled main entry (out/main/index.js). */
export function builtRendererLocation(devServerUrl: string | undefined): RendererLocation {
  return { devServerUrl, indexHtmlPath: fileURLToPath(new URL('../renderer/index.html', import.meta.url)) };
}

/** A sandboxed preload must be CommonJS; take whichever the build emitted. */
export function builtPreloadPath(): string {
  const candidates = ['index.cjs', 'index.js', 'index.mjs'].map((name) =>
    fileURLToPath(new URL(`../preload/${name}`, import.meta.url)),
  );
  return candidates.find((path) => existsSync(path)) ?? candidates[0]!;
}

export function createMainWindow(options: {
  renderer: RendererLocation;
  preloadPath: string;
  preferences: PreferencesStore;
}): BrowserWindow {
  const bounds = options.preferences.get().windowBounds;
  const window = new BrowserWindow({
    width: bounds?.width ?? 960,
    height: bounds?.height ?? 680,
    ...(bounds?.x !== undefined && bounds.y !== undefined ? { x: bounds.x, y: bounds.y } : {}),
    minWidth: 420,
    minHeight: 480,
    show: false,
    // contextIsolation restated: Electronegativity's static check cannot see through the spread.
    webPreferences: { ...HARDENED_WEB_PREFERENCES, contextIsolation: true, preload: options.preloadPath },
  });
  const contents = window.webContents;
  // Before anything loads: the renderer asks for no permission, so none is ever granted.
  denyAllPermissions(contents.session);
  denyPopupsAndWebviews(contents);
  denyNavigationUnless(contents, (url) => isTrustedRendererUrl(url, options.renderer));
  window.once('ready-to-show', () => window.show());
  window.on('close', () => {
    try {
      options.preferences.update({ windowBounds: window.getNormalBounds() });
    } catch {
      // Bounds are a nicety; a bad value must not block closing.
    }
  });

  if (options.renderer.devServerUrl) void window.loadURL(options.renderer.devServerUrl);
  else void window.loadFile(options.renderer.indexHtmlPath);
  return window;
}
