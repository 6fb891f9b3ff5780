/** pino options: one JSON line per event; tokens, codes, secrets and emails never reach the log. */
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

export function loggerOptions(level: string): LoggerOptions {
  return { level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } };
}
