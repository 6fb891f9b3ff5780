/**
 * A tiny real HTTP server on a random loopback port, standing in for the companion backend in the desktop
 * client's tests: it records every request and answers with whatever handler the test set last.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TokenResponse } from '@kakao-desktop/contract';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { fakeProfile } from './fakes/profile';

export type CannedHandler = (req: IncomingMessage, res: ServerResponse, body: string) => void;

export interface RecordedRequest {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface CannedBackend {
  readonly baseUrl: string;
  /** Every request since the last test, in order. */
  readonly received: RecordedRequest[];
  /** Answers every following request. */
  answer(handler: CannedHandler): void;
  /** Never answers `res` (closed after the test): a backend that hangs. */
  hang(res: ServerResponse): void;
}

/** Registers the server's lifecycle hooks in the calling test file. */
export function cannedBackend(): CannedBackend {
  let server: Server;
  let baseUrl = '';
  let handler: CannedHandler = (_req, res) => res.end();
  const received: RecordedRequest[] = [];
  const hanging = new Set<ServerResponse>();

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => {
        body += chunk;
      });
      req.on('end', () => {
        received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
        handler(req, res, body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(() => {
    received.length = 0;
    for (const res of hanging) res.destroy();
    hanging.clear();
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  return {
    get baseUrl() {
      return baseUrl;
    },
    received,
    answer(next) {
      handler = next;
    },
    hang(res) {
      hanging.add(res);
    },
  };
}

export function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** A token response as the backend sends it, `Bearer` (unbound) or `DPoP` (bound to the client's key). */
export function tokenResponse(
  type: TokenResponse['token_type'] = 'Bearer',
  accessToken = 'at-1',
): TokenResponse {
  return {
    access_token: accessToken,
    token_type: type,
    expires_in: 900,
    refresh_token: 'rt-2',
    refresh_token_expires_in: 3600,
    session_id: 'sess-1',
    user: fakeProfile(),
  };
}

/** The error a call rejected with; fails the test when it resolved. */
export async function failure<E = unknown>(promise: Promise<unknown>): Promise<E> {
  try {
    await promise;
  } catch (error) {
    return error as E;
  }
  throw new Error('expected the call to fail');
}
