/**
 * The Electronegativity gate of `npm test` (scripts/electronegativity.mjs) must be able to fail: a window built
 * the insecure way is caught, a test file is not scanned, a suppression needs a one-line reason and goes stale
 * loudly. The real scan of main/, preload/ and renderer/ is the `npm test` step itself.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Finding,
  installedElectronVersion,
  judge,
  parseSuppressions,
  scan,
} from '../../scripts/electronegativity.mjs';

const INSECURE_WINDOW = `import { BrowserWindow } from 'electron';
export function open(): BrowserWindow {
  return new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false } });
}
`;

describe('electronegativity gate on an insecure app', () => {
  let root: string;
  let result: Awaited<ReturnType<typeof scan>>;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'eng-fixture-'));
    mkdirSync(join(root, 'main'));
    mkdirSync(join(root, 'preload'));
    writeFileSync(join(root, 'main/bad-window.ts'), INSECURE_WINDOW);
    writeFileSync(join(root, 'main/bad-window.test.ts'), INSECURE_WINDOW);
    writeFileSync(join(root, 'main/README.md'), 'Docs may mention eng-disable.\n');
    writeFileSync(
      join(root, 'preload/index.ts'),
      `${INSECURE_WINDOW}/* eng-disable CONTEXT_ISOLATION_JS_CHECK */\n`,
    );
    result = await scan({
      root,
      dirs: ['main', 'preload'],
      electronVersion: installedElectronVersion(process.cwd()),
    });
  }, 60_000);

  afterAll(() => {
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it('reports missing context isolation and unguarded navigation as HIGH, so the gate fails', () => {
    const high = result.findings.filter((f) => f.severity === 'HIGH').map((f) => `${f.check} ${f.file}`);
    expect(high).toEqual(
      expect.arrayContaining([
        'CONTEXT_ISOLATION_JS_CHECK main/bad-window.ts',
        'LIMIT_NAVIGATION_GLOBAL_CHECK N/A',
      ]),
    );
    expect(judge(result.findings, []).blocking.length).toBeGreaterThan(0);
  });

  it('leaves test files out of the scan', () => {
    expect(result.findings.some((f) => f.file.includes('.test.'))).toBe(false);
  });

  it('flags an inline eng-disable in code (it carries no reason), not a mention in the docs', () => {
    expect(result.inlineDisables).toEqual(['preload/index.ts']);
  });

  it('passes only once every HIGH finding is suppressed with a reason', () => {
    const high = result.findings.filter((f) => f.severity === 'HIGH');
    const suppressions = [...new Set(high.map((f) => `${f.check} ${f.file}`))].map((key) => {
      const [check, file] = key.split(' ') as [string, string];
      return { check, file, reason: 'fixture' };
    });
    const verdict = judge(result.findings, suppressions);
    expect(verdict.blocking).toEqual([]);
    expect(verdict.suppressed).toBe(high.length);
    expect(verdict.unused).toEqual([]);
  });
});

describe('judge', () => {
  const finding = (check: string, severity: string, file = 'main/a.ts'): Finding => ({
    check,
    severity,
    confidence: 'FIRM',
    file,
    line: 1,
    column: 0,
    description: '',
  });

  it('blocks HIGH and CRITICAL, counts the rest, and reports stale suppressions', () => {
    const verdict = judge(
      [
        finding('A', 'HIGH'),
        finding('B', 'CRITICAL'),
        finding('C', 'MEDIUM'),
        finding('A', 'HIGH', 'main/b.ts'),
      ],
      [
        { check: 'A', file: 'main/b.ts', reason: 'why' },
        { check: 'Z', file: 'main/a.ts', reason: 'gone' },
      ],
    );
    expect(verdict.blocking.map((f) => `${f.check} ${f.file}`)).toEqual(['A main/a.ts', 'B main/a.ts']);
    expect(verdict).toMatchObject({ suppressed: 1, others: 1 });
    expect(verdict.unused).toEqual([{ check: 'Z', file: 'main/a.ts', reason: 'gone' }]);
  });
});

describe('parseSuppressions', () => {
  it('reads {check, file, reason} entries', () => {
    expect(parseSuppressions('[{"check":"A","file":"main/a.ts","reason":" needed for X "}]')).toEqual([
      { check: 'A', file: 'main/a.ts', reason: 'needed for X' },
    ]);
  });

  it.each([
    ['not json', /not JSON/],
    ['{}', /array/],
    ['[{"check":"A","file":"main/a.ts"}]', /"reason" must be a non-empty string/],
    ['[{"check":"A","file":"main/a.ts","reason":"  "}]', /"reason" must be a non-empty string/],
    ['[{"check":"A","file":"main/a.ts","reason":"one\\ntwo"}]', /one line/],
    ['[{"check":"A","file":"main/a.ts","reason":"r","until":"never"}]', /unknown field/],
    ['[{"file":"main/a.ts","reason":"r"}]', /"check"/],
    ['["A"]', /object/],
  ])('refuses %s', (text, message) => {
    expect(() => parseSuppressions(text)).toThrow(message);
  });
});
