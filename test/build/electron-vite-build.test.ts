/**
 * `electron-vite build` of the real app (no Electron binary needed), into a temporary folder, then checks
 * what each target emitted: a main bundle that leaves keytar to node_modules, a sandbox-loadable CommonJS
 * preload, and a renderer with its strict CSP and no source maps.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { Script } from 'node:vm';
import { build } from 'electron-vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repo = new URL('../../', import.meta.url).pathname;
const outDir = mkdtempSync(join(tmpdir(), 'kakao-desktop-out-'));

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(outDir, join(entry.parentPath, entry.name)));
}

const read = (path: string) => readFileSync(join(outDir, path), 'utf8');

beforeAll(async () => {
  for (const entry of ['main/index.ts', 'preload/index.ts']) {
    if (!existsSync(join(repo, entry)))
      throw new Error(`${entry} does not exist yet: the app cannot be built`);
  }
  await build({
    root: repo,
    configFile: join(repo, 'electron.vite.config.ts'),
    build: { outDir },
    logLevel: 'warn',
  });
}, 180_000);

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('electron-vite build', () => {
  it('emits the three targets where package.json and main expect them', () => {
    const emitted = files(outDir);
    expect(emitted).toContain('main/index.js');
    expect(emitted).toContain('preload/index.cjs');
    expect(emitted).toContain('renderer/index.html');
    const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { main: string };
    expect(pkg.main).toBe('out/main/index.js');
  });

  it('emits no source maps and no native binaries', () => {
    expect(files(outDir).filter((f) => f.endsWith('.map') || f.endsWith('.node'))).toEqual([]);
  });

  it('leaves keytar (native) to node_modules instead of bundling it', () => {
    const main = files(join(outDir, 'main'))
      .filter((f) => f.endsWith('.js'))
      .map(read)
      .join('\n');
    // keytar's own JavaScript loads its binding with this exact call; bundled, it would appear here.
    expect(main).not.toContain("require('../build/Release/keytar.node')");
    expect(main).not.toContain('keytar.node');
    // ...and main does load it, from node_modules, by name (statically or lazily).
    expect(main).toMatch(/from ["']keytar["']|import\(["']keytar["']\)|require\(["']keytar["']\)/);
  });

  it('makes the preload one CommonJS file that a sandboxed renderer can run', () => {
    const preload = read('preload/index.cjs');
    expect(files(join(outDir, 'preload'))).toEqual(['preload/index.cjs']);
    // Compiles as a classic script: no import/export statements (the sandbox has no ES modules).
    expect(() => new Script(`(function (require, module, exports) {${preload}\n})`)).not.toThrow();
    // The sandbox's require offers electron and a few builtins only; nothing from node_modules.
    const required = [...preload.matchAll(/require\(["']([^"']+)["']\)/g)].map((m) => m[1]);
    expect(required).toContain('electron');
    for (const name of required) expect(['electron', 'events', 'timers', 'url']).toContain(name);
  });

  it('builds the renderer with its strict CSP and without Node or Electron', () => {
    const html = read('renderer/index.html');
    expect(html).toMatch(/http-equiv="Content-Security-Policy"/);
    expect(html).not.toMatch(/unsafe-eval|unsafe-inline/);
    // Relative asset URLs: the app loads index.html from the file system.
    expect(html).toMatch(/src="\.\/assets\/[^"]+\.js"/);
    const scripts = files(join(outDir, 'renderer'))
      .filter((f) => f.endsWith('.js'))
      .map(read)
      .join('\n');
    expect(scripts).not.toMatch(/require\(["'](electron|keytar|node:)/);
    expect(scripts).not.toContain('ipcRenderer');
  });

  it('minifies the renderer (electron-vite would not by default) and ships React’s production build', () => {
    const scripts = files(join(outDir, 'renderer'))
      .filter((f) => f.endsWith('.js'))
      .map(read);
    expect(scripts.length).toBeGreaterThan(0);
    for (const js of scripts) {
      // Unminified output has a line every ~40 characters; minified, a handful of very long lines.
      expect(js.length / js.split('\n').length).toBeGreaterThan(1000);
      // React's development build warns about keys; the production build has no such text.
      expect(js).not.toContain('Each child in a list should have a unique "key" prop');
    }
  });
});
