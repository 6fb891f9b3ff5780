/**
 * `npm start`'s Electron launcher (scripts/electron-launcher.mjs) against a local mirror: the real
 * @electron/get and the electron package's own install.js download, verify and unpack a fake release into a
 * private copy of the package, then the launcher starts it. The real node_modules/electron is never touched.
 */
import { once } from 'node:events';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  electronUnavailableLine,
  ensureElectronBinary,
  installedElectronBinary,
  launchElectron,
} from '../../scripts/electron-launcher.mjs';
import {
  deadMirrorUrl,
  ELECTRON_VERSION,
  type FakeElectronPackage,
  type FakeMirror,
  fakeElectronPackage,
  fakeElectronZip,
  installFakeBinary,
  sha256,
  startFakeMirror,
  ZIP_NAME,
} from './fake-electron';

const zip = fakeElectronZip();
let pkg: FakeElectronPackage | undefined;
let mirror: FakeMirror | undefined;

afterEach(async () => {
  await mirror?.close();
  pkg?.remove();
  mirror = undefined;
  pkg = undefined;
});

/** The environment a user would have, minus anything from this machine that would steer the download. */
function downloadEnv(p: FakeElectronPackage, extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(electron_|npm_config_electron|ELECTRON_)/i.test(key)) env[key] = value;
  }
  return { ...env, electron_config_cache: p.cache, ELECTRON_GET_NO_PROGRESS: '1', ...extra };
}

async function runFakeApp(binary: string, p: FakeElectronPackage): Promise<string> {
  const marker = join(p.scratch, 'started.txt');
  const child = launchElectron({
    binary,
    appDir: '/path/to/app',
    env: { ...process.env, FAKE_ELECTRON_MARKER: marker, BACKEND_URL: 'http://127.0.0.1:9020' },
  });
  const [code] = await once(child, 'exit');
  expect(code).toBe(0);
  return readFileSync(marker, 'utf8');
}

describe.runIf(process.platform === 'linux')('Electron launcher', () => {
  it('downloads the binary from ELECTRON_MIRROR + ELECTRON_CUSTOM_DIR, unpacks it, and starts it', async () => {
    pkg = fakeElectronPackage(sha256(zip));
    mirror = await startFakeMirror({ [`/custom-${ELECTRON_VERSION}/${ZIP_NAME}`]: zip });
    const lines: string[] = [];
    const env = downloadEnv(pkg, {
      ELECTRON_MIRROR: mirror.url,
      ELECTRON_CUSTOM_DIR: 'custom-{{ version }}',
    });

    const result = await ensureElectronBinary({ electronDir: pkg.dir, env, log: (line) => lines.push(line) });

    expect(result).toEqual({ ok: true, binary: join(pkg.dir, 'dist', 'electron'), downloaded: true });
    expect(mirror.requests).toEqual([`/custom-${ELECTRON_VERSION}/${ZIP_NAME}`]);
    expect(lines).toEqual([expect.stringContaining(`Downloading the Electron ${ELECTRON_VERSION} binary`)]);
    // Electron's own installer wrote path.txt, so `require('electron')` finds it from now on.
    expect(readFileSync(join(pkg.dir, 'path.txt'), 'utf8')).toBe('electron');
    expect(statSync(join(pkg.dir, 'dist', 'electron')).mode & 0o111).not.toBe(0);
    if (!result.ok) throw new Error(result.reason);

    const started = await runFakeApp(result.binary, pkg);
    expect(started.split('\n')[0]).toBe('/path/to/app');
    expect(started).toContain('BACKEND_URL=http://127.0.0.1:9020');
  });

  it('uses a binary already on disk without asking the mirror', async () => {
    pkg = fakeElectronPackage(sha256(zip));
    const binary = installFakeBinary(pkg.dir);
    mirror = await startFakeMirror({ [`/v${ELECTRON_VERSION}/${ZIP_NAME}`]: zip });
    const lines: string[] = [];

    const result = await ensureElectronBinary({
      electronDir: pkg.dir,
      env: downloadEnv(pkg, { ELECTRON_MIRROR: mirror.url }),
      log: (line) => lines.push(line),
    });

    expect(result).toEqual({ ok: true, binary, downloaded: false });
    expect(mirror.requests).toEqual([]);
    expect(lines).toEqual([]);
    expect(await runFakeApp(binary, pkg)).toContain('/path/to/app');
  });

  it('a dead mirror: no binary, and one line saying why and what to set', async () => {
    pkg = fakeElectronPackage(sha256(zip));
    const result = await ensureElectronBinary({
      electronDir: pkg.dir,
      env: downloadEnv(pkg, { ELECTRON_MIRROR: await deadMirrorUrl() }),
      log: () => {},
    });

    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reason).toMatch(/fetch failed: .*ECONNREFUSED/);
    const line = electronUnavailableLine(result.reason);
    expect(line).not.toContain('\n');
    expect(line).toContain(result.reason);
    expect(line).toMatch(/ELECTRON_MIRROR.*ELECTRON_CUSTOM_DIR/);
    expect(existsSync(join(pkg.dir, 'path.txt'))).toBe(false);
    expect(installedElectronBinary(pkg.dir, {})).toBeUndefined();
  });

  it('a mirror without the release: the HTTP status is the reason', async () => {
    pkg = fakeElectronPackage(sha256(zip));
    mirror = await startFakeMirror({});
    const result = await ensureElectronBinary({
      electronDir: pkg.dir,
      env: downloadEnv(pkg, { ELECTRON_MIRROR: mirror.url }),
      log: () => {},
    });

    expect(result).toEqual({ ok: false, reason: expect.stringMatching(/404/) });
    expect(mirror.requests).toEqual([`/v${ELECTRON_VERSION}/${ZIP_NAME}`]);
  });

  it('a zip that does not match the package’s checksums is refused, and nothing is unpacked', async () => {
    pkg = fakeElectronPackage(sha256(Buffer.from('the release that was published')));
    mirror = await startFakeMirror({ [`/v${ELECTRON_VERSION}/${ZIP_NAME}`]: zip });
    const result = await ensureElectronBinary({
      electronDir: pkg.dir,
      env: downloadEnv(pkg, { ELECTRON_MIRROR: mirror.url }),
      log: () => {},
    });

    expect(result).toEqual({ ok: false, reason: expect.stringMatching(/checksum|sha256/i) });
    expect(existsSync(join(pkg.dir, 'dist', 'electron'))).toBe(false);
  });
});
