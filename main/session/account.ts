/** The account panel's features behind one object: what the IPC edge (main/ipc/account-ipc.ts) calls. */
import type { ConsentItem, DeviceSession, IpcResult, SessionState } from '@kakao-desktop/contract';
import { AccountActions, type AccountActionsDeps } from './account-actions';
import type { AccountSessionPort } from './account-port';
import { type ConsentDeps, ConsentFlow } from './consent';

export interface Account {
  listDevices(): Promise<IpcResult<DeviceSession[]>>;
  signOutDevice(sessionId: string): Promise<IpcResult<DeviceSession[]>>;
  deleteAccount(): Promise<IpcResult<SessionState>>;
  requestConsent(item: ConsentItem): Promise<IpcResult<SessionState>>;
}

export type AccountDeps = Omit<AccountActionsDeps, 'session' | 'backend'> &
  Omit<ConsentDeps, 'session' | 'backend'> & {
    /** The SessionManager in the app. */
    session: AccountSessionPort;
    backend: AccountActionsDeps['backend'] & ConsentDeps['backend'];
  };

export function createAccount(deps: AccountDeps): Account {
  const actions = new AccountActions(deps);
  const consent = new ConsentFlow(deps);
  return {
    listDevices: () => actions.listDevices(),
    signOutDevice: (sessionId) => actions.signOutDevice(sessionId),
    deleteAccount: () => actions.deleteAccount(),
    requestConsent: (item) => consent.request(item),
  };
}
