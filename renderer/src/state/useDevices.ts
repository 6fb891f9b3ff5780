import type { DesktopErrorCode } from '@kakao-desktop/contract/errors';
import type { DesktopApi, DeviceSession, IpcResult } from '@kakao-desktop/contract/ipc';
import { useCallback, useEffect, useState } from 'react';

export interface DeviceProblem {
  code: DesktopErrorCode;
  message: string;
}

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

// A rejected invoke never shows its text: it may be internal.
const rejected: DeviceProblem = { code: 'internal', message: '' };

async function settle<T>(call: () => Promise<IpcResult<T>>): Promise<IpcResult<T>> {
  try {
    return await call();
  } catch {
    return { ok: false, ...rejected };
  }
}

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
      setList(
        result.ok
          ? { status: 'loaded', devices: result.value }
          : { status: 'failed', problem: { code: result.code, message: result.message } },
      );
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
      if (result.ok) setList({ status: 'loaded', devices: result.value });
      else setSignOutProblem({ code: result.code, message: result.message });
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
