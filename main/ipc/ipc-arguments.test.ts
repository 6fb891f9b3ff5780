/** What the renderer may send as arguments: each accepted shape, and a table of what is refused. */
import { describe, expect, it } from 'vitest';
import { parseSignInArgs, parseStaySignedInArgs } from './ipc-arguments';

const refused = { ok: false, code: 'invalid_argument', message: expect.stringMatching(/\w/) };

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
