// `node scripts/electronegativity.mjs`: the Electron security checklist (Doyensec Electronegativity) over the
// app's own code — main/, preload/, renderer/, test files left out. Fails on any HIGH (or CRITICAL) finding that
// is not listed, with a one-line reason, in electronegativity.suppressions.json; also on a listed suppression
// that no longer matches anything, on an inline `eng-disable` (it would carry no reason), and on a file the
// scanner could not parse. Prints a few lines at most.
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const require = createRequire(import.meta.url);

export const SCANNED_DIRS = ['main', 'preload', 'renderer'];
export const SUPPRESSIONS_FILE = 'electronegativity.suppressions.json';
const BLOCKING = new Set(['HIGH', 'CRITICAL']);
const TEST_FILE = /\.(test|spec)\.[cm]?[jt]sx?$/;
/** Files the scanner reads checks (and `eng-disable` comments) from. */
const SCANNED_SOURCE = /\.([cm]?[jt]sx?|html?)$/;
const SKIPPED_DIR = /(^|[\\/])(node_modules|out|dist)([\\/]|$)/;
// This check downloads Electron's release feed on every run, so its answer changes with the feed and it fails
// offline. The Electron version is pinned in package.json and upgraded there, not judged by this scan.
const EXCLUDED_CHECKS = ['availablesecurityfixesglobalcheck'];

/**
 * The suppressions file: `[{ "check": "CHECK_ID", "file": "main/x.ts", "reason": "one line" }]`.
 * Throws an Error saying what is wrong.
 */
export function parseSuppressions(text, source = SUPPRESSIONS_FILE) {
  let data;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`${source}: not JSON (${error.message})`);
  }
  if (!Array.isArray(data)) throw new Error(`${source}: must be an array of { check, file, reason }`);
  return data.map((entry, index) => {
    const where = `${source}[${index}]`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
      throw new Error(`${where}: must be an object { check, file, reason }`);
    const extra = Object.keys(entry).filter((key) => !['check', 'file', 'reason'].includes(key));
    if (extra.length > 0) throw new Error(`${where}: unknown field(s) ${extra.join(', ')}`);
    for (const key of ['check', 'file', 'reason']) {
      if (typeof entry[key] !== 'string' || entry[key].trim() === '')
        throw new Error(`${where}: "${key}" must be a non-empty string`);
    }
    if (/[\r\n]/.test(entry.reason)) throw new Error(`${where}: "reason" must be one line`);
    return { check: entry.check, file: entry.file, reason: entry.reason.trim() };
  });
}

/** Splits findings into blocking ones, suppressed ones, and the rest; lists suppressions that matched nothing. */
export function judge(findings, suppressions) {
  const used = new Set();
  const blocking = [];
  let suppressed = 0;
  for (const finding of findings) {
    if (!BLOCKING.has(finding.severity)) continue;
    const index = suppressions.findIndex((s) => s.check === finding.check && s.file === finding.file);
    if (index === -1) blocking.push(finding);
    else {
      used.add(index);
      suppressed++;
    }
  }
  return {
    blocking,
    suppressed,
    others: findings.filter((finding) => !BLOCKING.has(finding.severity)).length,
    unused: suppressions.filter((_, index) => !used.has(index)),
  };
}

function listFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? listFiles(path) : [path];
  });
}

/** The library logs translations and progress itself; keep the test log to our own lines. */
async function quietly(work) {
  const saved = { log: console.log, info: console.info, warn: console.warn, error: console.error };
  const mute = () => {};
  Object.assign(console, { log: mute, info: mute, warn: mute, error: mute });
  try {
    return await work();
  } finally {
    Object.assign(console, saved);
  }
}

/** Runs Electronegativity over a copy of `dirs` (test files and build output left out). */
export async function scan({ root, dirs = SCANNED_DIRS, electronVersion }) {
  const staging = mkdtempSync(join(tmpdir(), 'electronegativity-'));
  try {
    for (const dir of dirs) {
      cpSync(join(root, dir), join(staging, dir), {
        recursive: true,
        filter: (source) => !SKIPPED_DIR.test(relative(root, source)) && !TEST_FILE.test(source),
      });
    }
    const inlineDisables = listFiles(staging)
      .filter((path) => SCANNED_SOURCE.test(path) && readFileSync(path, 'utf8').includes('eng-disable'))
      .map((path) => relative(staging, path));
    const run = require('@doyensec/electronegativity');
    const result = await quietly(() =>
      run({
        input: staging,
        isRelative: true,
        electronVersionOverride: electronVersion,
        excludeFromScan: EXCLUDED_CHECKS,
      }),
    );
    const findings = result.issues.map((issue) => ({
      check: issue.id,
      severity: issue.severity.name,
      confidence: issue.confidence.name,
      file: issue.file.split('\\').join('/'),
      line: issue.location.line,
      column: issue.location.column,
      description: issue.description,
    }));
    // Tolerable ones are parser warnings; the others mean a file's checks did not run.
    const errors = result.errors
      .filter((error) => !error.tolerable)
      .map((error) => ({
        file: relative(staging, String(error.file ?? '')) || String(error.file ?? '?'),
        message: String(error.message ?? error.error ?? 'could not be parsed').split('\n')[0],
      }));
    return { findings, errors, inlineDisables };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/** The installed Electron's version (its package.json: reading it never triggers the binary download). */
export function installedElectronVersion(root) {
  return JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')).version;
}

async function main() {
  const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
  const suppressionsPath = join(root, SUPPRESSIONS_FILE);
  const suppressions = existsSync(suppressionsPath)
    ? parseSuppressions(readFileSync(suppressionsPath, 'utf8'))
    : [];
  const electronVersion = installedElectronVersion(root);
  const { findings, errors, inlineDisables } = await scan({ root, electronVersion });
  const verdict = judge(findings, suppressions);

  const problems = [
    ...verdict.blocking.map(
      (f) => `${f.severity} ${f.check} ${f.file}:${f.line}:${f.column} — ${f.description}`,
    ),
    ...verdict.unused.map(
      (s) => `${SUPPRESSIONS_FILE}: "${s.check}" in ${s.file} matches no finding any more; remove it`,
    ),
    ...inlineDisables.map(
      (file) => `${file}: inline eng-disable; list it in ${SUPPRESSIONS_FILE} with a reason instead`,
    ),
    ...errors.map((e) => `${e.file}: not scanned (${e.message})`),
  ];
  console.log(
    `electronegativity (Electron ${electronVersion}; ${SCANNED_DIRS.join('/, ')}/): ` +
      `${verdict.blocking.length} high, ${verdict.suppressed} suppressed, ${verdict.others} medium or lower`,
  );
  for (const problem of problems) console.error(`  ${problem}`);
  process.exit(problems.length > 0 ? 1 : 0);
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  main().catch((error) => {
    console.error(`electronegativity could not run: ${error instanceof Error ? error.message : error}`);
    process.exit(1);
  });
}
