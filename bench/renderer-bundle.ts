/**
 * `npm run bench:bundle`: the renderer's JavaScript as it ships. Builds the renderer with the production config
 * (electron.vite.config.ts, into a temporary folder) — or, with `--read`, measures the existing out/renderer of
 * `npm run build` — and prints each JS file's raw and gzip size, the total, and the total gzip size as a ratio of
 * the budget. Exits 1 when the budget is exceeded, so CI can run it; speed is not measured here.
 *
 * Env: BUNDLE_BUDGET_GZIP_KB (default 90).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type InlineConfig } from 'vite';
import { rendererConfig } from '../electron.vite.config';

const BUDGET_KB = Number(process.env.BUNDLE_BUDGET_GZIP_KB ?? 90);
const KB = 1024;

export interface BundleFile {
  path: string;
  raw: number;
  gzip: number;
}

/** Every .js file under `dir`, with its size and its gzip size at level 9 (what a CDN would serve; a fair yardstick). */
export function measureJs(dir: string): BundleFile[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.js'))
    .map((entry) => {
      const path = join(entry.parentPath, entry.name);
      const bytes = readFileSync(path);
      return { path: relative(dir, path), raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
    })
    .sort((a, b) => b.raw - a.raw);
}

async function buildRenderer(outDir: string): Promise<void> {
  const config = {
    ...rendererConfig,
    configFile: false,
    logLevel: 'warn',
    mode: 'production',
  } as InlineConfig;
  await build({ ...config, build: { ...config.build, outDir, emptyOutDir: true } });
}

async function main(): Promise<void> {
  const read = process.argv.includes('--read');
  const dir = read
    ? fileURLToPath(new URL('../out/renderer', import.meta.url))
    : mkdtempSync(join(tmpdir(), 'kakao-desktop-bundle-'));
  try {
    if (!read) await buildRenderer(dir);
    const files = measureJs(dir);
    if (files.length === 0) throw new Error(`no JavaScript under ${dir}: run \`npm run build\` first`);
    const kb = (bytes: number) => `${(bytes / KB).toFixed(1)} KB`;
    console.log(`renderer JavaScript (${read ? 'out/renderer' : 'fresh production build'}):`);
    for (const file of files) console.log(`  ${file.path}: ${kb(file.raw)} raw, ${kb(file.gzip)} gzip`);
    const raw = files.reduce((sum, file) => sum + file.raw, 0);
    const gzip = files.reduce((sum, file) => sum + file.gzip, 0);
    const ratio = gzip / (BUDGET_KB * KB);
    console.log(`total: ${kb(raw)} raw, ${kb(gzip)} gzip`);
    console.log(
      `budget: ${BUDGET_KB} KB gzip → ${(ratio * 100).toFixed(0)}% of budget (ratio ${ratio.toFixed(2)})`,
    );
    if (ratio > 1) {
      console.error('over budget');
      process.exitCode = 1;
    }
  } finally {
    if (!read) rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
