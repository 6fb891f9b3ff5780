import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { AUDIT_REDACT_PATHS, auditLogger, loggerOptions, REDACT_PATHS } from '../src/logger';

function capture() {
  const lines: string[] = [];
  const log = pino(
    loggerOptions('info'),
    new Writable({
      write(chunk, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    }),
  );
  return { log, text: () => lines.join('') };
}

describe('audit logger', () => {
  it('redacts every secret-bearing name the main logger redacts one level down', () => {
    const { log, text } = capture();
    const secrets = Object.fromEntries(AUDIT_REDACT_PATHS.map((name, i) => [name, `SECRET-${i}`]));
    auditLogger(log).info({ event: 'refresh', userId: 'u1', ...secrets }, 'audit refresh');
    expect(AUDIT_REDACT_PATHS).toEqual(
      expect.arrayContaining(['refresh_token', 'access_token', 'code', 'email']),
    );
    expect(AUDIT_REDACT_PATHS).toHaveLength(REDACT_PATHS.filter((p) => p.startsWith('*.')).length);
    expect(text()).not.toMatch(/SECRET-/);
    expect(JSON.parse(text())).toMatchObject({ event: 'refresh', userId: 'u1', refresh_token: '[redacted]' });
  });

  it('leaves the main logger and its redaction as they were', () => {
    const { log, text } = capture();
    auditLogger(log);
    log.info(
      { body: { refresh_token: 'SECRET' }, req: { headers: { authorization: 'Bearer SECRET' } } },
      'x',
    );
    expect(text()).not.toMatch(/SECRET/);
  });
});
