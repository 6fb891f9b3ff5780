/**
 * The real renderer wired to a real main process, in Chromium: Playwright's stand-in for the preload bridge
 * (preload/index.ts) plus `setupIpc` (main/electron/ipc.ts). `window.api` forwards every call through
 * `page.exposeBinding` to the production IPC handlers (main/ipc/), with the calling frame as the sender, and
 * every session state change is pushed to the page through `toRendererState`, as `setupIpc` does.
 * Everything that crosses to the page is kept in `crossed`, so a test can prove no token ever did.
 *
 * @example
 * ```ts
 * const bridge = await connectRenderer(page, { session, renderer: { devServerUrl: url, indexHtmlPath: '' } });
 * await page.goto(url);
 * await page.getByRole('button', { name: 'Login with Kakao' }).click(); // → session.signIn()
 * bridge.dispose();
 * ```
 */
import { API_VERBS, INVOKE_CHANNELS, STATE_CHANGED_CHANNEL } from '@kakao-desktop/contract';
import type { Page } from '@playwright/test';
import { createDesktopIpcHandlers, type DesktopHandlerDeps } from '../../main/ipc/desktop-handlers';
import { toRendererState } from '../../main/ipc/session-ipc';
import { isTrustedRendererUrl, type RendererLocation } from '../../main/ipc/trusted-sender';
import { createKeptKakaoSession } from '../../main/preferences/kept-kakao-session';
import type { Account } from '../../main/session/account';
import type { SessionListener } from '../../main/session/session-manager';
import { MemoryPreferences } from './fakes/memory-preferences';

export interface RendererBridge {
  /** Every value main handed to the page: invoke results and pushed states, in order. */
  readonly crossed: unknown[];
  /** Stop pushing states (the bindings go with the page). */
  dispose(): void;
}

/** Runs in the page before its scripts (serialized by Playwright, so self-contained): the preload's `window.api`. */
function installBridge(setup: { verbs: Record<string, string>; stateChanged: string }): void {
  type Invoke = (channel: string, ...args: unknown[]) => Promise<unknown>;
  const scope = globalThis as unknown as Record<string, unknown>;
  const listeners = new Set<(state: unknown) => void>();
  const api: Record<string, unknown> = {
    onStateChange(listener: (state: unknown) => void) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
  for (const [verb, channel] of Object.entries(setup.verbs)) {
    api[verb] = (...args: unknown[]) => (scope.__ipcInvoke as Invoke)(channel, ...args);
  }
  Object.defineProperty(globalThis, `__ipcEvent_${setup.stateChanged}`, {
    value: (state: unknown) => {
      for (const listener of listeners) listener(state);
    },
  });
  Object.defineProperty(globalThis, 'api', { value: Object.freeze(api) });
}

const notWired = async (): Promise<never> => {
  throw new Error(
    'this test did not pass `account` to connectRenderer, yet the page called an account channel',
  );
};
const accountNotWired: Account = {
  listDevices: notWired,
  signOutDevice: notWired,
  deleteAccount: notWired,
  requestConsent: notWired,
};

export async function connectRenderer(
  page: Page,
  options: {
    session: DesktopHandlerDeps['session'] & { subscribe(listener: SessionListener): () => void };
    /** "Stay signed in to Kakao"; default: the choice kept in `preferences`, no Kakao session to clear. */
    kakaoSession?: DesktopHandlerDeps['kakaoSession'];
    renderer: RendererLocation;
    preferences?: DesktopHandlerDeps['preferences'];
    /** The account features (main/session/account.ts); without them, an account call fails the test loudly. */
    account?: DesktopHandlerDeps['account'];
  },
): Promise<RendererBridge> {
  const crossed: unknown[] = [];
  const preferences = options.preferences ?? new MemoryPreferences();
  const handlers = createDesktopIpcHandlers({
    session: options.session,
    kakaoSession: options.kakaoSession ?? createKeptKakaoSession({ preferences }),
    account: options.account ?? accountNotWired,
    preferences,
    renderer: options.renderer,
    appInfo: { name: 'kakao-desktop', version: '0.0.0-test' },
  });
  await page.exposeBinding('__ipcInvoke', async (source, channel: unknown, ...args: unknown[]) => {
    const handler = INVOKE_CHANNELS.find((c) => c === channel);
    if (!handler) throw new Error(`no IPC handler for ${String(channel)}`);
    // Thrown here, not inside the handler (which would turn it into an `internal` result): the page's call rejects.
    if (!options.account && handler.startsWith('account:')) await notWired();
    const sender = { frameUrl: source.frame.url(), isMainFrame: source.frame === page.mainFrame() };
    const result = await handlers[handler](sender, ...args);
    crossed.push(result);
    return result;
  });
  await page.addInitScript(installBridge, { verbs: API_VERBS, stateChanged: STATE_CHANGED_CHANNEL });
  const unsubscribe = options.session.subscribe((state) => {
    if (page.isClosed() || !isTrustedRendererUrl(page.url(), options.renderer)) return;
    const shown = toRendererState(state);
    crossed.push(shown);
    page
      .evaluate(
        ([name, value]) => (globalThis as unknown as Record<string, (s: unknown) => void>)[name]!(value),
        [`__ipcEvent_${STATE_CHANGED_CHANNEL}`, shown] as const,
      )
      .catch(() => {}); // the page navigated or closed meanwhile
  });
  return { crossed, dispose: unsubscribe };
}
