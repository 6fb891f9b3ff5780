/** What the session modules may log: event names, codes and error names of our own making, never a token. */
import { BackendError } from '../backend/backend-error';

/** Never receives a token: only event names, codes and error names/messages of our own making. */
export type SessionLog = (
  event: string,
  details?: Record<string, string | number | boolean | undefined>,
) => void;

export function errorSummary(error: unknown): Record<string, string> {
  // Name and code only: an HTTP library's error can carry the request body (a refresh token) in its fields.
  if (error instanceof BackendError) return { error: error.name, code: error.code, kind: error.kind };
  if (error instanceof Error) return { error: error.name, code: 'code' in error ? String(error.code) : '' };
  return { error: typeof error };
}
