/**
 * Every IPC handler of the app, composed in one place: the Electron adapter (main/electron/ipc.ts) and the
 * browser shell register this same map, so a channel added to the contract is served by both.
 */
import type { AppInfo } from '@kakao-desktop/contract';
import type { PreferencesStore } from '../preferences/preferences';
import { type AccountPort, createAccountIpcHandlers } from './account-ipc';
import type { IpcHandlers } from './ipc-handlers';
import { createPreferencesIpcHandlers, type KakaoSessionPreferencePort } from './preferences-ipc';
import { createSessionIpcHandlers, type SessionPort } from './session-ipc';
import { assertTrustedSender, type RendererLocation } from './trusted-sender';

export interface DesktopHandlerDeps {
  session: SessionPort & KakaoSessionPreferencePort;
  /** Devices, account deletion, additional consent (main/session/account.ts). */
  account: AccountPort;
  preferences: Pick<PreferencesStore, 'get' | 'update'>;
  renderer: RendererLocation;
  appInfo: AppInfo;
}

export function createDesktopIpcHandlers(deps: DesktopHandlerDeps): IpcHandlers {
  const { renderer } = deps;
  return {
    ...createSessionIpcHandlers(deps.session, renderer),
    ...createPreferencesIpcHandlers(deps.session, deps.preferences, renderer),
    ...createAccountIpcHandlers(deps.account, renderer),
    'app:get-info': async (sender) => {
      assertTrustedSender(sender, renderer);
      return { name: deps.appInfo.name, version: deps.appInfo.version };
    },
  };
}
