/** The Electron auth-window adapter on a fake `electron` module: hardening options and event wiring. */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  BrowserWindow,
  type FakeWebContents,
  navigationEvent,
  resetFakeElectron,
  session,
} from '../../test/helpers/fakes/fake-electron';
import type { AuthWindowRequest } from '../auth/auth-window-port';
import { createElectronAuthWindow, KEPT_KAKAO_PARTITION } from './auth-window';
import { HARDENED_WEB_PREFERENCES } from './hardening';

vi.mock('electron', () => import('../../test/helpers/fakes/fake-electron'));

const kakao = 'http://127.0.0.1:9010';
const redirectUri = 'http://localhost:9021/callback';

function request(overrides: Partial<AuthWindowRequest> = {}): AuthWindowRequest {
  return {
    authorizeUrl: `${kakao}/oauth/authorize?state=S`,
    redirectUri,
    expectedState: 'S',
    allowedOrigins: [kakao],
    keepKakaoSession: false,
    signal: new AbortController().signal,
    ...overrides,
  };
}

/** Open a window and hand back the fakes it created. */
async function opened(overrides: Partial<AuthWindowRequest> = {}, timeoutMs?: number) {
  const authWindow = createElectronAuthWindow(timeoutMs === undefined ? {} : { timeoutMs });
  const outcome = authWindow.open(request(overrides));
  await vi.advanceTimersByTimeAsync(0);
  const window = BrowserWindow.created.at(-1)!;
  const partition = (window.options.webPreferences as { partition: string }).partition;
  return { authWindow, outcome, window, contents: window.webContents, ses: session.fromPartition(partition) };
}

describe('Electron auth window', () => {
  beforeEach(() => {
    resetFakeElectron();
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('opens hardened: fresh in-memory partition, sandbox, isolation, no Node, no preload', async () => {
    const { window, contents, ses, outcome } = await opened();
    const prefs = window.options.webPreferences as Record<string, unknown>;
    // The shared table (its values are checked in hardening.test.ts), and the critical ones spelled out so a
    // wrong constant still fails here.
    expect(prefs).toMatchObject(HARDENED_WEB_PREFERENCES);
    expect(prefs).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect(contents.session).toBe(ses); // the handlers below sit on the window's own partition
    expect(prefs.preload).toBeUndefined();
    expect(prefs.partition).toMatch(/^auth-[0-9a-f-]{36}$/);
    expect(contents.loaded).toEqual([`${kakao}/oauth/authorize?state=S`]);
    expect(contents.windowOpenHandler?.({ url: 'https://evil.com' })).toEqual({ action: 'deny' });
    const permission = vi.fn();
    ses.permissionRequestHandler?.(contents, 'media', permission);
    expect(permission).toHaveBeenCalledWith(false);
    expect(ses.permissionCheckHandler?.()).toBe(false);
    const attach = { preventDefault: vi.fn() };
    contents.emit('will-attach-webview', attach, {}, { src: 'https://evil.example' });
    expect(attach.preventDefault).toHaveBeenCalled();
    window.destroy();
    await outcome;
  });

  it('uses a new partition per attempt', async () => {
    const first = await opened();
    first.window.destroy();
    await first.outcome;
    const second = await opened();
    expect(second.ses.partition).not.toBe(first.ses.partition);
    second.window.destroy();
    await second.outcome;
  });

  it('catches the redirect in will-redirect, cancels it, resolves the code and cleans up', async () => {
    const { window, contents, ses, outcome } = await opened();
    const kakaoPage = navigationEvent(`${kakao}/login`);
    contents.emit('will-navigate', kakaoPage);
    expect(kakaoPage.defaultPrevented).toBe(false);
    const redirect = navigationEvent(`${redirectUri}?code=C&state=S`);
    contents.emit('will-redirect', redirect);
    expect(redirect.defaultPrevented).toBe(true);
    expect(await outcome).toEqual({ kind: 'code', code: 'C' });
    expect(window.isDestroyed()).toBe(true);
    expect(ses.cleared).toBe(1);
    expect(ses.webRequest.beforeRequest).toBeNull();
  });

  it('catches the redirect in will-navigate too', async () => {
    const { contents, outcome } = await opened();
    const redirect = navigationEvent(`${redirectUri}?code=C&state=S`);
    contents.emit('will-navigate', redirect);
    expect(redirect.defaultPrevented).toBe(true);
    expect(await outcome).toEqual({ kind: 'code', code: 'C' });
  });

  it('cancels the redirect in onBeforeRequest before it reaches the network', async () => {
    const { ses, outcome } = await opened();
    expect(await ses.webRequest.request(`${kakao}/oauth/authorize`)).toBe(false);
    expect(await ses.webRequest.request('https://t1.kakaocdn.net/logo.png', 'image')).toBe(false);
    expect(await ses.webRequest.request(`${redirectUri}?code=leak&state=S`, 'image')).toBe(true);
    expect(await ses.webRequest.request('https://evil.com/', 'mainFrame')).toBe(true);
    expect(await ses.webRequest.request(`${redirectUri}?code=C&state=S`, 'mainFrame')).toBe(true);
    expect(await outcome).toEqual({ kind: 'code', code: 'C' });
  });

  it('keeps a forged cancel or code (no state / a foreign state) off the network without ending the attempt', async () => {
    const { window, contents, ses, outcome } = await opened();
    for (const query of ['error=access_denied', 'error=access_denied&state=X', 'code=ATTACKER&state=X']) {
      const forged = navigationEvent(`${redirectUri}?${query}`);
      contents.emit('will-redirect', forged);
      expect(forged.defaultPrevented).toBe(true);
      expect(await ses.webRequest.request(`${redirectUri}?${query}`, 'mainFrame')).toBe(true);
    }
    // What Chromium then reports for the cancelled loads: our own doing, not a failure.
    contents.emit('did-fail-load', {}, -3, 'ERR_ABORTED', redirectUri, true);
    contents.emit('did-fail-load', {}, -20, 'ERR_BLOCKED_BY_CLIENT', redirectUri, true);
    expect(window.isDestroyed()).toBe(false);
    contents.emit('will-redirect', navigationEvent(`${redirectUri}?code=C&state=S`));
    expect(await outcome).toEqual({ kind: 'code', code: 'C' });
  });

  it('blocks navigation to other origins', async () => {
    const { window, contents, outcome } = await opened();
    const away = navigationEvent('https://evil.com/phish');
    contents.emit('will-navigate', away);
    expect(away.defaultPrevented).toBe(true);
    window.destroy();
    expect(await outcome).toEqual({ kind: 'cancelled' });
  });

  it('ignores ERR_ABORTED from its own cancel, reports other main-frame failures', async () => {
    const { contents, outcome } = await opened();
    contents.emit('did-fail-load', {}, -3, 'ERR_ABORTED', redirectUri, true);
    contents.emit('did-fail-load', {}, -102, 'ERR_CONNECTION_REFUSED', 'https://cdn/x.png', false);
    contents.emit('did-fail-load', {}, -102, 'ERR_CONNECTION_REFUSED', kakao, true);
    expect(await outcome).toEqual({
      kind: 'load-failed',
      errorCode: -102,
      description: 'ERR_CONNECTION_REFUSED',
    });
  });

  it.each([500, 503])(
    'closes with kakao-unavailable when a Kakao page answers HTTP %i (did-navigate)',
    async (status) => {
      const { window, ses, outcome } = await opened();
      window.webContents.emit('did-navigate', {}, `${kakao}/oauth/authorize?state=S`, status, 'Error');
      expect(await outcome).toEqual({ kind: 'kakao-unavailable', status });
      expect(window.isDestroyed()).toBe(true);
      expect(ses.cleared).toBe(1);
    },
  );

  /** Play a loaded 4xx page whose document (read in an isolated world) is `body`. */
  function showErrorPage(contents: FakeWebContents, status: number, body: unknown) {
    const read = vi.fn(async (_worldId: number, _scripts: { code: string }[]) => body);
    Object.assign(contents, { executeJavaScriptInIsolatedWorld: read });
    contents.emit('did-navigate', {}, `${kakao}/oauth/authorize?state=S`, status, 'Bad Request');
    contents.emit('did-finish-load', {});
    return read;
  }

  it("closes with kakao-unavailable on Kakao's -1, which comes with HTTP 400 (body read in an isolated world)", async () => {
    const { window, contents, outcome } = await opened();
    const read = showErrorPage(contents, 400, {
      contentType: 'application/json',
      text: '{"msg":"internal error","code":-1}',
    });
    expect(await outcome).toEqual({ kind: 'kakao-unavailable', status: 400 });
    expect(read).toHaveBeenCalledTimes(1);
    expect(read.mock.calls[0]![0]).not.toBe(0); // never the page's own (main) world
    expect(window.isDestroyed()).toBe(true);
  });

  it.each([
    ['another Kakao error (-2)', { contentType: 'application/json', text: '{"msg":"x","code":-2}' }],
    ["Kakao's HTML error page (KOE006)", { contentType: 'text/html', text: 'KOE006' }],
    ['an unreadable page', null],
  ])('stays open on %s with HTTP 400', async (_, body) => {
    const { window, contents, outcome } = await opened();
    showErrorPage(contents, 400, body);
    await vi.advanceTimersByTimeAsync(0);
    expect(window.isDestroyed()).toBe(false);
    contents.emit('will-redirect', navigationEvent(`${redirectUri}?code=C&state=S`));
    expect(await outcome).toEqual({ kind: 'code', code: 'C' });
  });

  it('stays open on a Kakao 200 page and does not read it', async () => {
    const { window, contents, outcome } = await opened();
    const read = showErrorPage(contents, 200, { contentType: 'application/json', text: '{"code":-1}' });
    contents.emit('did-navigate', {}, 'about:blank', -1, '');
    await vi.advanceTimersByTimeAsync(0);
    expect(read).not.toHaveBeenCalled();
    expect(window.isDestroyed()).toBe(false);
    contents.emit('will-redirect', navigationEvent(`${redirectUri}?code=C&state=S`));
    expect(await outcome).toEqual({ kind: 'code', code: 'C' });
  });

  it('treats closing the window as cancel', async () => {
    const { window, outcome } = await opened();
    window.emit('closed');
    expect(await outcome).toEqual({ kind: 'cancelled' });
  });

  it('ends a sign-in left open past the watchdog and closes the window', async () => {
    const { window, outcome } = await opened({}, 60_000);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(await outcome).toEqual({ kind: 'timeout' });
    expect(window.isDestroyed()).toBe(true);
  });

  it('closes when the app aborts', async () => {
    const controller = new AbortController();
    const { window, outcome } = await opened({ signal: controller.signal });
    controller.abort();
    expect(await outcome).toEqual({ kind: 'cancelled' });
    expect(window.isDestroyed()).toBe(true);
  });

  it('keeps the Kakao session when asked, until clearKakaoSession()', async () => {
    const { authWindow, window, ses, outcome } = await opened({ keepKakaoSession: true });
    expect(ses.partition).toBe(KEPT_KAKAO_PARTITION);
    window.destroy();
    await outcome;
    expect(ses.cleared).toBe(0);
    await authWindow.clearKakaoSession();
    expect(ses.cleared).toBe(1);
  });
});
