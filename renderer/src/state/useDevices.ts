import type { DesktopApi, DeviceSession, IpcResult } from '@kakao-desktop/contract/ipc';
import type { SessionProblem } from '@kakao-desktop/contract/session-state';
import { useCallback, useEffect, useState } from 'react';
import { problemOf } from './useSession';

export type DeviceProblem = SessionProblem;

export type DeviceList =
  | { status: 'loading' }
  | { status: 'failed'; problem: DeviceProblem }
  | { status: 'loaded'; devices: DeviceSession[] };

export interface Devices {
  list: DeviceList;
  /** The device whose sign-out is in flight. */
  signingOut: string | null;
  /** The last device sign-out failed (the list stays as it was). */
  signOutProblem: DeviceProblem | null;
  reload(): void;
  signOutDevice(id: string): void;
}

/** The call's answer, or for a rejected invoke `internal`: its text is never shown, it may be internal. */
async function settle<T>(call: () => Promise<IpcResult<T>>): Promise<IpcResult<T> | null> {
  try {
    return await call();
  } catch {
    return null;
  }
}

const rejected: DeviceProblem = { code: 'internal' };

/** The signed-in devices as main reports them: loads once, reloads on retry, updates from each sign-out's answer. */
export function useDevices(api: DesktopApi): Devices {
  const [list, setList] = useState<DeviceList>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [signingOut, setSigningOut] = useState<string | null>(null);
  const [signOutProblem, setSignOutProblem] = useState<DeviceProblem | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is the retry trigger.
  useEffect(() => {
    let live = true;
    setList({ status: 'loading' });
    void settle(() => api.listDevices()).then((result) => {
      if (!live) return;
      if (result?.ok) setList({ status: 'loaded', devices: result.value });
      else setList({ status: 'failed', problem: result ? problemOf(result) : rejected });
    });
    return () => {
      live = false;
    };
  }, [api, attempt]);

  const signOutDevice = useCallback(
    async (id: string) => {
      setSigningOut(id);
      setSignOutProblem(null);
      const result = await settle(() => api.signOutDevice(id));
      if (result?.ok) setList({ status: 'loaded', devices: result.value });
      else setSignOutProblem(result ? problemOf(result) : rejected);
      setSigningOut(null);
    },
    [api],
  );

  return {
    list,
    signingOut,
    signOutProblem,
    reload: useCallback(() => setAttempt((n) => n + 1), []),
    signOutDevice: useCallback((id: string) => void signOutDevice(id), [signOutDevice]),
  };
}
