/**
 * A stand-in for the preload bridge, injected into the page by Playwright (`page.addInitScript`) so nothing
 * fake ships in the renderer build. Tests drive it through `window.__fake` (see FakeControl).
 */
import type { IpcResult } from '@kakao-desktop/contract/ipc';
import type { SessionState } from '@kakao-desktop/contract/session-state';

export type Method =
  | 'signIn'
  | 'signOut'
  | 'getState'
  | 'getPreferences'
  | 'setStaySignedInToKakao'
  | 'setLanguage'
  | 'listDevices'
  | 'signOutDevice'
  | 'deleteAccount'
  | 'requestConsent'
  | 'getAppInfo';

/** How the fake answers the next call: a value, a rejection, or 'hold' (the test releases it later). */
export type Answer = { resolve: unknown } | { reject: string } | 'hold';

export interface FakeControl {
  calls: Method[];
  /** Every call with the arguments it was given, in order. */
  received: { method: Method; args: unknown[] }[];
  listenerCount(): number;
  emit(state: unknown): void;
  answer(method: Method, answer: Answer): void;
  release(method: Method, value: unknown): void;
}

export interface FakeOptions {
  /** The state getState() reports; extra fields are allowed on purpose (to prove they never render). */
  state: unknown;
  /** When false, window.api is not installed at all (page opened outside the app). */
  install?: boolean;
  getState?: Answer;
  /** What getPreferences() reports; default `{ staySignedInToKakao: false }`. */
  preferences?: unknown;
  getPreferences?: Answer;
  /** What listDevices() reports (the harness defaults to this device only). signOutDevice(id) drops that one. */
  devices?: unknown[];
  /** What a successful requestConsent('email') does: 'decline' (default: state unchanged) or 'grant' (email set). */
  consent?: 'decline' | 'grant';
}

/**
 * Runs inside the page before any of its scripts. Must be self-contained (Playwright serializes it).
 * Written against `globalThis` (= window there) because test/ is typechecked without the DOM library.
 */
export function installFakeApi({
  state: initial,
  install = true,
  getState,
  preferences: initialPreferences = { staySignedInToKakao: false },
  getPreferences,
  devices: initialDevices = [],
  consent = 'decline',
}: FakeOptions): void {
  if (!install) return;
  type Waiter = { resolve(value: unknown): void; reject(error: Error): void };
  let state = initial;
  let preferences = initialPreferences;
  let devices = initialDevices;
  const listeners = new Set<(state: unknown) => void>();
  const answers = new Map<string, Answer>();
  const held = new Map<string, Waiter>();
  const calls: string[] = [];
  const received: { method: string; args: unknown[] }[] = [];
  if (getState) answers.set('getState', getState);
  if (getPreferences) answers.set('getPreferences', getPreferences);

  const call = (method: string, args: unknown[], fallback: () => unknown) => {
    calls.push(method);
    received.push({ method, args });
    const answer = answers.get(method);
    answers.delete(method);
    if (answer === 'hold') return new Promise((resolve, reject) => held.set(method, { resolve, reject }));
    if (answer && 'reject' in answer) return Promise.reject(new Error(answer.reject));
    return Promise.resolve(answer ? answer.resolve : fallback());
  };

  const control = {
    calls,
    received,
    listenerCount: () => listeners.size,
    emit(next: unknown) {
      state = next;
      for (const listener of listeners) listener(next);
    },
    answer(method: string, answer: Answer) {
      answers.set(method, answer);
    },
    release(method: string, value: unknown) {
      held.get(method)?.resolve(value);
      held.delete(method);
    },
  };
  Object.defineProperty(globalThis, '__fake', { value: control });
  Object.defineProperty(globalThis, 'api', {
    value: Object.freeze({
      signIn: (...args: unknown[]) => call('signIn', args, () => ({ ok: true, value: state })),
      signOut: (...args: unknown[]) => call('signOut', args, () => ({ ok: true, value: state })),
      getState: (...args: unknown[]) => call('getState', args, () => state),
      getPreferences: (...args: unknown[]) => call('getPreferences', args, () => preferences),
      setStaySignedInToKakao: (...args: unknown[]) =>
        call('setStaySignedInToKakao', args, () => {
          preferences = { ...(preferences as object), staySignedInToKakao: args[0] };
          return { ok: true, value: preferences };
        }),
      setLanguage: (...args: unknown[]) =>
        call('setLanguage', args, () => {
          preferences = { ...(preferences as object), language: args[0] };
          return { ok: true, value: preferences };
        }),
      listDevices: (...args: unknown[]) => call('listDevices', args, () => ({ ok: true, value: devices })),
      signOutDevice: (...args: unknown[]) =>
        call('signOutDevice', args, () => {
          devices = devices.filter((device) => (device as { id: unknown }).id !== args[0]);
          return { ok: true, value: devices };
        }),
      // Like main: the state is pushed first, then the call answers with it.
      deleteAccount: (...args: unknown[]) =>
        call('deleteAccount', args, () => {
          control.emit({ kind: 'signed-out', persistence: 'keychain' });
          return { ok: true, value: state };
        }),
      requestConsent: (...args: unknown[]) =>
        call('requestConsent', args, () => {
          const current = state as { profile?: object };
          if (consent === 'grant' && current.profile) {
            control.emit({ ...current, profile: { ...current.profile, email: 'jordan@kakao.test' } });
          }
          return { ok: true, value: state };
        }),
      getAppInfo: (...args: unknown[]) =>
        call('getAppInfo', args, () => ({ name: 'Kakao Desktop', version: '0.0.0-test' })),
      onStateChange(listener: (state: unknown) => void) {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
    }),
  });
}

// --- Sample data ---

export const AVATAR_URL = 'https://k.kakaocdn.net/dn/test/img_640x640.jpg';

export const profile = {
  id: 'usr_01',
  kakao_id: '4150000001',
  nickname: '라이언',
  email: 'ryan@kakao.test',
  email_verified: true,
  profile_image_url: AVATAR_URL,
  thumbnail_image_url: 'https://k.kakaocdn.net/dn/test/img_110x110.jpg',
  name: null,
  age_range: '20~29',
  created_at: '2026-11-30T00:00:00.000Z',
};

export const profileWithoutExtras = {
  ...profile,
  nickname: 'Jordan Lee',
  email: null,
  profile_image_url: null,
  thumbnail_image_url: null,
};

/** 2026-11-30 06:07:08 UTC = 15:07:08 in Asia/Seoul, the time zone the tests run the page in. */
export const RETRY_AT = Date.UTC(2026, 10, 30, 6, 7, 8);
export const RETRY_AT_SEOUL = '15:07:08';
export const TIMEZONE = 'Asia/Seoul';

export const states = {
  starting: { kind: 'starting' },
  signedOut: { kind: 'signed-out', persistence: 'keychain' },
  signingIn: { kind: 'signing-in', persistence: 'keychain' },
  signedIn: { kind: 'signed-in', profile, persistence: 'keychain' },
  refreshing: { kind: 'refreshing', profile, persistence: 'keychain' },
  offline: {
    kind: 'offline',
    profile,
    retryAt: RETRY_AT,
    problem: { code: 'network' },
    persistence: 'keychain',
  },
} satisfies Record<string, SessionState>;

export const ok = (value: SessionState): { resolve: IpcResult<SessionState> } => ({
  resolve: { ok: true, value },
});

/**
 * A failed call. `stray` rides along as `message`, the prose an older main sent: the renderer must never show
 * it (main sends only a code and a detail token; the renderer words it).
 */
export const failed = (code: string, stray: string) => ({ resolve: { ok: false, code, message: stray } });

/** A failed call as main sends it: a code narrowed by a detail token. */
export const failedWith = (code: string, detail: string) => ({ resolve: { ok: false, code, detail } });

/** Emailed by the consent fake when granted. */
export const GRANTED_EMAIL = 'jordan@kakao.test';

/** Three devices: this one (current) and two others. Times are UTC; the page runs in Asia/Seoul (UTC+9). */
export const devices = [
  {
    id: 'ses_phone',
    deviceName: 'Galaxy S24',
    signedInAt: '2026-10-02T01:15:00.000Z',
    lastUsedAt: '2026-11-29T12:40:00.000Z',
    current: false,
  },
  {
    id: 'ses_this',
    deviceName: 'Kakao Desktop on Linux',
    signedInAt: '2026-11-30T00:00:00.000Z',
    lastUsedAt: '2026-12-01T03:00:00.000Z',
    current: true,
  },
  {
    id: 'ses_laptop',
    deviceName: null,
    signedInAt: '2026-09-14T08:05:00.000Z',
    lastUsedAt: '2026-11-20T23:30:00.000Z',
    current: false,
  },
];

export const thisDevice = devices[1]!;
