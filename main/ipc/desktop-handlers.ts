/**
 * Every IPC handler of the app, composed in one place: the Electron adapter (main/electron/ipc.ts) and the
 * browser shell register this same map, so a channel added to the contract is served by both.
 */
import type { AppInfo } from '@kakao-desktop/contract';
import { problemFor } from '../auth/error-mapping';
import type { PreferencesStore } from '../preferences/preferences';
import type { IpcHandlers } from './ipc-handlers';
import { createPreferencesIpcHandlers, type KakaoSessionPreferencePort } from './preferences-ipc';
import { createSessionIpcHandlers, type SessionPort } from './session-ipc';
import { assertTrustedSender, type RendererLocation } from './trusted-sender';

export interface DesktopHandlerDeps {
  session: SessionPort & KakaoSessionPreferencePort;
  preferences: Pick<PreferencesStore, 'get' | 'update'>;
  renderer: RendererLocation;
  appInfo: AppInfo;
}

export function createDesktopIpcHandlers(deps: DesktopHandlerDeps): IpcHandlers {
  const { renderer } = deps;
  // TODO(#11): the account channels are being built; until then they answer "internal".
  const notYet = async (sender: Parameters<typeof assertTrustedSender>[0]) => {
    assertTrustedSender(sender, renderer);
    const { code, message } = problemFor('internal');
    return { ok: false as const, code, message };
  };
  return {
    ...createSessionIpcHandlers(deps.session, renderer),
    ...createPreferencesIpcHandlers(deps.session, deps.preferences, renderer),
    'account:list-devices': notYet,
    'account:sign-out-device': notYet,
    'account:delete': notYet,
    'account:request-consent': notYet,
    'app:get-info': async (sender) => {
      assertTrustedSender(sender, renderer);
      return { name: deps.appInfo.name, version: deps.appInfo.version };
    },
  };
}
