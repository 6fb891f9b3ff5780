/**
 * The account channels: narrow the arguments, call the account features, and hand back
 * only what the contract allows, rebuilt field by field (devices; the state through toRendererState).
 */
import { type DeviceSession, type IpcResult, ipcFailure } from '@kakao-desktop/contract';
import type { Account } from '../session/account';
import { problemFromError } from '../session/problems';
import { parseConsentArgs, parseSessionIdArgs } from './ipc-arguments';
import type { ChannelHandlers } from './ipc-handlers';
import { toRendererResult } from './session-ipc';

/** The slice of the account features the IPC edge needs. */
export type AccountPort = Account;

export type AccountChannel =
  | 'account:list-devices'
  | 'account:sign-out-device'
  | 'account:delete'
  | 'account:request-consent';

/** Each device rebuilt from the contract's fields only: whatever else a bug attached stays in main. */
export function toRendererDevices(result: IpcResult<DeviceSession[]>): IpcResult<DeviceSession[]> {
  if (!result.ok) return ipcFailure(result);
  return {
    ok: true,
    value: result.value.map((d) => ({
      id: String(d.id),
      deviceName: d.deviceName === null ? null : String(d.deviceName),
      signedInAt: String(d.signedInAt),
      lastUsedAt: String(d.lastUsedAt),
      current: d.current === true,
    })),
  };
}

/** A throw inside the account features (a bug) is still a typed failure, never a stack trace to the page. */
async function settle<T>(call: () => Promise<IpcResult<T>>): Promise<IpcResult<T>> {
  try {
    return await call();
  } catch (error) {
    return ipcFailure(problemFromError(error));
  }
}

export function createAccountIpcHandlers(account: AccountPort): ChannelHandlers<AccountChannel> {
  return {
    // list-devices and delete take no arguments: anything sent is ignored rather than trusted.
    'account:list-devices': async () => {
      return toRendererDevices(await settle(() => account.listDevices()));
    },
    'account:sign-out-device': async (...args) => {
      const sessionId = parseSessionIdArgs(args);
      if (!sessionId.ok) return sessionId;
      return toRendererDevices(await settle(() => account.signOutDevice(sessionId.value)));
    },
    'account:delete': async () => {
      return toRendererResult(await settle(() => account.deleteAccount()));
    },
    'account:request-consent': async (...args) => {
      const item = parseConsentArgs(args);
      if (!item.ok) return item;
      return toRendererResult(await settle(() => account.requestConsent(item.value)));
    },
  };
}
