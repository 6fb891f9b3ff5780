import { describe, expect, it } from 'vitest';
import { BackendError } from '../backend/backend-error';
import { DesktopError, problemFromError, problemFromOutcome } from './problems';

describe('problems', () => {
  it.each([
    [new BackendError('transient', 'network', 'x'), 'network', undefined],
    [new BackendError('transient', 'timeout', 'x'), 'network', undefined],
    [
      new BackendError('transient', 'kakao_unavailable', 'x', { status: 503 }),
      'backend_unavailable',
      'kakao-unavailable',
    ],
    [new BackendError('transient', 'internal_error', 'x', { status: 500 }), 'backend_unavailable', undefined],
    [
      new BackendError('session-invalid', 'invalid_grant', 'x', { status: 401, reason: 'revoked' }),
      'session_invalid',
      'revoked',
    ],
    [
      new BackendError('session-invalid', 'invalid_grant', 'x', { status: 401, reason: 'key_mismatch' }),
      'session_invalid',
      'key_mismatch',
    ],
    [
      new BackendError('session-invalid', 'invalid_grant', 'x', { status: 401 }),
      'session_invalid',
      undefined,
    ],
    [new BackendError('rejected', 'invalid_grant', 'x', { status: 400 }), 'backend_rejected', undefined],
    [
      new BackendError('rejected', 'redirect_uri_not_allowed', 'x', { status: 400 }),
      'backend_rejected',
      undefined,
    ],
    [new DesktopError('keychain_unavailable'), 'keychain_unavailable', undefined],
    [new DesktopError('session_invalid', 'expired'), 'session_invalid', 'expired'],
    [new Error('boom with a stack'), 'internal', undefined],
    ['a string', 'internal', undefined],
  ])('%s → %s (%s)', (error, code, detail) => {
    const problem = problemFromError(error);
    expect(problem).toEqual(detail === undefined ? { code } : { code, detail });
    // Only machine tokens: nothing of the error's text reaches the user.
    expect(JSON.stringify(problem)).not.toMatch(/stack|boom|Error|\bx\b/);
  });

  it.each([
    [{ kind: 'code', code: 'c' }, undefined],
    [{ kind: 'cancelled' }, undefined],
    [{ kind: 'timeout' }, { code: 'timeout' }],
    [
      { kind: 'kakao-error', error: 'consent_required' },
      { code: 'kakao_error', detail: 'consent_required' },
    ],
    [
      { kind: 'kakao-error', error: 'login_required' },
      { code: 'kakao_error', detail: 'login_required' },
    ],
    [
      { kind: 'kakao-error', error: 'server_error' },
      { code: 'kakao_error', detail: 'server_error' },
    ],
    [{ kind: 'kakao-error', error: 'constructor' }, { code: 'kakao_error' }],
    [{ kind: 'kakao-error', error: '__proto__' }, { code: 'kakao_error' }],
    [
      { kind: 'load-failed', errorCode: -102, description: 'refused' },
      { code: 'network', detail: 'kakao-unreachable' },
    ],
  ] as const)('outcome %j → %j', (outcome, problem) => {
    expect(problemFromOutcome(outcome)).toEqual(problem);
  });

  it('tells the user Kakao is down for now, without the raw status', () => {
    const problem = problemFromOutcome({ kind: 'kakao-unavailable', status: 503 });
    expect(problem).toEqual({ code: 'backend_unavailable', detail: 'kakao-unavailable' });
    expect(JSON.stringify(problem)).not.toMatch(/503/);
  });

  it('tells which part of the system-browser sign-in could not start', () => {
    for (const reason of ['port-in-use', 'listen-failed', 'open-failed'] as const) {
      expect(problemFromOutcome({ kind: 'system-browser-unavailable', reason })).toEqual({
        code: 'system_browser_unavailable',
        detail: reason,
      });
    }
  });

  it('a DesktopError says its code (and detail) in its message, for logs', () => {
    expect(new DesktopError('session_invalid').message).toBe('session_invalid');
    expect(new DesktopError('network', 'kakao-unreachable').message).toBe('network (kakao-unreachable)');
  });
});
