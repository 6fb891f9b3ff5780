/**
 * The loopback listener on a real socket: requests are sent over TCP with raw `node:http` (so the Host header
 * and method can be anything a browser or an attacker might send).
 */
import { request as httpRequest } from 'node:http';
import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { freeLoopbackPort } from '../../test/helpers/free-port';
import type { AuthWindowRequest } from '../auth/auth-window-port';
import type { SignInOutcome } from '../auth/sign-in-attempt';
import type { Clock } from '../clock';
import { createSystemBrowserOpener } from './system-browser-opener';

const STATE = 'state-of-this-attempt';
const AUTHORIZE_URL = `http://127.0.0.1:9010/oauth/authorize?client_id=x&state=${STATE}`;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

interface SendOptions {
  method?: string;
  host?: string;
  headers?: Record<string, string>;
}

function send(port: number, path: string, options: SendOptions = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        path,
        method: options.method ?? 'GET',
        headers: { Host: options.host ?? `127.0.0.1:${port}`, ...options.headers },
        agent: false,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Does anything accept connections on the port? */
function isListening(port: number): Promise<boolean> {
  return send(port, '/').then(
    () => true,
    () => false,
  );
}

/** A clock whose timers fire only when the test says so (the watchdog, without waiting for it). */
function manualClock() {
  let timers: { id: number; callback: () => void }[] = [];
  let next = 1;
  const clock: Clock = {
    now: () => 0,
    setTimeout: (callback) => {
      const id = next++;
      timers.push({ id, callback });
      return id;
    },
    clearTimeout: (handle) => {
      timers = timers.filter((t) => t.id !== handle);
    },
  };
  return {
    clock,
    fireAll: () => {
      const due = timers;
      timers = [];
      for (const t of due) t.callback();
    },
  };
}

async function isPending(outcome: Promise<SignInOutcome>): Promise<boolean> {
  const marker = Symbol('pending');
  // A macrotask turn lets any settle caused by an answered request reach the outcome first.
  await new Promise((resolve) => setImmediate(resolve));
  return (await Promise.race([outcome, Promise.resolve(marker)])) === marker;
}

interface Started {
  port: number;
  redirectUri: string;
  outcome: Promise<SignInOutcome>;
  /** Resolves with the URL handed to the browser, once the listener is up. */
  opened: Promise<string>;
  abort: AbortController;
}

const blockers: Server[] = [];
afterEach(async () => {
  for (const blocker of blockers.splice(0)) await new Promise((resolve) => blocker.close(resolve));
});

async function start(
  overrides: {
    port?: number;
    openExternal?: (url: string) => Promise<void>;
    clock?: Clock;
    signal?: AbortSignal;
  } = {},
): Promise<Started> {
  const port = overrides.port ?? (await freeLoopbackPort());
  const redirectUri = `http://127.0.0.1:${port}/callback`;
  let reportOpened!: (url: string) => void;
  const opened = new Promise<string>((resolve) => {
    reportOpened = resolve;
  });
  const open = createSystemBrowserOpener({
    openExternal:
      overrides.openExternal ??
      (async (url) => {
        reportOpened(url);
      }),
    timeoutMs: 60_000,
    ...(overrides.clock ? { clock: overrides.clock } : {}),
  });
  const abort = new AbortController();
  const request: AuthWindowRequest = {
    authorizeUrl: AUTHORIZE_URL,
    redirectUri,
    expectedState: STATE,
    allowedOrigins: ['http://127.0.0.1:9010'],
    keepKakaoSession: false,
    signal: overrides.signal ?? abort.signal,
  };
  return { port, redirectUri, outcome: open(request), opened, abort };
}

describe('createSystemBrowserOpener', () => {
  it('listens before opening the browser, takes the code with our state, shows the close-tab page, then stops listening', async () => {
    const s = await start();
    expect(await s.opened).toBe(AUTHORIZE_URL);
    expect(await isPending(s.outcome)).toBe(true);

    const answer = await send(s.port, `/callback?code=THE-CODE&state=${STATE}`);
    expect(await s.outcome).toEqual({ kind: 'code', code: 'THE-CODE' });
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(answer.headers['cache-control']).toBe('no-store');
    expect(answer.headers['content-security-policy']).toMatch(/^default-src 'none'; style-src 'sha256-/);
    expect(answer.body).toContain('이 탭은 닫아도 됩니다');
    expect(answer.body).toContain('You can close this tab');
    expect(answer.body).not.toContain('THE-CODE');
    expect(answer.body).not.toContain(STATE);
    expect(await isListening(s.port)).toBe(false);
  });

  it('answers a redirect without this attempt’s state with a neutral page and keeps waiting', async () => {
    const s = await start();
    await s.opened;
    for (const query of [
      'code=EVIL&state=another-state',
      'code=EVIL',
      `code=EVIL&state=${STATE}&state=${STATE}`,
      'error=access_denied&state=another-state',
    ]) {
      const answer = await send(s.port, `/callback?${query}`);
      expect(answer.status).toBe(400);
      expect(answer.body).toContain('Nothing happened at this address');
      expect(answer.body).not.toContain('EVIL');
      expect(await isPending(s.outcome)).toBe(true);
    }
    await send(s.port, `/callback?code=GOOD&state=${STATE}`);
    expect(await s.outcome).toEqual({ kind: 'code', code: 'GOOD' });
  });

  it('turns error=access_denied into cancelled, and another Kakao error into kakao-error', async () => {
    const cancelled = await start();
    await cancelled.opened;
    const page = await send(cancelled.port, `/callback?error=access_denied&state=${STATE}`);
    expect(await cancelled.outcome).toEqual({ kind: 'cancelled' });
    expect(page.body).toContain('Sign-in was cancelled');

    const failed = await start();
    await failed.opened;
    const failedPage = await send(
      failed.port,
      `/callback?error=server_error&error_description=%3Cb%3Eboom&state=${STATE}`,
    );
    expect(await failed.outcome).toEqual({
      kind: 'kakao-error',
      error: 'server_error',
      description: '<b>boom',
    });
    expect(failedPage.body).toContain('Sign-in could not be completed');
    expect(failedPage.body).not.toContain('boom');
  });

  it('refuses a foreign Host header (DNS rebinding) without touching the attempt', async () => {
    const s = await start();
    await s.opened;
    for (const host of [
      'evil.example',
      `localhost:${s.port}`,
      `127.0.0.1:${s.port}.evil.example`,
      '127.0.0.1',
    ]) {
      const answer = await send(s.port, `/callback?code=C&state=${STATE}`, { host });
      expect(answer.status).toBe(421);
      expect(await isPending(s.outcome)).toBe(true);
    }
    s.abort.abort();
    expect(await s.outcome).toEqual({ kind: 'cancelled' });
  });

  it('answers other paths with 404 and anything but GET with 405, without touching the attempt', async () => {
    const s = await start();
    await s.opened;
    for (const path of [
      '/',
      '/favicon.ico',
      `/callback/x?code=C&state=${STATE}`,
      `//callback?code=C&state=${STATE}`,
    ]) {
      expect((await send(s.port, path)).status).toBe(404);
    }
    for (const method of ['POST', 'PUT', 'HEAD', 'OPTIONS']) {
      const answer = await send(s.port, `/callback?code=C&state=${STATE}`, { method });
      expect(answer.status).toBe(405);
      expect(answer.headers.allow).toBe('GET');
    }
    expect(await isPending(s.outcome)).toBe(true);
    s.abort.abort();
    expect(await s.outcome).toEqual({ kind: 'cancelled' });
  });

  it('lets only a top-level navigation carry the answer (Fetch Metadata), not a sub-resource a page aims at it', async () => {
    const s = await start();
    await s.opened;
    for (const headers of [
      { 'Sec-Fetch-Mode': 'no-cors', 'Sec-Fetch-Dest': 'image' },
      { 'Sec-Fetch-Mode': 'cors', 'Sec-Fetch-Dest': 'empty' },
      { 'Sec-Fetch-Mode': 'navigate', 'Sec-Fetch-Dest': 'iframe' },
    ]) {
      const answer = await send(s.port, `/callback?code=C&state=${STATE}`, { headers });
      expect(answer.status).toBe(400);
      expect(await isPending(s.outcome)).toBe(true);
    }
    await send(s.port, `/callback?code=NAV&state=${STATE}`, {
      headers: { 'Sec-Fetch-Mode': 'navigate', 'Sec-Fetch-Dest': 'document', 'Sec-Fetch-Site': 'cross-site' },
    });
    expect(await s.outcome).toEqual({ kind: 'code', code: 'NAV' });
  });

  it('ends as cancelled and stops listening when the app aborts', async () => {
    const s = await start();
    await s.opened;
    s.abort.abort();
    expect(await s.outcome).toEqual({ kind: 'cancelled' });
    expect(await isListening(s.port)).toBe(false);
  });

  it('does not open the browser when the signal is already aborted', async () => {
    const aborted = new AbortController();
    aborted.abort();
    const opened: string[] = [];
    const s = await start({ signal: aborted.signal, openExternal: async (url) => void opened.push(url) });
    expect(await s.outcome).toEqual({ kind: 'cancelled' });
    expect(opened).toEqual([]);
  });

  it('ends as timeout when the watchdog fires, and stops listening', async () => {
    const { clock, fireAll } = manualClock();
    const s = await start({ clock });
    await s.opened;
    expect(await isPending(s.outcome)).toBe(true);
    fireAll();
    expect(await s.outcome).toEqual({ kind: 'timeout' });
    expect(await isListening(s.port)).toBe(false);
  });

  it('reports a port already in use as system-browser-unavailable, without opening the browser', async () => {
    const port = await freeLoopbackPort();
    const blocker = createServer();
    blockers.push(blocker);
    await new Promise<void>((resolve) => blocker.listen({ host: '127.0.0.1', port }, resolve));
    const opened: string[] = [];
    const s = await start({ port, openExternal: async (url) => void opened.push(url) });
    expect(await s.outcome).toEqual({ kind: 'system-browser-unavailable', reason: 'port-in-use' });
    expect(opened).toEqual([]);
  });

  it('reports a browser that cannot be opened as system-browser-unavailable, and stops listening', async () => {
    const s = await start({ openExternal: () => Promise.reject(new Error('no default browser')) });
    expect(await s.outcome).toEqual({ kind: 'system-browser-unavailable', reason: 'open-failed' });
    expect(await isListening(s.port)).toBe(false);
  });

  it('frees the port for the next attempt on the same registered redirect URI', async () => {
    const first = await start();
    await first.opened;
    await send(first.port, `/callback?code=ONE&state=${STATE}`);
    expect(await first.outcome).toEqual({ kind: 'code', code: 'ONE' });

    const second = await start({ port: first.port });
    await second.opened;
    await send(second.port, `/callback?code=TWO&state=${STATE}`);
    expect(await second.outcome).toEqual({ kind: 'code', code: 'TWO' });
  });

  it('refuses a redirect URI that is not a loopback IP literal with an explicit port', async () => {
    const open = createSystemBrowserOpener({ openExternal: async () => {} });
    const request = (redirectUri: string): AuthWindowRequest => ({
      authorizeUrl: AUTHORIZE_URL,
      redirectUri,
      expectedState: STATE,
      allowedOrigins: [],
      keepKakaoSession: false,
      signal: new AbortController().signal,
    });
    await expect(open(request('http://localhost:9021/callback'))).rejects.toThrow(/loopback IP literal/);
    await expect(open(request('http://127.0.0.1/callback'))).rejects.toThrow(/port/);
  });
});
