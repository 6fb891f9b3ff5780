import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { AUDIT_REDACT_PATHS, auditLogger, errorForLog, loggerOptions, REDACT_PATHS } from '../src/logger';

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

describe('errorForLog', () => {
  const secret = 'person@example.com';

  it('keeps class, SQLSTATE, schema names, frames and causes; never message, detail, query or params', () => {
    const driverError = Object.assign(new Error(`duplicate key value violates unique constraint`), {
      name: 'error',
      severity: 'ERROR',
      code: '23505',
      detail: `Key (lower(email))=(${secret}) already exists.`,
      table: 'users',
      constraint: 'users_email_lower_unique',
      query: 'insert into users ...',
      params: [secret],
    });
    class DrizzleQueryError extends Error {}
    const wrapped = new DrizzleQueryError(`Failed query: insert into users\nparams: ${secret}`, {
      cause: driverError,
    });
    const logged = errorForLog(wrapped);
    expect(logged).toMatchObject({
      type: 'DrizzleQueryError',
      frames: expect.arrayContaining([expect.stringMatching(/^at .*logger\.test\.ts/)]),
      cause: {
        type: 'DatabaseError',
        sqlState: '23505',
        table: 'users',
        constraint: 'users_email_lower_unique',
      },
    });
    expect(JSON.stringify(logged)).not.toMatch(/person@example|Failed query|duplicate key|insert into/);
  });

  it('drops the frames when the stack does not start with the message (they could not be cut from it)', () => {
    const error = new TypeError(`bad value ${secret}`);
    error.stack = `something else ${secret}\n    at ${secret} (x.js:1:1)`;
    expect(errorForLog(error)).toEqual({ type: 'TypeError' });
  });

  it('keeps machine codes only, and survives non-errors', () => {
    expect(errorForLog(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toMatchObject({
      type: 'Error',
      errorCode: 'ECONNREFUSED',
    });
    expect(errorForLog(Object.assign(new Error('x'), { code: `bad ${secret}` }))).not.toHaveProperty(
      'errorCode',
    );
    expect(errorForLog(secret)).toEqual({ type: 'string' });
    expect(errorForLog(null)).toEqual({ type: 'object' });
  });
});
