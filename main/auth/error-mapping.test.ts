import { DESKTOP_ERROR_CODES } from '@kakao-desktop/contract';
import { describe, expect, it } from 'vitest';
import { BackendError } from '../backend/backend-error';
import {
  DesktopError,
  KAKAO_UNAVAILABLE_MESSAGE,
  problemFromError,
  problemFromOutcome,
  USER_MESSAGES,
} from './error-mapping';

describe('error mapping', () => {
  it('has a user-facing message for every desktop code', () => {
    for (const code of DESKTOP_ERROR_CODES) expect(USER_MESSAGES[code]).toMatch(/\w/);
  });

  it.each([
    [new BackendError('transient', 'network', 'x'), 'network'],
    [new BackendError('transient', 'timeout', 'x'), 'network'],
    [new BackendError('transient', 'kakao_unavailable', 'x', { status: 503 }), 'backend_unavailable'],
    [new BackendError('transient', 'internal_error', 'x', { status: 500 }), 'backend_unavailable'],
    [
      new BackendError('session-invalid', 'invalid_grant', 'x', { status: 401, reason: 'revoked' }),
      'session_invalid',
    ],
    [new BackendError('rejected', 'invalid_grant', 'x', { status: 400 }), 'backend_rejected'],
    [new BackendError('rejected', 'redirect_uri_not_allowed', 'x', { status: 400 }), 'backend_rejected'],
    [new DesktopError('keychain_unavailable'), 'keychain_unavailable'],
    [new Error('boom with a stack'), 'internal'],
    ['a string', 'internal'],
  ])('%s → %s', (error, code) => {
    const problem = problemFromError(error);
    expect(problem.code).toBe(code);
    expect(problem.message).not.toMatch(/stack|boom|Error/);
  });

  it.each([
    [{ kind: 'code', code: 'c' }, undefined],
    [{ kind: 'cancelled' }, undefined],
    [{ kind: 'timeout' }, 'timeout'],
    [{ kind: 'kakao-error', error: 'consent_required' }, 'kakao_error'],
    [{ kind: 'kakao-error', error: 'constructor' }, 'kakao_error'],
    [{ kind: 'load-failed', errorCode: -102, description: 'refused' }, 'network'],
    [{ kind: 'kakao-unavailable', status: 500 }, 'backend_unavailable'],
  ] as const)('outcome %j → %s', (outcome, code) => {
    const problem = problemFromOutcome(outcome);
    expect(problem?.code).toBe(code);
    if (problem) expect(typeof problem.message).toBe('string');
  });

  it('tells the user Kakao is down for now and to retry, without the raw status', () => {
    const problem = problemFromOutcome({ kind: 'kakao-unavailable', status: 503 });
    expect(problem).toEqual({ code: 'backend_unavailable', message: KAKAO_UNAVAILABLE_MESSAGE });
    expect(problem?.message).toMatch(/Kakao is temporarily unavailable.*try again/);
    expect(problem?.message).not.toMatch(/503/);
  });

  it('tells which part of the system-browser sign-in could not start', () => {
    const portInUse = problemFromOutcome({ kind: 'system-browser-unavailable', reason: 'port-in-use' });
    expect(portInUse?.code).toBe('system_browser_unavailable');
    expect(portInUse?.message).toMatch(/Another program is using the port/);
    const openFailed = problemFromOutcome({ kind: 'system-browser-unavailable', reason: 'open-failed' });
    expect(openFailed?.message).toMatch(/web browser could not be opened/);
    const listenFailed = problemFromOutcome({ kind: 'system-browser-unavailable', reason: 'listen-failed' });
    expect(listenFailed).toEqual({
      code: 'system_browser_unavailable',
      message: USER_MESSAGES.system_browser_unavailable,
    });
  });

  it('says a timed-out window can simply be retried', () => {
    expect(problemFromOutcome({ kind: 'timeout' })?.message).toMatch(/too long.*try again/);
  });

  it('explains consent_required specifically and falls back for unknown Kakao errors', () => {
    expect(problemFromOutcome({ kind: 'kakao-error', error: 'consent_required' })?.message).toMatch(
      /consent/,
    );
    expect(problemFromOutcome({ kind: 'kakao-error', error: '__proto__' })?.message).toBe(
      USER_MESSAGES.kakao_error,
    );
  });
});
