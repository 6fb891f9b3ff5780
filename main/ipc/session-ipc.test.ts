import type { SessionState } from '@kakao-desktop/contract';
import { describe, expect, it, vi } from 'vitest';
import { fakeProfile } from '../../test/helpers/fakes/profile';
import { createSessionIpcHandlers } from './session-ipc';

function fakeSession(state: SessionState) {
  return {
    signIn: vi.fn(async () => ({ ok: true as const, value: state })),
    signOut: vi.fn(async (): Promise<SessionState> => ({ kind: 'signed-out', persistence: 'keychain' })),
    getState: vi.fn(() => state),
  };
}

describe('session IPC handlers', () => {
  const signedIn: SessionState = { kind: 'signed-in', profile: fakeProfile(), persistence: 'keychain' };

  it('serves our renderer', async () => {
    const session = fakeSession(signedIn);
    const handlers = createSessionIpcHandlers(session);
    expect(await handlers['session:get-state']()).toEqual(signedIn);
    expect(await handlers['session:sign-in']()).toEqual({ ok: true, value: signedIn });
    expect(await handlers['session:sign-out']()).toEqual({
      ok: true,
      value: { kind: 'signed-out', persistence: 'keychain' },
    });
  });

  it('passes a valid sign-in prompt through to the session', async () => {
    const session = fakeSession(signedIn);
    const handlers = createSessionIpcHandlers(session);
    await handlers['session:sign-in']({ prompt: 'select_account' });
    await handlers['session:sign-in']({ prompt: 'login' });
    await handlers['session:sign-in'](undefined);
    await handlers['session:sign-in']();
    expect(session.signIn.mock.calls).toEqual([
      [{ prompt: 'select_account' }],
      [{ prompt: 'login' }],
      [{}],
      [{}],
    ]);
  });

  it.each([[{ prompt: 'none' }], [{ prompt: 'login', extra: true }], ['login'], [null]])(
    'answers sign-in(%j) with invalid_argument and never opens a sign-in',
    async (argument) => {
      const session = fakeSession(signedIn);
      const handlers = createSessionIpcHandlers(session);
      expect(await handlers['session:sign-in'](argument)).toEqual({
        ok: false,
        code: 'invalid_argument',
      });
      expect(session.signIn).not.toHaveBeenCalled();
    },
  );

  it('sends only the profile fields, never a token smuggled into the state', async () => {
    const leaky = {
      kind: 'signed-in',
      profile: { ...fakeProfile(), refresh_token: 'rt-secret' },
      persistence: 'keychain',
      accessToken: 'at-secret',
    } as unknown as SessionState;
    const handlers = createSessionIpcHandlers(fakeSession(leaky));
    const sent = JSON.stringify([await handlers['session:get-state'](), await handlers['session:sign-in']()]);
    expect(sent).not.toContain('rt-secret');
    expect(sent).not.toContain('at-secret');
    expect(JSON.parse(sent)[0]).toEqual({
      kind: 'signed-in',
      profile: fakeProfile(),
      persistence: 'keychain',
    });
  });

  it('turns an unexpected failure into a typed result with no internals', async () => {
    const session = fakeSession(signedIn);
    session.signOut.mockRejectedValueOnce(new Error('ENOENT /home/user/secret path'));
    const handlers = createSessionIpcHandlers(session);
    const result = await handlers['session:sign-out']();
    expect(result).toEqual({ ok: false, code: 'internal' });
    expect(JSON.stringify(result)).not.toContain('ENOENT');
  });
});
