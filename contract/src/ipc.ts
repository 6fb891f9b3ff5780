/**
 * The one IPC map between main and renderer. Main's handlers, the preload bridge and `window.api`
 * are all typed from it. Only profile and session state cross it, never a token.
 */
import type { DesktopErrorCode } from './errors';
import type { SessionState } from './session-state';

/** Expected failures come back as values, never as thrown errors across IPC. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; code: DesktopErrorCode; message: string };

/** Renderer → main calls (ipcRenderer.invoke / ipcMain.handle). Channel name = key. */
export interface InvokeChannels {
  'session:sign-in': () => IpcResult<SessionState>;
  'session:sign-out': () => IpcResult<SessionState>;
  'session:get-state': () => SessionState;
}

/** Main → renderer events (webContents.send / ipcRenderer.on). */
export interface EventChannels {
  'session:state-changed': SessionState;
}

export type InvokeChannel = keyof InvokeChannels;
export const INVOKE_CHANNELS = [
  'session:sign-in',
  'session:sign-out',
  'session:get-state',
] as const satisfies readonly InvokeChannel[];
export const STATE_CHANGED_CHANNEL = 'session:state-changed' satisfies keyof EventChannels;

/** What the preload exposes as `window.api`. */
export interface DesktopApi {
  signIn(): Promise<IpcResult<SessionState>>;
  signOut(): Promise<IpcResult<SessionState>>;
  getState(): Promise<SessionState>;
  /** Returns an unsubscribe function. */
  onStateChange(listener: (state: SessionState) => void): () => void;
}
