/** pino options: one JSON line per event; tokens, codes, secrets and emails never reach the log. */
import type { FastifyBaseLogger } from 'fastify';
import type { LoggerOptions } from 'pino';

export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  '*.authorization',
  '*.refresh_token',
  '*.access_token',
  '*.kakao_access_token',
  '*.id_token',
  '*.code',
  '*.code_verifier',
  '*.client_secret',
  '*.email',
  '*.password',
  '*.adminKey',
  '*.clientSecret',
  '*.encryptionKey',
];

const CENSOR = '[redacted]';

/**
 * For the audit logger, whose fields are flat primitives (see Audit): the same names redacted at the top level.
 * A `*.name` path only reaches into objects, which audit lines never carry, so this redacts the same values without
 * the wildcard paths' per-field cost, paid on every refresh (measured: bench/README.md).
 */
export const AUDIT_REDACT_PATHS = REDACT_PATHS.filter((p) => p.startsWith('*.')).map((p) => p.slice(2));

/** The audit logger: a child of `log` with AUDIT_REDACT_PATHS. */
export function auditLogger(log: FastifyBaseLogger): FastifyBaseLogger {
  return log.child({}, { redact: { paths: AUDIT_REDACT_PATHS, censor: CENSOR } });
}

export function loggerOptions(level: string): LoggerOptions {
  return { level, redact: { paths: REDACT_PATHS, censor: CENSOR } };
}

/** What a log line may say about an error: its kind, code and where it was thrown; never its words. */
export interface LoggedError {
  /** The error's class, e.g. DrizzleQueryError, DatabaseError (pg and PGlite), TypeError. */
  type: string;
  /** PostgreSQL's SQLSTATE, e.g. 23505 (unique violation). */
  sqlState?: string;
  /** Any other machine code, e.g. Node's ERR_… / ECONNREFUSED. (Not `code`: the logger redacts `*.code`.) */
  errorCode?: string;
  /** PostgreSQL's names of what failed (schema names, never values). */
  table?: string;
  column?: string;
  constraint?: string;
  /** Stack frames only (file:line), without the message line. */
  frames?: string[];
  cause?: LoggedError;
}

const MACHINE_CODE = /^[A-Za-z0-9_]{1,64}$/;
const SQLSTATE = /^[0-9A-Z]{5}$/;
/** Names that say nothing (and minified class names are too short to say anything either). */
const GENERIC = new Set(['Error', 'error', 'Object']);
const SCHEMA_NAME = /^[A-Za-z0-9_.]{1,128}$/;
const MAX_FRAMES = 10;
const MAX_CAUSES = 4;

/**
 * A safe projection of any thrown value for logs. Driver and library messages are left out on purpose: a failed
 * query's message carries its SQL and parameters (Drizzle's "Failed query: … params: …"), PostgreSQL's `detail`
 * carries the offending values ("Key (lower(email))=(…) already exists"), and other messages may quote their input.
 * The class, the SQLSTATE and our own context on the log line (route, request id) are enough to find the bug.
 */
export function errorForLog(error: unknown, depth = 0): LoggedError {
  if (typeof error !== 'object' || error === null) return { type: typeof error };
  const e = error as Record<string, unknown> & { constructor?: { name?: unknown } };
  const code = typeof e.code === 'number' ? String(e.code) : e.code;
  // pg and PGlite both raise PostgreSQL's error fields (severity, code, detail…) with name "error".
  const isDatabaseError = typeof e.severity === 'string' && typeof code === 'string' && SQLSTATE.test(code);
  const className = [e.constructor?.name, e.name].find(
    (n): n is string => typeof n === 'string' && MACHINE_CODE.test(n) && n.length > 2 && !GENERIC.has(n),
  );
  const out: LoggedError = { type: isDatabaseError ? 'DatabaseError' : (className ?? 'Error') };
  if (isDatabaseError) out.sqlState = code;
  else if (typeof code === 'string' && MACHINE_CODE.test(code)) out.errorCode = code;
  for (const key of ['table', 'column', 'constraint'] as const) {
    const value = e[key];
    if (typeof value === 'string' && SCHEMA_NAME.test(value)) out[key] = value;
  }
  const frames = stackFrames(e);
  if (frames.length > 0) out.frames = frames;
  if (e.cause !== undefined && depth < MAX_CAUSES) out.cause = errorForLog(e.cause, depth + 1);
  return out;
}

/** The "at …" lines after the `Name: message` head; none when the head is not the message (can't cut it safely). */
function stackFrames(e: Record<string, unknown>): string[] {
  const { stack, name, message } = e;
  if (typeof stack !== 'string' || typeof message !== 'string') return [];
  const head = message === '' ? String(name) : `${String(name)}: ${message}`;
  if (!stack.startsWith(head)) return [];
  return stack
    .slice(head.length)
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('at '))
    .slice(0, MAX_FRAMES);
}
