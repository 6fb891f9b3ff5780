/**
 * The one IPC map between main and renderer. Main's handlers, the preload bridge and `window.api`
 * are all typed from it. Only profile and session state cross it, never a token.
 */
import type { DesktopErrorCode } from './errors';
import type { ProblemDetail, SessionProblem, SessionState } from './session-state';

/** An expected failure: the problem's code and detail only; the renderer words it. */
export type IpcFailure = { ok: false; code: DesktopErrorCode; detail?: ProblemDetail };

/** Expected failures come back as values, never as thrown errors across IPC. */
export type IpcResult<T> = { ok: true; value: T } | IpcFailure;

/** The one way to build an IPC failure: rebuilt field by field, so nothing else on `problem` crosses. */
export function ipcFailure(problem: SessionProblem): IpcFailure {
  return problem.detail === undefined
    ? { ok: false, code: problem.code }
    : { ok: false, code: problem.code, detail: problem.detail };
}

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

/** The app's languages. The renderer and the native menu both follow the one the user picked. */
export const APP_LANGUAGES = ['ko', 'en'] as const;
export type AppLanguage = (typeof APP_LANGUAGES)[number];

/**
 * One signed-in device of the user, as the account panel lists it. Rebuilt field by field from the backend's
 * `GET /auth/sessions` (the session id is not secret: it names a family, it cannot refresh one).
 */
export interface DeviceSession {
  id: string;
  deviceName: string | null;
  /** ISO 8601. */
  signedInAt: string;
  /** ISO 8601. */
  lastUsedAt: string;
  /** This install's own session. */
  current: boolean;
}

/**
 * Additional consent (Kakao's incremental authorization): ask only for the consent items the user has not
 * given yet. `email` → `scope=account_email` (plus `openid` for a fresh id_token).
 */
export const CONSENT_ITEMS = ['email'] as const;
export type ConsentItem = (typeof CONSENT_ITEMS)[number];

/** The About box and Help menu: nothing secret. */
export interface AppInfo {
  name: string;
  version: string;
}

/** The preferences the renderer may read and change. Nothing secret. */
export interface RendererPreferences {
  /** null = follow the OS language. */
  language: AppLanguage | null;
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
  /** The renderer's language switch: the native menu follows it. */
  'preferences:set-language': (language: AppLanguage) => IpcResult<RendererPreferences>;
  /** The signed-in devices, this one marked. Uses the session's access token (refreshed single-flight). */
  'account:list-devices': () => IpcResult<DeviceSession[]>;
  /** End another device's session; returns the updated list. Ending this device is "sign out", not this. */
  'account:sign-out-device': (sessionId: string) => IpcResult<DeviceSession[]>;
  /** Delete the account (backend data + Kakao unlink). On success: signed out, keychain emptied. */
  'account:delete': () => IpcResult<SessionState>;
  /** Ask Kakao for an additional consent item; the profile updates. Declining is ok (state unchanged). */
  'account:request-consent': (item: ConsentItem) => IpcResult<SessionState>;
  'app:get-info': () => AppInfo;
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
  'preferences:set-language',
  'account:list-devices',
  'account:sign-out-device',
  'account:delete',
  'account:request-consent',
  'app:get-info',
] as const satisfies readonly InvokeChannel[];
export const STATE_CHANGED_CHANNEL = 'session:state-changed' satisfies keyof EventChannels;

/**
 * `window.api`'s verbs and the channel each one invokes: the one list the preload, the browser shell's bridge and
 * the test bridge build `window.api` from, so a channel cannot be served without its verb or the other way round.
 */
export const API_VERBS = {
  signIn: 'session:sign-in',
  signOut: 'session:sign-out',
  getState: 'session:get-state',
  getPreferences: 'preferences:get',
  setStaySignedInToKakao: 'preferences:set-stay-signed-in-to-kakao',
  setLanguage: 'preferences:set-language',
  listDevices: 'account:list-devices',
  signOutDevice: 'account:sign-out-device',
  deleteAccount: 'account:delete',
  requestConsent: 'account:request-consent',
  getAppInfo: 'app:get-info',
} as const satisfies Record<string, InvokeChannel>;
export type ApiVerb = keyof typeof API_VERBS;

/** Fails to compile while a channel of the map has no verb. */
type ChannelsWithoutVerb = Exclude<InvokeChannel, (typeof API_VERBS)[ApiVerb]>;
export const EVERY_CHANNEL_HAS_A_VERB: [ChannelsWithoutVerb] extends [never] ? true : never = true;

/** What the preload exposes as `window.api`: one promise-returning function per verb, typed from the channel map. */
export type DesktopApi = {
  [V in ApiVerb]: (
    ...args: Parameters<InvokeChannels[(typeof API_VERBS)[V]]>
  ) => Promise<ReturnType<InvokeChannels[(typeof API_VERBS)[V]]>>;
} & {
  /** Returns an unsubscribe function. */
  onStateChange(listener: (state: SessionState) => void): () => void;
};
