// The browser shell's page-side bridge (preload/browser-bridge.ts) as the plain script the shell serves.
// It imports contract types only, so stripping the types is the whole build (Vite's own TypeScript transform);
// the one value it needs from contract, the verb → channel list, is defined in front of it from contract itself.
import { readFile } from 'node:fs/promises';
import { transformWithOxc } from 'vite';

/** A TypeScript file of this repo with its types stripped; refuses one that still imports or re-exports a module. */
async function stripTypes(relativePath) {
  const path = new URL(relativePath, import.meta.url);
  const { code } = await transformWithOxc(await readFile(path, 'utf8'), path.pathname, { lang: 'ts' });
  if (/^\s*import\s|^\s*export\s[^;]*\sfrom\s/m.test(code)) {
    throw new Error(`${relativePath} must import types only`);
  }
  return code;
}

/** contract's `API_VERBS`, read from its source (contract/src/ipc.ts imports types only, like the bridge). */
async function contractApiVerbs() {
  const ipc = await stripTypes('../contract/src/ipc.ts');
  const { API_VERBS } = await import(`data:text/javascript;base64,${Buffer.from(ipc).toString('base64')}`);
  if (!API_VERBS || typeof API_VERBS !== 'object')
    throw new Error('contract/src/ipc.ts exports no API_VERBS');
  return API_VERBS;
}

export async function compileBrowserBridge() {
  const module = await stripTypes('../preload/browser-bridge.ts');
  // What is left of the type-only imports: the marker that made it a module.
  const code = module.replace(/^export \{\};\n?/m, '');
  if (/^\s*(import|export)\s/m.test(code)) throw new Error('browser-bridge.ts must import types only');
  const verbs = `const CONTRACT_API_VERBS = Object.freeze(${JSON.stringify(await contractApiVerbs())});\n`;
  // One function scope: nothing but `window.api` is left on the page's globals.
  return `(() => {\n${verbs}${code}})();\n`;
}
