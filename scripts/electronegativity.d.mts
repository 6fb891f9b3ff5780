export interface Suppression {
  check: string;
  /** Path relative to the repository root, e.g. `main/electron/main-window.ts`. */
  file: string;
  /** One line: why this finding is acceptable here. */
  reason: string;
}
export interface Finding {
  check: string;
  severity: string;
  confidence: string;
  file: string;
  line: number;
  column: number;
  description: string;
}
export const SCANNED_DIRS: string[];
export const SUPPRESSIONS_FILE: string;
export function parseSuppressions(text: string, source?: string): Suppression[];
export function judge(
  findings: Finding[],
  suppressions: Suppression[],
): { blocking: Finding[]; suppressed: number; others: number; unused: Suppression[] };
export function scan(options: { root: string; dirs?: string[]; electronVersion: string }): Promise<{
  findings: Finding[];
  errors: { file: string; message: string }[];
  inlineDisables: string[];
}>;
export function installedElectronVersion(root: string): string;
