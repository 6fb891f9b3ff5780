/**
 * The bridge: one function per IPC channel, typed from contract's map. No logic, no tokens, no raw ipcRenderer.
 * Imports only contract/ipc (types + channel names), so the sandboxed preload bundle stays tiny.
 */
import type { DesktopApi, InvokeChannel, InvokeChannels } from '@kakao-desktop/contract/ipc';
import { STATE_CHANGED_CHANNEL } from '@kakao-desktop/contract/ipc';
import type { SessionState } from '@kakao-desktop/contract/session-state';
import { contextBridge, type IpcRendererEvent, ipcRenderer } from 'electron';

const invoke = <C extends InvokeChannel>(channel: C): Promise<ReturnType<InvokeChannels[C]>> =>
  ipcRenderer.invoke(channel);

const api: DesktopApi = {
  signIn: () => invoke('session:sign-in'),
  signOut: () => invoke('session:sign-out'),
  getState: () => invoke('session:get-state'),
  onStateChange(listener) {
    const handler = (_event: IpcRendererEvent, state: SessionState) => listener(state);
    ipcRenderer.on(STATE_CHANGED_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(STATE_CHANGED_CHANNEL, handler);
    };
  },
};

contextBridge.exposeInMainWorld('api', api);
