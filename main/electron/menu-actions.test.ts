import { describe, expect, it, vi } from 'vitest';
import { createAccountActions } from './menu-actions';

function fakeSession() {
  const calls: string[] = [];
  return {
    calls,
    signIn: vi.fn(async (options: { prompt?: string }) => {
      calls.push(`signIn:${options.prompt ?? ''}`);
      return { ok: true } as never;
    }),
    signOut: vi.fn(async () => {
      calls.push('signOut');
      return { kind: 'signed-out', persistence: 'keychain' } as const;
    }),
  };
}

describe('menu account actions', () => {
  it('switch account: signs out first, then opens Kakao’s account picker', async () => {
    const session = fakeSession();
    await createAccountActions(session).switchAccount();
    expect(session.calls).toEqual(['signOut', 'signIn:select_account']);
  });

  it('switch account: does not open the picker before sign-out has finished', async () => {
    const session = fakeSession();
    let finishSignOut: () => void = () => {};
    session.signOut.mockImplementationOnce(
      () =>
        new Promise((resolve) => {
          finishSignOut = () => resolve({ kind: 'signed-out', persistence: 'keychain' });
        }),
    );
    const switching = createAccountActions(session).switchAccount();
    await Promise.resolve();
    expect(session.signIn).not.toHaveBeenCalled();
    finishSignOut();
    await switching;
    expect(session.signIn).toHaveBeenCalledExactlyOnceWith({ prompt: 'select_account' });
  });

  it('sign in asks for no prompt; sign out only signs out', async () => {
    const session = fakeSession();
    const actions = createAccountActions(session);
    await actions.signIn();
    await actions.signOut();
    expect(session.calls).toEqual(['signIn:', 'signOut']);
  });

  it('a failing step is logged by name and never rejects (a menu click has no one to answer)', async () => {
    const session = fakeSession();
    session.signOut.mockRejectedValueOnce(new Error('refresh token abc123 leaked?'));
    const log = vi.fn();
    await expect(createAccountActions(session, log).switchAccount()).resolves.toBeUndefined();
    expect(session.signIn).not.toHaveBeenCalled();
    expect(log).toHaveBeenCalledExactlyOnceWith('menu switch-account failed');
  });
});
