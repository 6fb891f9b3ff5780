/**
 * The local system's development defaults, in one place: the Kakao emulator's dev app, the ports `npm start`
 * uses, and the consent items the desktop asks for. The desktop, the backend, `scripts/start.mjs` (which reads
 * dev-defaults.json with fs: it is plain Node) and the test helpers all take them from here. The emulator imports
 * nothing of ours and keeps its own copy; test/dev-defaults.test.ts holds the two together.
 *
 * Public values only: the desktop bundles this module. The dev app's client secret and admin key are the backend's,
 * in dev-defaults-secrets.ts. Not exported from the package index either: the renderer has no use for any of it.
 */
import devDefaults from './dev-defaults.json' with { type: 'json' };

/** Every local program listens on the loopback interface. */
const DEV_HOST: string = devDefaults.host;

export const DEV_PORTS: {
  readonly emulator: number;
  readonly backend: number;
  readonly browserShell: number;
} = Object.freeze(devDefaults.ports);

/** http://127.0.0.1:<port>: where a local program answers. */
const devUrl = (port: number): string => `http://${DEV_HOST}:${port}`;

/** The Kakao emulator's base URL (kauth and kapi alike). */
export const DEV_KAKAO_BASE_URL: string = devUrl(DEV_PORTS.emulator);
export const DEV_BACKEND_URL: string = devUrl(DEV_PORTS.backend);

/** The emulator's dev app, as the desktop sees it (public values only). */
export const DEV_KAKAO_APP: {
  readonly clientId: string;
  readonly appId: number;
  /** The sign-in window's redirect URI: intercepted in the window, never loaded, so any host will do. */
  readonly signInWindowRedirectUri: string;
  /** System-browser mode's: a loopback IP literal with a port, where a listener waits (RFC 8252 §7.3). */
  readonly systemBrowserRedirectUri: string;
} = Object.freeze(devDefaults.kakaoApp);

/** Both registered redirect URIs, in the order the emulator registers them and the backend allows them. */
export const DEV_REDIRECT_URIS: readonly string[] = [
  DEV_KAKAO_APP.signInWindowRedirectUri,
  DEV_KAKAO_APP.systemBrowserRedirectUri,
];

/**
 * The consent items the desktop asks for by default. No `account_email`: Kakao answers KOE205 for it unless the
 * app passed business verification.
 */
export const DEV_SCOPES: readonly string[] = Object.freeze(devDefaults.scopes);

/**
 * What the desktop asks the local emulator for (`npm start`, the end-to-end tests): the defaults plus
 * `account_email`, which the emulator's dev app allows.
 */
export const DEV_EMULATOR_SCOPES: readonly string[] = [
  ...devDefaults.scopes,
  ...devDefaults.emulatorOnlyScopes,
];
