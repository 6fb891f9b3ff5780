/**
 * The Playwright sign-in window adapter in real Chromium, against a tiny Kakao-like server: the shared
 * SignInAttempt controller decides, the browser obeys. A second server stands at the redirect URI and a third
 * plays "evil.com": neither may ever receive a request.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Browser, chromium } from '@playwright/test';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AuthWindowRequest } from '../../main/auth/auth-window-port';
import { chromiumLaunchOptions } from './chromium';
import { createPlaywrightAuthWindow, type PlaywrightAuthWindowOptions } from './playwright-auth-window';

type Hits = { url: string; cookie: string | undefined }[];

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<Server> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}
const portOf = (server: Server) => (server.address() as AddressInfo).port;

let kakao: Server;
let callback: Server;
let evil: Server;
let browser: Browser;
const kakaoHits: Hits = [];
const callbackHits: Hits = [];
const evilHits: Hits = [];
let kakaoOrigin: string;
let redirectUri: string;
let evilOrigin: string;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = '';
    req.on('data', (c) => {
      body += c;
    });
    req.on('end', () => resolve(body));
  });
}

function kakaoPage(state: string): string {
  return `<!doctype html><meta charset="utf-8"><title>Kakao</title>
    <img src="${redirectUri}?code=leaked&state=${encodeURIComponent(state)}" alt="">
    <form method="post" action="/login">
      <input type="hidden" name="state" value="${state}">
      <input type="hidden" name="status" value="200">
      <label>Code <input name="code" value="the-code"></label>
      <button type="submit">Log in</button>
    </form>
    <a id="cancel" href="/cancel?state=${encodeURIComponent(state)}">Cancel</a>
    <a id="evil" href="${evilOrigin}/phish">Elsewhere</a>
    <a id="forged" href="/forged">Forged</a>
    <a id="forged-cancel" href="/forged-cancel">Forged cancel</a>`;
}

beforeAll(async () => {
  callback = await listen((req, res) => {
    callbackHits.push({ url: req.url ?? '', cookie: req.headers.cookie });
    res.end('callback reached the network');
  });
  evil = await listen((req, res) => {
    evilHits.push({ url: req.url ?? '', cookie: req.headers.cookie });
    res.end('evil');
  });
  kakao = await listen(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    kakaoHits.push({ url: url.pathname, cookie: req.headers.cookie });
    const status = Number(url.searchParams.get('status') ?? 200);
    if ((url.pathname === '/oauth/authorize' || url.pathname === '/consent') && status !== 200) {
      // Kakao failing: its raw JSON error body with that status (`code` overrides Kakao's -1)
      res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8' });
      res.end(JSON.stringify({ msg: 'injected', code: Number(url.searchParams.get('code') ?? -1) }));
    } else if (url.pathname === '/oauth/authorize') {
      res.writeHead(200, { 'content-type': 'text/html', 'set-cookie': 'kakao_session=yes; Path=/' });
      res.end(kakaoPage(url.searchParams.get('state') ?? ''));
    } else if (url.pathname === '/login' && req.method === 'POST') {
      const form = new URLSearchParams(await readBody(req));
      // two hops, like Kakao's login → consent → redirect
      const consent = `/consent?code=${form.get('code')}&state=${form.get('state')}&status=${form.get('status')}`;
      res.writeHead(302, { location: consent }).end();
    } else if (url.pathname === '/consent') {
      const target = `${redirectUri}?code=${url.searchParams.get('code')}&state=${url.searchParams.get('state')}`;
      res.writeHead(302, { location: target }).end();
    } else if (url.pathname === '/cancel') {
      res
        .writeHead(302, {
          location: `${redirectUri}?error=access_denied&state=${url.searchParams.get('state')}`,
        })
        .end();
    } else if (url.pathname === '/forged') {
      res.writeHead(302, { location: `${redirectUri}?code=c&state=forged` }).end();
    } else if (url.pathname === '/forged-cancel') {
      res.writeHead(302, { location: `${redirectUri}?error=access_denied` }).end();
    } else {
      res.writeHead(404).end();
    }
  });
  kakaoOrigin = `http://127.0.0.1:${portOf(kakao)}`;
  redirectUri = `http://localhost:${portOf(callback)}/callback`;
  evilOrigin = `http://127.0.0.1:${portOf(evil)}`;
  browser = await chromium.launch(chromiumLaunchOptions());
});

afterAll(async () => {
  await browser?.close();
  for (const server of [kakao, callback, evil]) {
    server?.closeAllConnections();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }
});

beforeEach(() => {
  kakaoHits.length = 0;
  callbackHits.length = 0;
  evilHits.length = 0;
});

function request(overrides: Partial<AuthWindowRequest> = {}): AuthWindowRequest {
  const state = overrides.expectedState ?? 'state-123';
  return {
    authorizeUrl: `${kakaoOrigin}/oauth/authorize?state=${state}`,
    redirectUri,
    expectedState: state,
    allowedOrigins: [kakaoOrigin],
    keepKakaoSession: false,
    signal: new AbortController().signal,
    ...overrides,
  };
}

function window(
  onPage: PlaywrightAuthWindowOptions['onPage'],
  extra: Partial<PlaywrightAuthWindowOptions> = {},
) {
  return createPlaywrightAuthWindow({ browser, onPage, ...extra });
}

describe('Playwright auth window (shared SignInAttempt in Chromium)', () => {
  it('follows Kakao through two redirects and catches the code without requesting the redirect URI', async () => {
    const authWindow = window(async (page) => {
      await page.getByRole('button', { name: 'Log in' }).click();
    });
    expect(await authWindow.open(request())).toEqual({ kind: 'code', code: 'the-code' });
    const pages = kakaoHits.map((h) => h.url).filter((u) => u !== '/favicon.ico');
    expect(pages).toEqual(['/oauth/authorize', '/login', '/consent']);
    expect(callbackHits).toEqual([]); // not the redirect, not the <img> carrying a code either
    expect(authWindow.pages[0]!.isClosed()).toBe(true);
  });

  it('reports cancel at Kakao as cancelled', async () => {
    const authWindow = window(async (page) => {
      await page.locator('#cancel').click();
    });
    expect(await authWindow.open(request())).toEqual({ kind: 'cancelled' });
    expect(callbackHits).toEqual([]);
  });

  it('ignores a code with a foreign state and a cancel without state, then still signs in', async () => {
    const authWindow = window(async (page) => {
      for (const forged of ['#forged', '#forged-cancel']) {
        await page.locator(forged).click();
        await page.waitForLoadState();
        await page.goBack();
      }
      await page.getByRole('button', { name: 'Log in' }).click();
    });
    expect(await authWindow.open(request())).toEqual({ kind: 'code', code: 'the-code' });
    expect(kakaoHits.map((h) => h.url)).toEqual(expect.arrayContaining(['/forged', '/forged-cancel']));
    expect(callbackHits).toEqual([]);
  });

  it('blocks navigation away from Kakao, then still signs in', async () => {
    const authWindow = window(async (page) => {
      const refused = page.waitForEvent('requestfailed', (r) => r.url().startsWith(evilOrigin));
      await page.locator('#evil').click();
      expect((await refused).url()).toBe(`${evilOrigin}/phish`);
      expect(new URL(page.url()).origin).toBe(kakaoOrigin);
      await page.getByRole('button', { name: 'Log in' }).click();
    });
    expect(await authWindow.open(request())).toEqual({ kind: 'code', code: 'the-code' });
    expect(evilHits).toEqual([]);
  });

  it('treats the user closing the page as cancelled', async () => {
    const authWindow = window(async (page) => {
      await page.waitForLoadState();
      await page.close();
    });
    expect(await authWindow.open(request())).toEqual({ kind: 'cancelled' });
  });

  it('ends a sign-in left open past the watchdog', async () => {
    const authWindow = window(undefined, { timeoutMs: 300 });
    expect(await authWindow.open(request())).toEqual({ kind: 'timeout' });
  });

  it('closes when the app aborts the attempt', async () => {
    const controller = new AbortController();
    const authWindow = window(async (page) => {
      await page.waitForLoadState();
      controller.abort();
    });
    expect(await authWindow.open(request({ signal: controller.signal }))).toEqual({ kind: 'cancelled' });
  });

  it('reports Kakao being unreachable as a load failure', async () => {
    const closed = await listen(() => {});
    const port = portOf(closed);
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const origin = `http://127.0.0.1:${port}`;
    const outcome = await window(undefined).open(
      request({ authorizeUrl: `${origin}/oauth/authorize`, allowedOrigins: [origin] }),
    );
    expect(outcome).toMatchObject({ kind: 'load-failed' });
  });

  it.each([500, 503])('ends the attempt when Kakao answers the sign-in page with HTTP %i', async (status) => {
    const authWindow = window(undefined);
    const outcome = await authWindow.open(
      request({ authorizeUrl: `${kakaoOrigin}/oauth/authorize?state=state-123&status=${status}` }),
    );
    expect(outcome).toEqual({ kind: 'kakao-unavailable', status });
    expect(authWindow.pages[0]!.isClosed()).toBe(true);
  });

  it('ends the attempt when a later Kakao page (after a redirect) answers HTTP 502', async () => {
    const authWindow = window(async (page) => {
      await page.locator('input[name="status"]').evaluate((input) => {
        (input as unknown as { value: string }).value = '502';
      });
      await page.getByRole('button', { name: 'Log in' }).click();
    });
    expect(await authWindow.open(request())).toEqual({ kind: 'kakao-unavailable', status: 502 });
    expect(kakaoHits.map((h) => h.url)).toEqual(expect.arrayContaining(['/login', '/consent']));
    expect(callbackHits).toEqual([]);
  });

  it('ends the attempt on Kakao -1 sent with HTTP 400 (read from the JSON body)', async () => {
    const outcome = await window(undefined).open(
      request({ authorizeUrl: `${kakaoOrigin}/oauth/authorize?state=state-123&status=400&code=-1` }),
    );
    expect(outcome).toEqual({ kind: 'kakao-unavailable', status: 400 });
  });

  it('leaves any other Kakao 4xx error up (here -2): only the user closing it ends the attempt', async () => {
    const authWindow = window(async (page) => {
      await page.getByText('"code":-2').waitFor();
      await page.close();
    });
    const outcome = await authWindow.open(
      request({ authorizeUrl: `${kakaoOrigin}/oauth/authorize?state=state-123&status=400&code=-2` }),
    );
    expect(outcome).toEqual({ kind: 'cancelled' });
  });

  it('starts every attempt without cookies, unless the Kakao session is kept', async () => {
    const submit = async (page: import('@playwright/test').Page) => {
      await page.getByRole('button', { name: 'Log in' }).click();
    };
    const fresh = window(submit);
    await fresh.open(request());
    await fresh.open(request());
    const authorizeCookies = () => kakaoHits.filter((h) => h.url === '/oauth/authorize').map((h) => h.cookie);
    expect(authorizeCookies()).toEqual([undefined, undefined]);

    kakaoHits.length = 0;
    const kept = window(submit);
    await kept.open(request({ keepKakaoSession: true }));
    await kept.open(request({ keepKakaoSession: true }));
    expect(authorizeCookies()).toEqual([undefined, 'kakao_session=yes']);
    await kept.clearKakaoSession();
    await kept.open(request({ keepKakaoSession: true }));
    expect(authorizeCookies().at(-1)).toBeUndefined();
    await kept.close();
  });

  it('surfaces a broken test script instead of waiting for the watchdog', async () => {
    const authWindow = window(async () => {
      throw new Error('selector not found');
    });
    await expect(authWindow.open(request())).rejects.toThrow('selector not found');
  });
});
