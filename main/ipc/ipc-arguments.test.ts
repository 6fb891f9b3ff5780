/** What the renderer may send as arguments: each accepted shape, and a table of what is refused. */
import { describe, expect, it } from 'vitest';
import {
  parseConsentArgs,
  parseSessionIdArgs,
  parseSignInArgs,
  parseStaySignedInArgs,
} from './ipc-arguments';

const refused = { ok: false, code: 'invalid_argument' };

describe('session:sign-in arguments', () => {
  it.each([
    ['no argument', [], {}],
    ['undefined', [undefined], {}],
    ['an empty object', [{}], {}],
    ['prompt undefined', [{ prompt: undefined }], {}],
    ['select_account', [{ prompt: 'select_account' }], { prompt: 'select_account' }],
    ['login', [{ prompt: 'login' }], { prompt: 'login' }],
  ])('accepts %s', (_name, args, options) => {
    expect(parseSignInArgs(args)).toEqual({ ok: true, value: options });
  });

  it.each([
    ['prompt=none (Kakao knows it; we do not send it)', [{ prompt: 'none' }]],
    ['prompt=create', [{ prompt: 'create' }]],
    ['a comma list', [{ prompt: 'login,select_account' }]],
    ['another case', [{ prompt: 'LOGIN' }]],
    ['padding', [{ prompt: ' login' }]],
    ['an empty prompt', [{ prompt: '' }]],
    ['a null prompt', [{ prompt: null }]],
    ['a number prompt', [{ prompt: 1 }]],
    ['an array prompt', [{ prompt: ['login'] }]],
    ['an extra field', [{ prompt: 'login', loginHint: 'someone@example.com' }]],
    ['only an unknown field', [{ redirectUri: 'https://evil.example/' }]],
    ['a prototype key', [JSON.parse('{"__proto__": {"prompt": "login"}}')]],
    ['null', [null]],
    ['a string', ['select_account']],
    ['a number', [0]],
    ['a boolean', [true]],
    ['an array', [[{ prompt: 'login' }]]],
    ['a function-like value', [() => 'login']],
    ['a second argument', [{ prompt: 'login' }, { prompt: 'select_account' }]],
    ['undefined then something', [undefined, 'extra']],
  ])('refuses %s', (_name, args) => {
    expect(parseSignInArgs(args as unknown[])).toEqual(refused);
  });
});

describe('preferences:set-stay-signed-in-to-kakao arguments', () => {
  it.each([true, false])('accepts %s', (value) => {
    expect(parseStaySignedInArgs([value])).toEqual({ ok: true, value });
  });

  it.each([
    ['no argument', []],
    ['undefined', [undefined]],
    ['null', [null]],
    ['a string "true"', ['true']],
    ['a string "false"', ['false']],
    ['1', [1]],
    ['0', [0]],
    ['an object', [{ staySignedInToKakao: true }]],
    ['two arguments', [true, true]],
  ])('refuses %s', (_name, args) => {
    expect(parseStaySignedInArgs(args as unknown[])).toEqual(refused);
  });
});

describe('account:sign-out-device arguments', () => {
  const id = '0f8e6c7a-3b1d-4c2e-9a5f-1234567890ab';

  it('accepts one session id (a UUID, as the backend issues them)', () => {
    expect(parseSessionIdArgs([id])).toEqual({ ok: true, value: id });
    expect(parseSessionIdArgs([id.toUpperCase()])).toEqual({ ok: true, value: id.toUpperCase() });
  });

  it.each([
    ['nothing', []],
    ['undefined', [undefined]],
    ['an empty string', ['']],
    ['a path', ['../me']],
    ['a UUID with a query', [`${id}?x=1`]],
    ['a UUID with a newline', [`${id}\n`]],
    ['a number', [42]],
    ['an object', [{ id }]],
    ['an array', [[id]]],
    ['a second argument', [id, id]],
  ])('refuses %s', (_name, args) => {
    expect(parseSessionIdArgs(args as unknown[])).toEqual(refused);
  });
});

describe('account:request-consent arguments', () => {
  it('accepts the items the contract lists', () => {
    expect(parseConsentArgs(['email'])).toEqual({ ok: true, value: 'email' });
  });

  it.each([
    ['nothing', []],
    ["Kakao's own scope name", ['account_email']],
    ['a scope list', ['email,phone_number']],
    ['another case', ['EMAIL']],
    ['an item not offered', ['phone_number']],
    ['an object', [{ item: 'email' }]],
    ['a second argument', ['email', 'openid']],
  ])('refuses %s', (_name, args) => {
    expect(parseConsentArgs(args as unknown[])).toEqual(refused);
  });
});
