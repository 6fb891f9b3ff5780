/**
 * The one IPC map between main and renderer. Main's handlers, the preload bridge and `window.api`
 * are all typed from it. Only profile and session state cross it, never a token.
 */
import type { DesktopErrorCode } from './errors';
import type { SessionState } from './session-state';

/** Expected failures come back as values, never as thrown errors across IPC. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; code: DesktopErrorCode; message: string };

/**
 * How Kakao's sign-in page should behave: `select_account` shows the chooser of Kakao accounts the sign-in
 * window remembers (with "another account"), `login` always shows the login form.
 * @see https://developers.kakao.com/docs/latest/ko/kakaologin/rest-api (authorization code request: `prompt`)
 */
export const SIGN_IN_PROMPTS = ['select_account', 'login'] as const;
export type SignInPrompt = (typeof SIGN_IN_PROMPTS)[number];

/** The optional argument of `session:sign-in`. Main validates it; any other shape is refused. */
export interface SignInOptions {
  prompt?: SignInPrompt;
}

/** The preferences the renderer may read and change. Nothing secret. */
export interface RendererPreferences {
  /**
   * The sign-in window keeps the Kakao web session (cookie) between sign-ins, so the next sign-in can skip
   * Kakao's login form. Turning it off also forgets the kept session.
   */
  staySignedInToKakao: boolean;
}

/** Renderer → main calls (ipcRenderer.invoke / ipcMain.handle). Channel name = key. */
export interface InvokeChannels {
  'session:sign-in': (options?: SignInOptions) => IpcResult<SessionState>;
  'session:sign-out': () => IpcResult<SessionState>;
  'session:get-state': () => SessionState;
  'preferences:get': () => RendererPreferences;
  'preferences:set-stay-signed-in-to-kakao': (value: boolean) => IpcResult<RendererPreferences>;
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
  'preferences:get',
  'preferences:set-stay-signed-in-to-kakao',
] as const satisfies readonly InvokeChannel[];
export const STATE_CHANGED_CHANNEL = 'session:state-changed' satisfies keyof EventChannels;

/** What the preload exposes as `window.api`. */
export interface DesktopApi {
  signIn(options?: SignInOptions): Promise<IpcResult<SessionState>>;
  signOut(): Promise<IpcResult<SessionState>>;
  getState(): Promise<SessionState>;
  getPreferences(): Promise<RendererPreferences>;
  setStaySignedInToKakao(value: boolean): Promise<IpcResult<RendererPreferences>>;
  /** Returns an unsubscribe function. */
  onStateChange(listener: (state: SessionState) => void): () => void;
}
