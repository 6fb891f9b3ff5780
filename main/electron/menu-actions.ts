/** What the account items do, on the session port only (no Electron), so the order of steps is tested. */
import type { SessionPort } from '../ipc/session-ipc';

export interface AccountActions {
  signIn(): Promise<void>;
  switchAccount(): Promise<void>;
  signOut(): Promise<void>;
}

/**
 * Menu clicks have no one to answer: the session's state (and the renderer showing it) reports the outcome,
 * so a failure is only logged, by code, never with details that could carry a token.
 */
export function createAccountActions(
  session: Pick<SessionPort, 'signIn' | 'signOut'>,
  log: (event: string) => void = () => {},
): AccountActions {
  const quietly = async (event: string, run: () => Promise<unknown>) => {
    try {
      await run();
    } catch {
      log(event);
    }
  };
  return {
    signIn: () => quietly('menu sign-in failed', () => session.signIn({})),
    // Kakao's account picker (prompt=select_account) only after this account is gone locally and revoked,
    // so the two accounts never overlap.
    switchAccount: () =>
      quietly('menu switch-account failed', async () => {
        await session.signOut();
        await session.signIn({ prompt: 'select_account' });
      }),
    signOut: () => quietly('menu sign-out failed', () => session.signOut()),
  };
}
