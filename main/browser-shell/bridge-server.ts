/**
 * The browser shell's HTTP edge: what main/electron/ipc.ts is to Electron. It serves the built renderer,
 * answers `POST /api/<channel>` with the one handler map (main/ipc/desktop-handlers.ts) and pushes state
 * changes on `GET /api/events`, rebuilt by `toRendererState` as IPC does. Listens on 127.0.0.1 only; every
 * request passes request-guard.ts first, and a refused one never reaches a handler.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { INVOKE_CHANNELS, type InvokeChannel, type SessionState } from '@kakao-desktop/contract';
import type { IpcHandlers } from '../ipc/ipc-handlers';
import { toRendererState } from '../ipc/session-ipc';
import { createEventStreams } from './event-stream';
import { checkBridgeRequest, checkHost, type GuardResult, type ShellIdentity } from './request-guard';
import type { StaticSite } from './static-files';

/** The biggest call body we read: the largest real one (`signIn({prompt})`) is a few dozen bytes. */
const MAX_BODY_BYTES = 16 * 1024;

export interface BridgeServerOptions {
  /** Built once the origin is known (the port may be 0 = any free one): the handlers trust only that origin. */
  handlers: (shellOrigin: string) => IpcHandlers;
  session: { getState(): SessionState; subscribe(listener: (state: SessionState) => void): () => void };
  site: StaticSite;
  /** The per-launch key. */
  key: string;
  port: number;
  /** Event names and codes only, never a key or a URL with one. */
  log?: (line: string) => void;
}

export interface BridgeServer {
  /** `http://127.0.0.1:<port>`. */
  origin: string;
  /** What `npm start` prints once: the origin with the key in the fragment. */
  launchUrl: string;
  /** Asks every open tab to open `url` (Kakao's authorize page) in a new tab; returns how many tabs were told. */
  openInTabs(url: string): number;
  close(): Promise<void>;
}

const COMMON_HEADERS = {
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  // No other page may frame the app (clickjacking); a <meta> CSP cannot say this, a header can.
  'content-security-policy': "frame-ancestors 'none'",
  'x-frame-options': 'DENY',
  'cache-control': 'no-store',
};

type Problem = { status: number; code: string; message: string };
const INTERNAL: Problem = {
  status: 500,
  code: 'internal',
  message: 'Something went wrong. Please try again.',
};

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { ...COMMON_HEADERS, 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

function sendProblem(response: ServerResponse, problem: Problem): void {
  sendJson(response, problem.status, { code: problem.code, message: problem.message });
}

const refused = (result: Exclude<GuardResult, { ok: true }>): Problem => result;

/** The body as text, or a problem when it is too large (read to the end and dropped, so the answer arrives). */
function readBody(request: IncomingMessage): Promise<string | Problem> {
  const tooLarge = { status: 413, code: 'payload_too_large', message: 'The call is too large.' };
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on('end', () =>
      resolve(size > MAX_BODY_BYTES ? tooLarge : Buffer.concat(chunks).toString('utf8')),
    );
    request.on('error', reject);
  });
}

/** The arguments of a call: a JSON array (the IPC argument list). Their shapes are the handlers' business. */
export function parseCallBody(text: string): unknown[] | Problem {
  const malformed = { status: 400, code: 'malformed_call', message: 'A call body must be a JSON array.' };
  if (text.trim() === '') return [];
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return malformed;
  }
  return Array.isArray(value) ? value : malformed;
}

const isProblem = (value: unknown): value is Problem =>
  typeof value === 'object' && value !== null && 'status' in value && 'code' in value;

export async function startBridgeServer(options: BridgeServerOptions): Promise<BridgeServer> {
  const log = options.log ?? (() => {});
  const streams = createEventStreams();
  let identity: ShellIdentity | undefined;
  let handlers: IpcHandlers | undefined;

  async function handleCall(request: IncomingMessage, response: ServerResponse, channelName: string) {
    const id = identity!;
    if (request.method !== 'POST')
      return sendProblem(response, { status: 405, code: 'method_not_allowed', message: 'Calls are POST.' });
    const guard = checkBridgeRequest(
      {
        method: 'POST',
        host: request.headers.host,
        origin: request.headers.origin,
        contentType: request.headers['content-type'],
        key: request.headers['x-shell-key'] as string | undefined,
      },
      id,
    );
    if (!guard.ok) {
      log(`[shell] refused a call: ${guard.code}`);
      return sendProblem(response, refused(guard));
    }
    const channel = INVOKE_CHANNELS.find((c): c is InvokeChannel => c === channelName);
    if (!channel)
      return sendProblem(response, { status: 404, code: 'unknown_channel', message: 'No such call.' });
    const body = await readBody(request);
    if (isProblem(body)) return sendProblem(response, body);
    const args = parseCallBody(body);
    if (isProblem(args)) return sendProblem(response, args);
    try {
      // The page's own origin is the sender: the guard above is what proves it.
      const result = await handlers![channel]({ frameUrl: `${id.origin}/`, isMainFrame: true }, ...args);
      sendJson(response, 200, result);
    } catch (error) {
      log(`[shell] ${channel} failed: ${error instanceof Error ? error.name : typeof error}`);
      sendProblem(response, INTERNAL);
    }
  }

  async function handleEvents(request: IncomingMessage, response: ServerResponse, url: URL) {
    if (request.method !== 'GET')
      return sendProblem(response, { status: 405, code: 'method_not_allowed', message: 'Events are GET.' });
    const guard = checkBridgeRequest(
      {
        method: 'GET',
        host: request.headers.host,
        origin: request.headers.origin,
        key: url.searchParams.get('k'),
      },
      identity!,
    );
    if (!guard.ok) {
      log(`[shell] refused the event stream: ${guard.code}`);
      return sendProblem(response, refused(guard));
    }
    streams.attach(response, { name: 'state', data: toRendererState(options.session.getState()) });
  }

  async function handleFile(request: IncomingMessage, response: ServerResponse, url: URL) {
    const guard = checkHost(request.headers.host, identity!);
    if (!guard.ok) return sendProblem(response, refused(guard));
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return sendProblem(response, { status: 405, code: 'method_not_allowed', message: 'Only GET here.' });
    const file = await options.site.read(url.pathname);
    if (!file) return sendProblem(response, { status: 404, code: 'not_found', message: 'Not found.' });
    response.writeHead(200, { ...COMMON_HEADERS, 'content-type': file.contentType });
    response.end(request.method === 'HEAD' ? undefined : file.body);
  }

  const server = createServer((request, response) => {
    let url: URL;
    try {
      url = new URL(request.url ?? '/', identity!.origin);
    } catch {
      return sendProblem(response, { status: 400, code: 'bad_request', message: 'Bad request.' });
    }
    const done = url.pathname.startsWith('/api/')
      ? url.pathname === '/api/events'
        ? handleEvents(request, response, url)
        : handleCall(request, response, url.pathname.slice('/api/'.length))
      : handleFile(request, response, url);
    done.catch((error: unknown) => {
      log(`[shell] request failed: ${error instanceof Error ? error.name : typeof error}`);
      if (!response.headersSent) sendProblem(response, INTERNAL);
      else response.destroy();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  identity = { origin: `http://127.0.0.1:${port}`, key: options.key };
  handlers = options.handlers(identity.origin);
  const unsubscribe = options.session.subscribe((state) => {
    try {
      streams.broadcast({ name: 'state', data: toRendererState(state) });
    } catch (error) {
      // A state that does not rebuild (a profile off-contract) is not sent at all.
      log(`[shell] state not sent: ${error instanceof Error ? error.name : typeof error}`);
    }
  });

  return {
    origin: identity.origin,
    launchUrl: `${identity.origin}/#k=${options.key}`,
    openInTabs: (url) => streams.broadcast({ name: 'open-sign-in', data: { url } }),
    async close() {
      unsubscribe();
      streams.closeAll();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
