import type { DesktopErrorCode } from '@kakao-desktop/contract/errors';
import type { DetailedProblem, Messages } from './messages';

const pad = (n: number) => String(n).padStart(2, '0');

/** HH:MM:SS in local time, 24-hour, the same in every language. */
export function formatClock(epochMs: number): string {
  const at = new Date(epochMs);
  return `${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`;
}

/**
 * A problem in the user's language: the words for its code and detail, else for its code. Main sends no text;
 * a code this build does not know (a newer main process) gets the generic text.
 */
export function problemText(
  messages: Messages,
  problem: { code: string; detail?: string | undefined },
): string {
  const pair = `${problem.code}:${problem.detail}`;
  if (problem.detail !== undefined && Object.hasOwn(messages.problemDetails, pair))
    return messages.problemDetails[pair as DetailedProblem];
  if (Object.hasOwn(messages.problems, problem.code))
    return messages.problems[problem.code as DesktopErrorCode];
  return messages.problems.internal;
}

const DATE_TIME: Intl.DateTimeFormatOptions = { dateStyle: 'medium', timeStyle: 'short' };
const DATE: Intl.DateTimeFormatOptions = { dateStyle: 'long' };

/** An ISO 8601 instant in the user's language and time zone; null when it is not a date (shown as nothing). */
export function formatDateTime(iso: string, language: string, withTime = true): string | null {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return null;
  return new Intl.DateTimeFormat(language, withTime ? DATE_TIME : DATE).format(at);
}
