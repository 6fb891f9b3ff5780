/**
 * Every IPC handler of the app, composed in one place: the Electron adapter (main/electron/ipc.ts), the browser
 * shell and the Chromium test bridge register this same map, so a channel added to the contract is served by all.
 * The sender is checked here, once, before any handler runs: a new channel cannot forget it.
 */
import { type AppInfo, INVOKE_CHANNELS, type InvokeChannel } from '@kakao-desktop/contract';
import type { PreferencesStore } from '../preferences/preferences';
import { type AccountPort, createAccountIpcHandlers } from './account-ipc';
import type { ChannelHandlers, IpcHandlers } from './ipc-handlers';
import { createPreferencesIpcHandlers, type KakaoSessionPreferencePort } from './preferences-ipc';
import { createSessionIpcHandlers, type SessionPort } from './session-ipc';
import { assertTrustedSender, type RendererLocation } from './trusted-sender';

export interface DesktopHandlerDeps {
  session: SessionPort;
  /** "Stay signed in to Kakao": KeptKakaoSession (main/preferences/kept-kakao-session.ts). */
  kakaoSession: KakaoSessionPreferencePort;
  /** Devices, account deletion, additional consent (main/session/account.ts). */
  account: AccountPort;
  preferences: Pick<PreferencesStore, 'get' | 'update'>;
  renderer: RendererLocation;
  appInfo: AppInfo;
}

export function createDesktopIpcHandlers(deps: DesktopHandlerDeps): IpcHandlers {
  const channels: ChannelHandlers = {
    ...createSessionIpcHandlers(deps.session),
    ...createPreferencesIpcHandlers(deps.kakaoSession, deps.preferences),
    ...createAccountIpcHandlers(deps.account),
    'app:get-info': async () => ({ name: deps.appInfo.name, version: deps.appInfo.version }),
  };
  const guarded = <C extends InvokeChannel>(channel: C): IpcHandlers[C] =>
    (async (sender, ...args) => {
      // Throws (the invoke rejects) rather than answering: a foreign frame gets no typed result to learn from.
      assertTrustedSender(sender, deps.renderer);
      return channels[channel](...args);
    }) as IpcHandlers[C];
  return Object.fromEntries(INVOKE_CHANNELS.map((channel) => [channel, guarded(channel)])) as IpcHandlers;
}
