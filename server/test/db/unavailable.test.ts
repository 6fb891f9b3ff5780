import { DrizzleQueryError } from 'drizzle-orm/errors';
import { describe, expect, it } from 'vitest';
import { databaseUnavailableError } from '../../src/db/unavailable';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe('databaseUnavailableError', () => {
  it.each([
    ['admin shutdown', withCode('terminating connection due to administrator command', '57P01')],
    [
      'crash shutdown',
      withCode('terminating connection because of crash of another server process', '57P02'),
    ],
    ['starting up / recovering', withCode('the database system is starting up', '57P03')],
    ['too many connections', withCode('sorry, too many clients already', '53300')],
    ['connection exception class 08', withCode('connection failure', '08006')],
    ['refused', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['reset', withCode('read ECONNRESET', 'ECONNRESET')],
    ['terminated (node-postgres)', new Error('Connection terminated unexpectedly')],
    ['pool timeout (node-postgres)', new Error('timeout exceeded when trying to connect')],
  ])('recognises %s', (_name, error) => {
    expect(databaseUnavailableError(error)).toBe(error);
  });

  it("looks through Drizzle's wrapper and returns the driver's error (no query parameters in its message)", () => {
    const cause = withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED');
    const wrapped = new DrizzleQueryError('select $1', ['secret-hash'], cause);
    expect(databaseUnavailableError(wrapped)).toBe(cause);
  });

  it.each([
    ['a unique violation', withCode('duplicate key value', '23505')],
    ['a syntax error', withCode('syntax error at or near "x"', '42601')],
    ['a deadlock', withCode('deadlock detected', '40P01')],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['not an Error', 'ECONNREFUSED'],
  ])('leaves %s alone (a 500 or its own mapping)', (_name, error) => {
    expect(databaseUnavailableError(error)).toBeUndefined();
  });
});
