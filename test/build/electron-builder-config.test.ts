/**
 * electron-builder cannot package here (it downloads Electron), so its configuration is checked statically:
 * electron-builder's own schema accepts it, the `files` patterns ship the build output and nothing else, and
 * electron-builder's own dependency collector would pack keytar.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import type { Configuration } from 'app-builder-lib';
import { NpmNodeModulesCollector } from 'app-builder-lib/out/node-module-collector/npmNodeModulesCollector';
// electron-builder's own validation (its hard dependency app-builder-lib), so typos in keys fail here.
import { validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger, TmpDir } from 'builder-util';
import { minimatch } from 'minimatch';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const config = parse(read('electron-builder.yml')) as Configuration;
const pkg = JSON.parse(read('package.json')) as {
  name: string;
  main: string;
  description?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
};

/**
 * Would electron-builder copy this project file? Patterns apply in order; the last one that matches wins.
 * `widenedBy` puts extra positive patterns first, to check the negative ones hold on their own.
 */
function packaged(path: string, widenedBy: string[] = []): boolean {
  const patterns = [...widenedBy, ...(config.files as string[])];
  let included = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    if (minimatch(path, negated ? pattern.slice(1) : pattern, { dot: true })) included = !negated;
  }
  return included;
}

describe('electron-builder.yml', () => {
  it('passes electron-builder’s own schema validation', async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('rejects a misspelt key (the validation above can fail)', async () => {
    await expect(
      validateConfiguration({ ...config, filez: [] } as Configuration, new DebugLogger(false)),
    ).rejects.toThrow(/unknown property 'filez'/);
  });

  it('names the app', () => {
    expect(config.appId).toBe('com.kakaodesktop.app');
    expect(config.productName).toBe('Kakao Desktop');
  });

  it('lists files as strings, every positive pattern under out/', () => {
    expect(Array.isArray(config.files)).toBe(true);
    const patterns = config.files as unknown[];
    expect(patterns.every((p) => typeof p === 'string')).toBe(true);
    const positive = (patterns as string[]).filter((p) => !p.startsWith('!'));
    expect(positive).toEqual(['out/**']);
  });

  it.each([
    'out/main/index.js',
    'out/preload/index.cjs',
    'out/renderer/index.html',
    'out/renderer/assets/index-abc123.js',
    'out/renderer/assets/index-abc123.css',
  ])('packages the build output: %s', (path) => {
    expect(packaged(path)).toBe(true);
  });

  // Left out by an explicit negative pattern, so they stay out even if someone widens the positive ones.
  it.each([
    'server/src/app.ts',
    'server/.env',
    'kakao-emulator/src/server.ts',
    'contract/src/http.ts',
    'test/renderer/session-ui.spec.ts',
    'test/helpers/chromium.ts',
    'bench/refresh.ts',
    '.env',
    '.env.local',
    '.env.production',
    'out/main/.env',
    'out/main/index.js.map',
    'out/renderer/assets/index-abc123.js.map',
    'node_modules/@kakao-desktop/contract/src/http.ts',
    'node_modules/react-dom/index.js',
  ])('leaves out %s, by name', (path) => {
    expect(packaged(path)).toBe(false);
    expect(packaged(path, ['**/*'])).toBe(false);
  });

  it.each([
    'main/index.ts',
    'renderer/src/App.tsx',
    'electron.vite.config.ts',
    'package-lock.json',
    'build/icon.svg',
  ])('leaves out source %s (not under out/)', (path) => {
    expect(packaged(path)).toBe(false);
  });

  it('unpacks keytar’s native binding from the asar', () => {
    expect(config.asar).not.toBe(false);
    const unpack = [config.asarUnpack ?? []].flat() as string[];
    const binding = 'node_modules/keytar/build/Release/keytar.node';
    expect(unpack.some((pattern) => minimatch(binding, pattern, { dot: true }))).toBe(true);
  });

  it('builds installers for macOS, Windows and Linux', () => {
    const targets = (platform: unknown) =>
      [(platform as { target?: unknown } | undefined)?.target ?? []]
        .flat()
        .map((t) => (typeof t === 'string' ? t : (t as { target: string }).target));
    expect(targets(config.mac)).toContain('dmg');
    expect(targets(config.win)).toContain('nsis');
    expect(targets(config.linux)).toEqual(expect.arrayContaining(['AppImage', 'deb']));
  });

  it('holds nothing that looks like a secret', () => {
    const text = read('electron-builder.yml');
    expect(text).not.toMatch(/(password|secret|token|private[_-]?key)\s*:/i);
    expect(text).not.toMatch(/-----BEGIN/);
  });
});

describe('Electron fuses', () => {
  // https://www.electronjs.org/docs/latest/tutorial/fuses — each one stated, none left to Electron's default.
  it.each([
    ['runAsNode', false],
    ['enableCookieEncryption', true],
    ['enableNodeOptionsEnvironmentVariable', false],
    ['enableNodeCliInspectArguments', false],
    ['enableEmbeddedAsarIntegrityValidation', true],
    ['onlyLoadAppFromAsar', true],
  ] as const)('%s: %s', (fuse, value) => {
    expect(config.electronFuses?.[fuse]).toBe(value);
  });

  it('packs into an asar (the integrity and asar-only fuses need one)', () => {
    expect(config.asar).toBe(true);
  });
});

describe('product metadata', () => {
  it('has a copyright, a description and a category on every platform that has one', () => {
    expect(config.copyright).toMatch(/^Copyright © \d{4} /);
    expect(pkg.description?.length).toBeGreaterThan(10);
    expect(config.mac?.category).toMatch(/^public\.app-category\./);
    // freedesktop.org main categories: https://specifications.freedesktop.org/menu-spec/latest/category-registry.html
    expect([
      'AudioVideo',
      'Development',
      'Education',
      'Game',
      'Graphics',
      'Network',
      'Office',
      'Science',
      'Settings',
      'System',
      'Utility',
    ]).toContain(config.linux?.category);
    expect(config.linux?.synopsis).toBeTruthy();
  });
});

/** Width and height from a PNG's IHDR chunk, after checking the signature. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(bytes.toString('ascii', 12, 16)).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('app icons', () => {
  const file = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url));

  it('every platform names an icon file that exists', () => {
    for (const path of [config.mac?.icon, config.win?.icon, config.linux?.icon, config.nsis?.installerIcon]) {
      expect(typeof path, String(path)).toBe('string');
      expect(existsSync(new URL(`../../${path}`, import.meta.url)), String(path)).toBe(true);
    }
  });

  it.each([16, 24, 32, 48, 64, 128, 256, 512, 1024])('Linux: build/icons/%ix%i.png is that size', (size) => {
    expect(pngSize(file(`build/icons/${size}x${size}.png`))).toEqual({ width: size, height: size });
  });

  it('build/icon.png is the 1024 px master', () => {
    expect(pngSize(file('build/icon.png'))).toEqual({ width: 1024, height: 1024 });
  });

  it('macOS: icon.icns is an ICNS file with 16 px to 1024 px images', () => {
    const icns = file('build/icon.icns');
    expect(icns.toString('ascii', 0, 4)).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const types: string[] = [];
    for (let at = 8; at < icns.length; at += icns.readUInt32BE(at + 4))
      types.push(icns.toString('ascii', at, at + 4));
    // ic10 = 1024 px (512@2x), ic09 = 512, ic08 = 256, ic07 = 128, ic11 = 32 (16@2x), is32 or icp4 = 16
    expect(types).toEqual(expect.arrayContaining(['ic10', 'ic09', 'ic08', 'ic07']));
    expect(types.some((type) => type === 'is32' || type === 'icp4')).toBe(true);
  });

  it('Windows: icon.ico holds 16, 32, 48 and 256 px images', () => {
    const ico = file('build/icon.ico');
    expect(ico.readUInt16LE(0)).toBe(0); // reserved
    expect(ico.readUInt16LE(2)).toBe(1); // 1 = icon
    const count = ico.readUInt16LE(4);
    // In a directory entry, 0 means 256.
    const sizes = Array.from({ length: count }, (_, i) => ico[6 + i * 16] || 256);
    expect(sizes).toEqual(expect.arrayContaining([16, 32, 48, 256]));
  });

  it('the committed PNGs are what build/icon.svg renders to today (run scripts/make-icons.mjs after editing it)', () => {
    const svg = file('build/icon.svg');
    const rendered = new Resvg(svg, { fitTo: { mode: 'width', value: 256 }, background: 'rgba(0,0,0,0)' })
      .render()
      .asPng();
    expect(Buffer.compare(rendered, file('build/icons/256x256.png'))).toBe(0);
  });
});

describe('package.json for electron-builder', () => {
  it('points main at the built main process', () => {
    expect(pkg.main).toBe('out/main/index.js');
    expect(packaged(pkg.main)).toBe(true);
  });

  it('has electron and electron-builder as devDependencies only (electron-builder refuses otherwise)', () => {
    for (const name of ['electron', 'electron-builder']) {
      expect(pkg.devDependencies?.[name], name).toBeDefined();
      expect(pkg.dependencies?.[name], name).toBeUndefined();
    }
  });

  it('pins electron to one supported major', () => {
    const range = pkg.devDependencies?.electron ?? '';
    // ^45.5.0, ~45.5.0 or 45.5.0: never a range that could cross majors (*, >=, x, latest).
    const match = /^[~^]?(\d+)\.\d+\.\d+$/.exec(range);
    expect(match, `electron range "${range}"`).not.toBeNull();
    // Electron supports its latest three majors; 45 is the newest on the npm registry as of 2026-11.
    expect(Number(match![1])).toBeGreaterThanOrEqual(43);
  });

  it('keeps keytar an optional production dependency (npm install never fails on it, packaging keeps it)', () => {
    expect(pkg.optionalDependencies?.keytar).toBeDefined();
    expect(pkg.devDependencies?.keytar).toBeUndefined();
  });

  it('is packed with keytar: electron-builder’s own npm collector lists it among the app’s modules', async () => {
    const tmp = new TmpDir('electron-builder-config-test');
    try {
      const collector = new NpmNodeModulesCollector(fileURLToPath(new URL('../../', import.meta.url)), tmp);
      const { nodeModules } = await collector.getNodeModules({ packageName: pkg.name });
      const names = nodeModules.map((module) => module.name);
      expect(
        names,
        'keytar would not be packaged (is it installed? it needs libsecret-1-dev to build on Linux)',
      ).toContain('keytar');
      // ...and nothing that is only for development.
      for (const name of ['electron', 'electron-builder', 'vitest', '@playwright/test']) {
        expect(names).not.toContain(name);
      }
    } finally {
      await tmp.cleanup();
    }
  }, 120_000);
});
