/**
 * A stand-in for the Electron release on a mirror, for the launcher tests: a copy of the installed `electron`
 * npm package in a temp folder (its real index.js and install.js, with checksums.json listing our zip), and a
 * zip holding a tiny shell script named like the binary that records how it was started.
 */
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { crc32 } from 'node:zlib';

const ROOT_MODULES = fileURLToPath(new URL('../../node_modules/', import.meta.url));
const REAL_ELECTRON = join(ROOT_MODULES, 'electron');

export const ELECTRON_VERSION = (
  JSON.parse(readFileSync(join(REAL_ELECTRON, 'package.json'), 'utf8')) as { version: string }
).version;
/** What @electron/get asks the mirror for on this machine. */
export const ZIP_NAME = `electron-v${ELECTRON_VERSION}-${process.platform}-${process.arch}.zip`;

/** The fake binary: writes its arguments and BACKEND_URL to $FAKE_ELECTRON_MARKER, then exits. */
export const FAKE_BINARY = `#!/bin/sh
printf '%s\\n' "$@" > "$FAKE_ELECTRON_MARKER"
printf 'BACKEND_URL=%s\\n' "$BACKEND_URL" >> "$FAKE_ELECTRON_MARKER"
`;

interface ZipEntry {
  name: string;
  data: Buffer;
  /** Unix permission bits, kept by the extractor (the binary must stay executable). */
  mode: number;
}

/** A minimal "stored" (uncompressed) zip, made by Unix so the permission bits travel along. */
export function makeZip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const crc = crc32(entry.data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x21, 12); // date: 1980-01-01
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(entry.data.length, 18);
    local.writeUInt32LE(entry.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4); // made by Unix
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(entry.data.length, 20);
    central.writeUInt32LE(entry.data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(((0o100000 | entry.mode) << 16) >>> 0, 38); // regular file + mode
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, entry.data);
    centrals.push(central, name);
    offset += local.length + name.length + entry.data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** The fake release: the binary script plus the `version` file a real Electron zip carries. */
export function fakeElectronZip(): Buffer {
  return makeZip([
    { name: 'electron', data: Buffer.from(FAKE_BINARY), mode: 0o755 },
    { name: 'version', data: Buffer.from(`v${ELECTRON_VERSION}`), mode: 0o644 },
  ]);
}

export const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

export interface FakeElectronPackage {
  /** The copied `electron` package folder (what `electronDir` points at). */
  dir: string;
  /** Electron's download cache for this test only (electron_config_cache). */
  cache: string;
  /** A scratch folder for markers. */
  scratch: string;
  remove(): void;
}

/**
 * A private copy of the installed electron package. Its dependencies (@electron/get, the zip extractor) are
 * linked from the real node_modules; checksums.json pins `zipChecksum`, as the real one pins the real zip.
 */
export function fakeElectronPackage(zipChecksum: string): FakeElectronPackage {
  const root = mkdtempSync(join(tmpdir(), 'kakao-desktop-electron-'));
  const dir = join(root, 'node_modules', 'electron');
  mkdirSync(dir, { recursive: true });
  for (const file of ['package.json', 'index.js', 'install.js']) {
    copyFileSync(join(REAL_ELECTRON, file), join(dir, file));
  }
  writeFileSync(join(dir, 'checksums.json'), JSON.stringify({ [ZIP_NAME]: zipChecksum }, null, 2));
  for (const scope of ['@electron', '@electron-internal']) {
    symlinkSync(join(ROOT_MODULES, scope), join(root, 'node_modules', scope), 'dir');
  }
  const cache = join(root, 'cache');
  const scratch = join(root, 'scratch');
  mkdirSync(scratch);
  return { dir, cache, scratch, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** A binary already in place, as after an earlier successful download. */
export function installFakeBinary(electronDir: string): string {
  const binary = join(electronDir, 'dist', 'electron');
  mkdirSync(dirname(binary), { recursive: true });
  writeFileSync(binary, FAKE_BINARY, { mode: 0o755 });
  writeFileSync(join(electronDir, 'path.txt'), 'electron');
  return binary;
}

export interface FakeMirror {
  /** ELECTRON_MIRROR value (ends with a slash, as @electron/get appends `<dir>/<file>`). */
  url: string;
  /** Every path asked for, in order. */
  requests: string[];
  close(): Promise<void>;
}

/** An HTTP mirror serving `files` by path (`/v45.5.0/electron-….zip`); anything else is a 404. */
export async function startFakeMirror(files: Record<string, Buffer>): Promise<FakeMirror> {
  const requests: string[] = [];
  const server: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://mirror').pathname;
    requests.push(path);
    const body = files[path];
    if (!body) {
      response.writeHead(404).end('not found');
      return;
    }
    response.writeHead(200, { 'content-type': 'application/zip', 'content-length': body.length }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A mirror address where nothing listens (a port just freed). */
export async function deadMirrorUrl(): Promise<string> {
  const mirror = await startFakeMirror({});
  await mirror.close();
  return mirror.url;
}
