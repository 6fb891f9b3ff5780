import type { SessionProblem } from '@kakao-desktop/contract/session-state';
import { looksLikeSecret } from '../lib/safe-text';
import type { Messages } from './messages';

const pad = (n: number) => String(n).padStart(2, '0');

/** HH:MM:SS in local time, 24-hour, the same in every language. */
export function formatClock(epochMs: number): string {
  const at = new Date(epochMs);
  return `${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}`;
}

/**
 * A problem in the user's language, by its stable code. A code this build does not know (a newer main
 * process) falls back to main's own message, unless that message looks like it could carry a secret.
 */
export function problemText(messages: Messages, problem: Pick<SessionProblem, 'code' | 'message'>): string {
  const known = Object.hasOwn(messages.problems, problem.code) ? messages.problems[problem.code] : undefined;
  if (known) return known;
  const fallback = typeof problem.message === 'string' ? problem.message.trim() : '';
  if (fallback && fallback.length <= 200 && !looksLikeSecret(fallback)) return fallback;
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
