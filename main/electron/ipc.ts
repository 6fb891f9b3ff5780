/**
 * Registers the session and preferences IPC handlers with ipcMain and pushes state changes to the renderer.
 * Logic: main/ipc/.
 */
import { type AppInfo, INVOKE_CHANNELS, STATE_CHANGED_CHANNEL } from '@kakao-desktop/contract';
import { type BrowserWindow, type IpcMainInvokeEvent, ipcMain } from 'electron';
import type { AccountPort } from '../ipc/account-ipc';
import { createDesktopIpcHandlers } from '../ipc/desktop-handlers';
import type { KakaoSessionPreferencePort } from '../ipc/preferences-ipc';
import { type SessionPort, toRendererState } from '../ipc/session-ipc';
import { type IpcSender, isTrustedRendererUrl, type RendererLocation } from '../ipc/trusted-sender';
import type { PreferencesStore } from '../preferences/preferences';
import type { SessionListener } from '../session/session-manager';

function senderOf(event: IpcMainInvokeEvent): IpcSender {
  const frame = event.senderFrame;
  return { frameUrl: frame?.url ?? null, isMainFrame: frame !== null && frame === event.sender.mainFrame };
}

/** Returns a disposer that removes the handlers and the state subscription. */
export function setupIpc(options: {
  session: SessionPort & { subscribe(listener: SessionListener): () => void };
  kakaoSession: KakaoSessionPreferencePort;
  account: AccountPort;
  preferences: Pick<PreferencesStore, 'get' | 'update'>;
  renderer: RendererLocation;
  appInfo: AppInfo;
  /** The window to notify; state is sent only while it shows our renderer. */
  window: () => BrowserWindow | null | undefined;
}): () => void {
  const handlers = createDesktopIpcHandlers(options);
  for (const channel of INVOKE_CHANNELS) {
    ipcMain.handle(channel, (event, ...args: unknown[]) => handlers[channel](senderOf(event), ...args));
  }
  const unsubscribe = options.session.subscribe((state) => {
    const window = options.window();
    if (!window || window.isDestroyed()) return;
    if (!isTrustedRendererUrl(window.webContents.getURL(), options.renderer)) return;
    window.webContents.send(STATE_CHANGED_CHANNEL, toRendererState(state));
  });
  return () => {
    unsubscribe();
    for (const channel of INVOKE_CHANNELS) ipcMain.removeHandler(channel);
  };
}
