import { describe, expect, it } from 'vitest';
import { ipcFailure } from '../src/ipc';
import type { SessionProblem } from '../src/session-state';

describe('ipcFailure', () => {
  it('carries the code, and the detail only when there is one', () => {
    expect(ipcFailure({ code: 'network' })).toEqual({ ok: false, code: 'network' });
    expect('detail' in ipcFailure({ code: 'network' })).toBe(false);
    expect(ipcFailure({ code: 'session_invalid', detail: 'key_mismatch' })).toEqual({
      ok: false,
      code: 'session_invalid',
      detail: 'key_mismatch',
    });
  });

  it('rebuilds the failure field by field: nothing else on the problem crosses', () => {
    const leaky = { code: 'internal', message: 'ENOENT /home/user', token: 'at-secret' } as SessionProblem;
    expect(ipcFailure(leaky)).toEqual({ ok: false, code: 'internal' });
  });
});
