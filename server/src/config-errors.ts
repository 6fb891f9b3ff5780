/** The backend's one configuration error, and how a failed parse becomes its one printable line. */
import type { z } from 'zod';

/** Thrown for bad configuration; `message` is the one line to print. */
export class ConfigError extends Error {
  override name = 'ConfigError';
  readonly code = 'invalid_config';
}

/** Variables whose bad value is not repeated in the error: secrets, and URLs that may carry a password. */
const NEVER_ECHOED = /SECRET|KEY|DATABASE_URL|REDIS_URL/;

/** `config error: <VARIABLE> <what is wrong> (got "<value>")` for the first issue; secret values are not shown. */
export function configErrorFrom(error: z.ZodError, env: Record<string, string | undefined>): ConfigError {
  const issue = error.issues[0]!;
  const name = String(issue.path[0] ?? 'environment');
  const raw = env[name];
  const shown = raw === undefined || NEVER_ECHOED.test(name) ? '' : ` (got ${JSON.stringify(raw)})`;
  return new ConfigError(`config error: ${name} ${issue.message}${shown}`);
}
