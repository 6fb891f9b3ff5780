/**
 * The preferences the renderer may see and change (contract `RendererPreferences`), without Electron.
 * Only the listed fields cross IPC: the cached profile and window bounds stay in main.
 */
import { ipcFailure, type RendererPreferences } from '@kakao-desktop/contract';
import type { PreferencesStore } from '../preferences/preferences';
import { problemFor } from '../session/problems';
import { parseLanguageArgs, parseStaySignedInArgs } from './ipc-arguments';
import type { ChannelHandlers } from './ipc-handlers';

/** The "stay signed in to Kakao" choice and the kept Kakao web session (preferences/kept-kakao-session.ts). */
export interface KakaoSessionPreferencePort {
  getStaySignedInToKakao(): boolean;
  /** Saves the choice; turning it off also forgets the kept Kakao session. Throws when it cannot be saved. */
  setStaySignedInToKakao(value: boolean): Promise<void>;
}

export type PreferencesChannel =
  | 'preferences:get'
  | 'preferences:set-stay-signed-in-to-kakao'
  | 'preferences:set-language';

// A preferences file that cannot be written: nothing the user can fix from here but trying again.
const saveFailed = () => ipcFailure(problemFor('internal'));

export function createPreferencesIpcHandlers(
  port: KakaoSessionPreferencePort,
  preferences: Pick<PreferencesStore, 'get' | 'update'>,
): ChannelHandlers<PreferencesChannel> {
  const current = (): RendererPreferences => ({
    language: preferences.get().language,
    staySignedInToKakao: port.getStaySignedInToKakao(),
  });
  return {
    'preferences:get': async () => {
      return current();
    },
    'preferences:set-stay-signed-in-to-kakao': async (...args) => {
      const value = parseStaySignedInArgs(args);
      if (!value.ok) return value;
      try {
        await port.setStaySignedInToKakao(value.value);
        return { ok: true, value: current() };
      } catch {
        return saveFailed();
      }
    },
    'preferences:set-language': async (...args) => {
      const language = parseLanguageArgs(args);
      if (!language.ok) return language;
      try {
        preferences.update({ language: language.value });
        return { ok: true, value: current() };
      } catch {
        return saveFailed();
      }
    },
  };
}
