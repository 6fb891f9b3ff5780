import type { DesktopApi, IpcResult, SignInOptions } from '@kakao-desktop/contract/ipc';
import type { SessionProblem, SessionState } from '@kakao-desktop/contract/session-state';
import { useCallback, useEffect, useRef, useState } from 'react';

export type SessionAction = 'sign-in' | 'sign-out' | 'switch-account' | 'consent' | 'delete';

/** A failed session or account call, or a failed initial load (`action: 'load'`): main's code and detail. */
export interface ActionError extends SessionProblem {
  action: SessionAction | 'load';
}

export interface Session {
  state: SessionState;
  /** The call in flight, if any (buttons disable while it runs). */
  pending: SessionAction | null;
  error: ActionError | null;
  /** The last deleteAccount call succeeded (the sign-in screen says so until the next call). */
  deleted: boolean;
  /** `{ prompt: 'select_account' }`: "use a different Kakao account". */
  signIn(options?: SignInOptions): void;
  signOut(): void;
  /** Sign out, then sign in with Kakao's account chooser (signIn alone answers "already signed in"). */
  switchAccount(): void;
  /** Kakao's additional consent for the email; declining is ok:true with the state unchanged. */
  shareEmail(): void;
  /** Backend data deleted and the app unlinked from Kakao; main then pushes signed-out. */
  deleteAccount(): void;
}

/** The code and detail of a failure, and nothing else that came with it. */
export function problemOf(failure: SessionProblem): SessionProblem {
  return failure.detail === undefined
    ? { code: failure.code }
    : { code: failure.code, detail: failure.detail };
}

/**
 * Mirrors main's session state: subscribes to `onStateChange` first, then asks `getState`, so no change
 * between the two is lost. Events are the source of truth; a call's returned state is used only when no
 * event arrived while the call ran (it could otherwise overwrite a newer state).
 */
export function useSession(api: DesktopApi): Session {
  const [state, setState] = useState<SessionState>({ kind: 'starting' });
  const [pending, setPending] = useState<SessionAction | null>(null);
  const [error, setError] = useState<ActionError | null>(null);
  const [deleted, setDeleted] = useState(false);
  const eventCount = useRef(0);

  useEffect(() => {
    let live = true;
    const unsubscribe = api.onStateChange((next) => {
      eventCount.current++;
      if (live) setState(next);
    });
    const countAtLoad = eventCount.current;
    api.getState().then(
      (initial) => {
        if (live && eventCount.current === countAtLoad) setState(initial);
      },
      () => {
        if (live) setError({ action: 'load', code: 'internal' });
      },
    );
    return () => {
      live = false;
      unsubscribe();
    };
  }, [api]);

  const run = useCallback(async (action: SessionAction, call: () => Promise<IpcResult<SessionState>>) => {
    setPending(action);
    setError(null);
    setDeleted(false);
    const countAtStart = eventCount.current;
    try {
      const result = await call();
      if (!result.ok) setError({ action, ...problemOf(result) });
      else {
        if (action === 'delete') setDeleted(true);
        if (eventCount.current === countAtStart) setState(result.value);
      }
    } catch {
      // A rejected invoke (main threw, channel missing): never show its text, it may be internal.
      setError({ action, code: 'internal' });
    } finally {
      setPending(null);
    }
  }, []);

  const signIn = useCallback(
    (options?: SignInOptions) => void run('sign-in', () => (options ? api.signIn(options) : api.signIn())),
    [api, run],
  );
  const signOut = useCallback(() => void run('sign-out', () => api.signOut()), [api, run]);
  const switchAccount = useCallback(
    () =>
      void run('switch-account', async () => {
        const signedOut = await api.signOut();
        return signedOut.ok ? api.signIn({ prompt: 'select_account' }) : signedOut;
      }),
    [api, run],
  );
  const shareEmail = useCallback(() => void run('consent', () => api.requestConsent('email')), [api, run]);
  const deleteAccount = useCallback(() => void run('delete', () => api.deleteAccount()), [api, run]);

  return { state, pending, error, deleted, signIn, signOut, switchAccount, shareEmail, deleteAccount };
}
