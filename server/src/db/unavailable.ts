/**
 * Is this error "the database cannot be reached right now" (down, restarting, recovering, out of connections)
 * rather than a bug? Such failures are answered 503 + Retry-After (a client keeps its session and retries), never
 * 500 and never invalid_grant. Looks through wrappers (Drizzle's query error keeps the driver's error as `cause`)
 * and returns the driver's error, whose message names no query parameters (Drizzle's own message lists them).
 */

/** SQLSTATEs of an unavailable server: class 08 (connection exception), shutdown / startup, too many connections. */
const UNAVAILABLE_SQLSTATE = /^(08...|57P0[1-3]|53300)$/;

/** Socket-level failures reaching the database. */
const UNAVAILABLE_ERRNO = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
]);

/** node-postgres raises these as plain Errors without a code. */
const UNAVAILABLE_MESSAGE =
  /^(Connection terminated( unexpectedly)?|Connection terminated due to connection timeout|timeout exceeded when trying to connect|Client has encountered a connection error and is not queryable|Client was closed and is not queryable)/;

export function databaseUnavailableError(error: unknown): (Error & { code?: unknown }) | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_ERRNO.has(code)))
      return current;
    if (UNAVAILABLE_MESSAGE.test(current.message)) return current;
    current = current.cause;
  }
  return undefined;
}
