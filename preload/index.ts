/**
 * The bridge: one function per IPC channel, typed from contract's map. No logic, no tokens, no raw ipcRenderer.
 * Imports only contract/ipc (types + channel names), so the sandboxed preload bundle stays tiny.
 */
import type { DesktopApi, InvokeChannel, InvokeChannels } from '@kakao-desktop/contract/ipc';
import { STATE_CHANGED_CHANNEL } from '@kakao-desktop/contract/ipc';
import type { SessionState } from '@kakao-desktop/contract/session-state';
import { contextBridge, type IpcRendererEvent, ipcRenderer } from 'electron';

const invoke = <C extends InvokeChannel>(
  channel: C,
  ...args: Parameters<InvokeChannels[C]>
): Promise<ReturnType<InvokeChannels[C]>> => ipcRenderer.invoke(channel, ...args);

// Arguments pass through as given: main validates them.
const api: DesktopApi = {
  signIn: (...options) => invoke('session:sign-in', ...options),
  signOut: () => invoke('session:sign-out'),
  getState: () => invoke('session:get-state'),
  getPreferences: () => invoke('preferences:get'),
  setStaySignedInToKakao: (value) => invoke('preferences:set-stay-signed-in-to-kakao', value),
  setLanguage: (language) => invoke('preferences:set-language', language),
  listDevices: () => invoke('account:list-devices'),
  signOutDevice: (sessionId) => invoke('account:sign-out-device', sessionId),
  deleteAccount: () => invoke('account:delete'),
  requestConsent: (item) => invoke('account:request-consent', item),
  getAppInfo: () => invoke('app:get-info'),
  onStateChange(listener) {
    const handler = (_event: IpcRendererEvent, state: SessionState) => listener(state);
    ipcRenderer.on(STATE_CHANGED_CHANNEL, handler);
    return () => {
      ipcRenderer.removeListener(STATE_CHANGED_CHANNEL, handler);
    };
  },
};

contextBridge.exposeInMainWorld('api', api);
