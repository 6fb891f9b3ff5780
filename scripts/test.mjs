// `npm test`: typecheck, lint, the Electron security checklist, then every suite. Prints one closing line "tests: N passed, N failed".
// Under CI=true a skipped test is a failure, except Playwright tests annotated `electron-binary`
// (the Electron binary cannot be downloaded on our machines).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const ci = process.env.CI === 'true';
const totals = { passed: 0, failed: 0, skipped: 0 };
const problems = [];

function run(title, command, args, env = {}) {
  console.log(`\n=== ${title} ===`);
  const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return result.status ?? 1;
}

function readJson(path) {
  if (!existsSync(path)) return undefined;
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

function countVitest(name, path, status) {
  const report = readJson(path);
  if (!report) {
    problems.push(`${name}: no report written (exit ${status})`);
    totals.failed++;
    return;
  }
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests;
  const skipped = report.numPendingTests + report.numTodoTests;
  totals.skipped += skipped;
  if (status !== 0 && report.numFailedTests === 0) {
    problems.push(`${name}: exited ${status} (a suite failed to load or a hook failed)`);
    totals.failed++;
  }
  if (skipped > 0) {
    const message = `${name}: ${skipped} test(s) skipped`;
    if (ci) problems.push(`${message} — under CI=true a skip is a failure`);
    else console.warn(`WARNING: ${message}`);
  }
}

function countPlaywright(path, status) {
  const report = readJson(path);
  if (!report) {
    problems.push(`playwright: no report written (exit ${status})`);
    totals.failed++;
    return;
  }
  const { expected = 0, unexpected = 0, flaky = 0, skipped = 0 } = report.stats ?? {};
  totals.passed += expected + flaky;
  totals.failed += unexpected;
  totals.skipped += skipped;
  const walk = (suite) => [...(suite.specs ?? []), ...(suite.suites ?? []).flatMap(walk)];
  const disallowed = (report.suites ?? [])
    .flatMap(walk)
    .flatMap((spec) => spec.tests.map((t) => ({ title: spec.title, t })))
    .filter(({ t }) => t.status === 'skipped' && !t.annotations.some((a) => a.type === 'electron-binary'));
  if (disallowed.length > 0) {
    const message = `playwright: ${disallowed.length} test(s) skipped: ${disallowed.map((d) => d.title).join(', ')}`;
    if (ci) problems.push(`${message} — under CI=true a skip is a failure`);
    else console.warn(`WARNING: ${message}`);
  }
  if (status !== 0 && unexpected === 0) {
    problems.push(`playwright: exited ${status}`);
    totals.failed++;
  }
}

rmSync('test-results', { recursive: true, force: true });
mkdirSync('test-results', { recursive: true });

if (run('typecheck', 'node', ['scripts/typecheck.mjs']) !== 0) problems.push('typecheck failed');
if (run('lint (biome)', 'npx', ['biome', 'check', '.']) !== 0) problems.push('lint failed');
if (run('Electron security checklist (electronegativity)', 'node', ['scripts/electronegativity.mjs']) !== 0)
  problems.push('electronegativity: a HIGH finding or a bad suppression (see above)');

const vitestStatus = run('unit + integration (vitest)', 'npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  '--outputFile.json=test-results/vitest.json',
]);
countVitest('vitest', 'test-results/vitest.json', vitestStatus);

const playwrightStatus = run('browser (Playwright + Chromium)', 'npx', ['playwright', 'test']);
countPlaywright('test-results/playwright.json', playwrightStatus);

const keychainStatus = run('keychain (keytar + gnome-keyring)', 'bash', [
  'scripts/with-keychain.sh',
  'vitest',
  'run',
  '--config',
  'vitest.keychain.config.ts',
  '--reporter=default',
  '--reporter=json',
  '--outputFile.json=test-results/keychain.json',
]);
if (keychainStatus === 3) {
  const message = 'keychain suite could not run (see the line above)';
  if (ci) problems.push(message);
  else console.warn(`WARNING: ${message}`);
} else {
  countVitest('keychain', 'test-results/keychain.json', keychainStatus);
}

console.log('');
for (const p of problems) console.error(`FAILED: ${p}`);
console.log(`tests: ${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
process.exit(problems.length > 0 || totals.failed > 0 ? 1 : 0);
