/**
 * The bridge: one function per IPC channel, typed from contract's map. No logic, no tokens, no raw ipcRenderer.
 * Imports only contract/ipc (types + channel names), so the sandboxed preload bundle stays tiny.
 */
import type { DesktopApi } from '@kakao-desktop/contract/ipc';
import { API_VERBS, STATE_CHANGED_CHANNEL } from '@kakao-desktop/contract/ipc';
import type { SessionState } from '@kakao-desktop/contract/session-state';
import { contextBridge, type IpcRendererEvent, ipcRenderer } from 'electron';

// One function per verb of the contract's list, each invoking its channel. Arguments pass through as given: main
// validates them. The verbs' types come from the channel map (contract DesktopApi).
const verbs = Object.fromEntries(
  Object.entries(API_VERBS).map(([verb, channel]) => [
    verb,
    (...args: unknown[]) => ipcRenderer.invoke(channel, ...args),
  ]),
) as Omit<DesktopApi, 'onStateChange'>;

const api: DesktopApi = {
  ...verbs,
  onStateChange(listener) {
    const handler = (_event: IpcRendererEvent, state: SessionState) => listener(state);
    ipcRenderer.on(STATE_CHANGED_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(STATE_CHANGED_CHANNEL, handler);
    };
  },
};

contextBridge.exposeInMainWorld('api', api);
