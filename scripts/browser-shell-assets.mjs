// The browser shell's page-side bridge (preload/browser-bridge.ts) as the plain script the shell serves.
// It imports contract types only, so stripping the types is the whole build (Vite's own TypeScript transform).
import { readFile } from 'node:fs/promises';
import { transformWithOxc } from 'vite';

export async function compileBrowserBridge() {
  const path = new URL('../preload/browser-bridge.ts', import.meta.url);
  const { code: module } = await transformWithOxc(await readFile(path, 'utf8'), 'browser-bridge.ts', {
    lang: 'ts',
  });
  // What is left of the type-only imports: the marker that made it a module.
  const code = module.replace(/^export \{\};\n?/m, '');
  if (/^\s*(import|export)\s/m.test(code)) throw new Error('browser-bridge.ts must import types only');
  // One function scope: nothing but `window.api` is left on the page's globals.
  return `(() => {\n${code}})();\n`;
}
