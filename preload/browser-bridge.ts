/**
 * `window.api` for the browser shell (main/browser-shell/): the same `DesktopApi` as the Electron preload
 * (preload/index.ts), over HTTP to the shell's Node process instead of IPC. Calls are `POST /api/<channel>` with
 * the arguments as a JSON array; state changes arrive on the `GET /api/events` stream. Main validates every
 * argument with the same schemas as IPC; this file only carries them. Types from contract only, nothing else:
 * the shell serves it as a plain classic script that runs before the renderer.
 *
 * The per-launch key comes in the URL fragment (`#k=…`, never sent to a server, so never in a log or a
 * Referer), is taken out of the address bar at once and kept in this tab's sessionStorage so a reload still works.
 */
import type { API_VERBS, DesktopApi, InvokeChannel, InvokeChannels } from '@kakao-desktop/contract/ipc';
import type { SessionState } from '@kakao-desktop/contract/session-state';

/**
 * contract's `API_VERBS` (verb → channel). A classic script cannot import values, so
 * scripts/browser-shell-assets.mjs defines this in front of the compiled file from contract itself: the bridge
 * has no list of its own to drift from the preload's.
 */
declare const CONTRACT_API_VERBS: typeof API_VERBS;

const KEY_STORAGE = 'kakao-desktop-shell-key';

function takeKey(): string | null {
  const match = /^#k=([A-Za-z0-9_-]{16,})$/.exec(window.location.hash);
  if (match?.[1]) {
    window.sessionStorage.setItem(KEY_STORAGE, match[1]);
    window.history.replaceState(null, '', window.location.pathname + window.location.search);
    return match[1];
  }
  return window.sessionStorage.getItem(KEY_STORAGE);
}

/** A bar above the app (the page has no native chrome): used when a tab could not be opened for Kakao. */
function showNotice(text: string, link?: string): void {
  const show = () => {
    const old = document.getElementById('shell-notice');
    old?.remove();
    const bar = document.createElement('div');
    bar.id = 'shell-notice';
    bar.setAttribute('role', 'status');
    Object.assign(bar.style, {
      padding: '8px 12px',
      background: '#fee500',
      color: '#191919',
      font: '14px sans-serif',
    });
    bar.append(text);
    if (link) {
      const anchor = document.createElement('a');
      anchor.href = link;
      anchor.target = '_blank';
      anchor.rel = 'noopener noreferrer';
      anchor.textContent = ' Open Kakao sign-in';
      anchor.addEventListener('click', () => bar.remove());
      bar.append(anchor);
    }
    document.body.prepend(bar);
  };
  if (document.body) show();
  else document.addEventListener('DOMContentLoaded', show, { once: true });
}

function openSignInPage(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return;
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return;
  // Kakao's page in a tab of its own; the redirect lands on the shell's loopback listener, not in this page.
  const tab = window.open(parsed.href, '_blank');
  if (tab) tab.opener = null;
  else showNotice('Your browser blocked the Kakao sign-in tab.', parsed.href);
}

function install(key: string): void {
  const call = async <C extends InvokeChannel>(
    channel: C,
    ...args: unknown[]
  ): Promise<ReturnType<InvokeChannels[C]>> => {
    // JSON has no `undefined`: `signIn(undefined)` is sent as `signIn()`, as IPC would pass it.
    while (args.length > 0 && args[args.length - 1] === undefined) args.pop();
    const response = await fetch(`/api/${channel}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-shell-key': key },
      body: JSON.stringify(args),
      cache: 'no-store',
      credentials: 'omit',
    });
    const body = (await response.json().catch(() => null)) as { message?: string } | null;
    if (!response.ok) {
      if (response.status === 401) showNotice('This tab is not connected: open the URL `npm start` printed.');
      // As ipcRenderer.invoke does when main throws: the promise rejects.
      throw new Error(body?.message ?? `The app refused the call (${response.status}).`);
    }
    return body as ReturnType<InvokeChannels[C]>;
  };

  const listeners = new Set<(state: SessionState) => void>();
  const events = new EventSource(`/api/events?k=${encodeURIComponent(key)}`);
  events.addEventListener('state', (event) => {
    const state = JSON.parse((event as MessageEvent<string>).data) as SessionState;
    for (const listener of listeners) listener(state);
  });
  events.addEventListener('open-sign-in', (event) => {
    const { url } = JSON.parse((event as MessageEvent<string>).data) as { url: string };
    openSignInPage(url);
  });

  // One function per verb of the contract's list, each calling its channel, as the Electron preload builds it.
  const verbs = Object.fromEntries(
    Object.entries(CONTRACT_API_VERBS).map(([verb, channel]) => [
      verb,
      (...args: unknown[]) => call(channel, ...args),
    ]),
  ) as Omit<DesktopApi, 'onStateChange'>;

  const api: DesktopApi = {
    ...verbs,
    onStateChange(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
  Object.defineProperty(window, 'api', { value: Object.freeze(api) });
}

const key = takeKey();
// Without the key there is no `window.api`: the renderer then shows its "open this in the app" screen.
if (key) install(key);
else showNotice('Open the URL that `npm start` printed (it carries this launch’s key).');
