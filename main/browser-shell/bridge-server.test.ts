/**
 * The bridge over real HTTP on a random loopback port, with the production handler map and a recording
 * session: every refused request is answered with its 4xx and reaches no handler.
 */

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SessionState, SignInOptions } from '@kakao-desktop/contract';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MemoryPreferences } from '../../test/helpers/fakes/memory-preferences';
import { createDesktopIpcHandlers } from '../ipc/desktop-handlers';
import { type BridgeServer, startBridgeServer } from './bridge-server';
import { createStaticSite } from './static-files';

const KEY = 'test-key-0123456789abcdefghijklmnopqrstuvwxyz';
const INDEX = `<!doctype html><html><head><title>t</title></head><body><script type="module" src="./assets/a.js"></script></body></html>`;

/** A session that records what reached it. */
class RecordingSession {
  calls: string[] = [];
  state: SessionState = { kind: 'signed-out', persistence: 'keychain' };
  private listeners = new Set<(state: SessionState) => void>();
  async signIn(options: SignInOptions) {
    this.calls.push(`signIn ${JSON.stringify(options)}`);
    return { ok: true as const, value: this.state };
  }
  async signOut() {
    this.calls.push('signOut');
    return this.state;
  }
  getState() {
    return this.state;
  }
  subscribe(listener: (state: SessionState) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  emit(state: SessionState) {
    this.state = state;
    for (const listener of this.listeners) listener(state);
  }
  getStaySignedInToKakao() {
    return false;
  }
  async setStaySignedInToKakao(value: boolean) {
    this.calls.push(`setStaySignedInToKakao ${value}`);
  }
}

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

let server: BridgeServer;
let session: RecordingSession;
let dir: string;
let preferences: MemoryPreferences;

function send(options: {
  method?: string;
  path: string;
  headers?: Record<string, string | undefined>;
  body?: string;
}): Promise<Answer> {
  const url = new URL(server.origin);
  const headers = Object.fromEntries(
    Object.entries({ host: url.host, ...options.headers }).filter(([, v]) => v !== undefined),
  ) as Record<string, string>;
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port: url.port, method: options.method ?? 'GET', path: options.path, headers },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => {
          body += chunk.toString();
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A call as the page makes it; `change` overrides one header at a time. */
function call(channel: string, args: unknown = [], change: Record<string, string | undefined> = {}) {
  return send({
    method: 'POST',
    path: `/api/${channel}`,
    headers: { origin: server.origin, 'content-type': 'application/json', 'x-shell-key': KEY, ...change },
    body: typeof args === 'string' ? args : JSON.stringify(args),
  });
}

/** The bridge's own rules are under test here; an account call reaching this would be a refusal that failed. */
const neverCalled = async (): Promise<never> => {
  throw new Error('an account call reached the handlers');
};
const accountNeverCalled = {
  listDevices: neverCalled,
  signOutDevice: neverCalled,
  deleteAccount: neverCalled,
  requestConsent: neverCalled,
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shell-site-'));
  await writeFile(join(dir, 'index.html'), INDEX);
  await writeFile(join(dir, 'secret.txt'), 'not served: not a type we serve');
  session = new RecordingSession();
  preferences = new MemoryPreferences();
  server = await startBridgeServer({
    key: KEY,
    port: 0,
    session,
    site: await createStaticSite(dir, 'window.bridge = 1;'),
    handlers: (browserShellOrigin) =>
      createDesktopIpcHandlers({
        session,
        kakaoSession: session,
        account: accountNeverCalled,
        preferences,
        renderer: { browserShellOrigin, indexHtmlPath: join(dir, 'index.html') },
        appInfo: { name: 'kakao-desktop', version: '0.0.0-test' },
      }),
  });
});

afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

beforeEach(() => {
  session.calls = [];
});

describe('browser shell bridge: serving the page', () => {
  it('serves index.html with the bridge script before the renderer, and refuses framing', async () => {
    const page = await send({ path: '/' });
    expect(page.status).toBe(200);
    expect(page.body.indexOf('<script src="./browser-bridge.js"></script>')).toBeGreaterThan(0);
    expect(page.body.indexOf('browser-bridge.js')).toBeLessThan(page.body.indexOf('type="module"'));
    expect(page.headers['content-security-policy']).toBe("frame-ancestors 'none'");
    expect((await send({ path: '/browser-bridge.js' })).body).toBe('window.bridge = 1;');
  });

  it.each(['/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fetc%2fpasswd', '/secret.txt', '/nope.js', '/%E0%A4%A'])(
    'answers 404 for %s',
    async (path) => {
      expect((await send({ path })).status).toBe(404);
    },
  );

  it('refuses a foreign Host even for the page (DNS rebinding)', async () => {
    const page = await send({ path: '/', headers: { host: 'rebind.example:80' } });
    expect(page.status).toBe(421);
    expect(page.body).not.toContain('<script');
  });
});

describe('browser shell bridge: calls', () => {
  it('answers a call through the production handlers', async () => {
    const state = await call('session:get-state');
    expect(state.status).toBe(200);
    expect(JSON.parse(state.body)).toEqual({ kind: 'signed-out', persistence: 'keychain' });
    const signIn = await call('session:sign-in', [{ prompt: 'login' }]);
    expect(JSON.parse(signIn.body)).toMatchObject({ ok: true });
    expect(session.calls).toEqual(['signIn {"prompt":"login"}']);
    expect(state.headers['cache-control']).toBe('no-store');
  });

  it.each([
    ['a wrong key', { 'x-shell-key': 'wrong-key-0123456789abcdefghijklmnopqrstuvwxy' }, 401, 'bad_key'],
    ['no key', { 'x-shell-key': undefined }, 401, 'bad_key'],
    ['a foreign Origin', { origin: 'https://evil.example' }, 403, 'foreign_origin'],
    ['no Origin', { origin: undefined }, 403, 'missing_origin'],
    ['a foreign Host', { host: 'rebind.example:9030' }, 421, 'foreign_host'],
    ['a form post', { 'content-type': 'application/x-www-form-urlencoded' }, 415, 'unsupported_media_type'],
  ])('refuses %s with a clear 4xx and no state change', async (_name, change, status, code) => {
    const before = preferences.get();
    for (const [channel, args] of [
      ['session:sign-in', []],
      ['session:sign-out', []],
      ['preferences:set-language', ['en']],
      ['preferences:set-stay-signed-in-to-kakao', [true]],
    ] as const) {
      const answer = await call(channel, args, change);
      expect(answer.status).toBe(status);
      expect(JSON.parse(answer.body)).toEqual({ code, message: expect.any(String) });
    }
    expect(session.calls).toEqual([]);
    expect(preferences.get()).toEqual(before);
  });

  it.each([
    ['not JSON', '{', 400, 'malformed_call'],
    ['an object, not an argument list', '{"prompt":"login"}', 400, 'malformed_call'],
    ['a body over 16 KiB', JSON.stringify(['x'.repeat(20_000)]), 413, 'payload_too_large'],
  ])('refuses %s', async (_name, body, status, code) => {
    const answer = await call('session:sign-in', body);
    expect(answer.status).toBe(status);
    expect(JSON.parse(answer.body)).toMatchObject({ code });
    expect(session.calls).toEqual([]);
  });

  it('passes arguments to the same validation as IPC: a bad shape is a typed invalid_argument', async () => {
    const answer = await call('session:sign-in', [{ prompt: 'none', extra: 1 }]);
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toMatchObject({ ok: false, code: 'invalid_argument' });
    expect((await call('preferences:set-language', ['fr'])).body).toContain('invalid_argument');
    expect(session.calls).toEqual([]);
    expect(preferences.get().language).toBeNull();
  });

  it('answers 404 for a channel the contract does not have, and 405 for GET', async () => {
    expect((await call('session:steal-token')).status).toBe(404);
    expect((await call('__proto__')).status).toBe(404);
    expect((await send({ path: '/api/session:get-state' })).status).toBe(405);
  });
});

describe('browser shell bridge: the event stream', () => {
  function openStream(path: string, headers: Record<string, string> = {}) {
    const url = new URL(server.origin);
    return new Promise<{ status: number; next(): Promise<string>; close(): void }>((resolve, reject) => {
      const req = httpRequest(
        { host: '127.0.0.1', port: url.port, path, headers: { host: url.host, ...headers } },
        (res) => {
          let buffer = '';
          const waiting: ((frame: string) => void)[] = [];
          res.on('data', (chunk: Buffer) => {
            buffer += chunk.toString();
            let end = buffer.indexOf('\n\n');
            while (end >= 0 && waiting.length > 0) {
              const frame = buffer.slice(0, end);
              buffer = buffer.slice(end + 2);
              if (frame.startsWith('event:')) waiting.shift()!(frame);
              end = buffer.indexOf('\n\n');
            }
          });
          resolve({
            status: res.statusCode ?? 0,
            next: () =>
              new Promise((r) => {
                waiting.push(r);
                res.emit('data', Buffer.alloc(0));
              }),
            close: () => req.destroy(),
          });
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  it('refuses a wrong key, a foreign Origin and a foreign Host', async () => {
    expect((await send({ path: '/api/events?k=wrong' })).status).toBe(401);
    expect(
      (await send({ path: `/api/events?k=${KEY}`, headers: { origin: 'https://evil.example' } })).status,
    ).toBe(403);
    expect((await send({ path: `/api/events?k=${KEY}`, headers: { host: 'rebind.example' } })).status).toBe(
      421,
    );
  });

  it('sends the current state, then each change rebuilt field by field (no stray field crosses)', async () => {
    const stream = await openStream(`/api/events?k=${KEY}`);
    expect(stream.status).toBe(200);
    expect(await stream.next()).toBe('event: state\ndata: {"kind":"signed-out","persistence":"keychain"}');
    const leaky = {
      kind: 'signed-in',
      persistence: 'keychain',
      profile: {
        id: 'u1',
        kakao_id: '1001',
        nickname: 'Kim',
        email: null,
        email_verified: false,
        profile_image_url: null,
        thumbnail_image_url: null,
        name: null,
        age_range: null,
        created_at: '2026-01-01T00:00:00Z',
        access_token: 'leak',
      },
      refreshToken: 'leak',
    } as unknown as SessionState;
    const changed = stream.next();
    session.emit(leaky);
    const frame = await changed;
    expect(frame).toMatch(/^event: state\ndata: \{"kind":"signed-in"/);
    expect(frame).not.toContain('leak');
    const opened = stream.next();
    expect(server.openInTabs('https://kauth.example/oauth/authorize?x=1')).toBe(1);
    expect(await opened).toBe(
      'event: open-sign-in\ndata: {"url":"https://kauth.example/oauth/authorize?x=1"}',
    );
    stream.close();
    session.emit({ kind: 'signed-out', persistence: 'keychain' });
  });
});
