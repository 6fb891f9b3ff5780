import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import {
  defineConfig,
  type MainViteConfig,
  type PreloadViteConfig,
  type RendererViteConfig,
} from 'electron-vite';
import type { Plugin } from 'vite';

const repo = fileURLToPath(new URL('.', import.meta.url));
const at = (path: string) => resolve(repo, path);

/** Native module: loaded from node_modules at run time (unpacked from the asar, see electron-builder.yml). */
const NATIVE_MODULES = ['keytar'];

export const mainConfig: MainViteConfig = {
  build: {
    outDir: at('out/main'),
    // Production dependencies stay in node_modules (electron-builder packs them); keytar must, being native.
    externalizeDeps: true,
    rolldownOptions: {
      input: { index: at('main/index.ts') },
      external: NATIVE_MODULES,
    },
  },
};

/**
 * The preload runs in a sandboxed renderer (`sandbox: true`), where Electron evaluates it as a classic
 * script with a limited `require` (electron + a few builtins) and no ES modules. So: one self-contained
 * CommonJS file, every dependency bundled, written as `.cjs` so it also loads as CommonJS if someone turns
 * the sandbox off in this `"type": "module"` package. Main loads `out/preload/index.cjs`.
 */
export const preloadConfig: PreloadViteConfig = {
  build: {
    outDir: at('out/preload'),
    externalizeDeps: false,
    rolldownOptions: {
      input: { index: at('preload/index.ts') },
      output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
    },
  },
};

/**
 * The strict Content-Security-Policy in renderer/index.html holds for the built app. Vite's dev server
 * needs inline scripts (React Fast Refresh preamble) and inline styles (CSS injected by HMR), so only the
 * dev server relaxes those two directives; `vite build` output keeps the policy as written.
 */
function relaxCspForDevServer(): Plugin {
  return {
    name: 'kakao-desktop:relax-csp-for-dev-server',
    apply: 'serve',
    transformIndexHtml: (html) =>
      html
        .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
        .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"),
  };
}

/** Plain Vite config (also used directly by test/renderer to build and serve the UI without Electron). */
export const rendererConfig: RendererViteConfig = {
  root: at('renderer'),
  base: './',
  plugins: [react(), relaxCspForDevServer()],
  build: {
    outDir: at('out/renderer'),
    emptyOutDir: true,
    // electron-vite leaves the renderer unminified by default; minified it is ~⅓ the size to parse at launch
    // (budget and figures: `npm run bench:bundle`, README "Figures").
    minify: true,
    // Source maps would ship the source; electron-builder.yml excludes *.map anyway.
    sourcemap: false,
    rolldownOptions: { input: { index: at('renderer/index.html') } },
  },
};

export default defineConfig({ main: mainConfig, preload: preloadConfig, renderer: rendererConfig });
