/**
 * Slow clients (slowloris): a request whose body or headers trickle in byte by byte is answered 408 request_timeout
 * and its connection closed, on a real listening server with a raw socket. Timeouts are short here
 * (REQUEST_TIMEOUT_MS / HEADERS_TIMEOUT_MS); the test asserts the outcome, not how fast it came.
 */
import { connect, type Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app';
import { loadConfig } from '../src/config';
import { createTestDatabase, type TestDatabase } from './helpers/databases';
import { TEST_ENV } from './helpers/harness';

let db: TestDatabase;
let app: FastifyInstance;
let port: number;

beforeAll(async () => {
  db = await createTestDatabase('pglite');
  const config = loadConfig({ ...TEST_ENV, REQUEST_TIMEOUT_MS: '1000', HEADERS_TIMEOUT_MS: '500' });
  app = await buildApp(config, { database: db.database, logger: pino({ level: 'silent' }) });
  await app.listen({ port: 0, host: '127.0.0.1' });
  port = (app.server.address() as { port: number }).port;
});

afterAll(async () => {
  await app?.close();
  await db?.dispose();
});

/**
 * Opens a raw connection, writes `head` at once, then `trickle` one byte every 100 ms (a safety cap fails the test
 * after 15 s). Resolves with everything the server sent once it closes the connection.
 */
function trickle(head: string, trickle: string): Promise<{ response: string; bytesTrickled: number }> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect(port, '127.0.0.1');
    let response = '';
    let sent = 0;
    let timer: NodeJS.Timeout | undefined;
    const cap = setTimeout(() => socket.destroy(new Error('the server never closed the connection')), 15_000);
    socket.setEncoding('utf8');
    socket.on('connect', () => {
      socket.write(head);
      timer = setInterval(() => {
        if (socket.destroyed || !socket.writable) return;
        // Never finish the request: stop one byte short and keep the connection open.
        if (sent < trickle.length - 1) socket.write(trickle[sent++]!);
      }, 100);
    });
    socket.on('data', (chunk: string) => {
      response += chunk;
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      // A reset after the server's answer still counts as closed; anything else is a failure.
      if (error.code !== 'ECONNRESET' && error.code !== 'EPIPE') reject(error);
    });
    socket.on('close', () => {
      clearInterval(timer);
      clearTimeout(cap);
      resolve({ response, bytesTrickled: sent });
    });
  });
}

function expect408(response: string) {
  const [head = '', body = ''] = response.split('\r\n\r\n');
  expect(head).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
  expect(head).toMatch(/\r\ncontent-type: application\/problem\+json\r\n/i);
  expect(head).toMatch(/\r\nconnection: close(\r\n|$)/i);
  expect(JSON.parse(body)).toMatchObject({ status: 408, code: 'request_timeout' });
}

describe('slow requests', () => {
  it('answers a body trickled one byte at a time with 408 and closes the connection', async () => {
    const body = JSON.stringify({ refresh_token: 'x'.repeat(200) });
    const head =
      'POST /auth/refresh HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
      `Content-Length: ${body.length}\r\n\r\n`;
    const { response, bytesTrickled } = await trickle(head, body);
    expect408(response);
    // The server gave up while the body was still arriving (it never got the whole request).
    expect(bytesTrickled).toBeLessThan(body.length);
  });

  it('answers headers trickled one byte at a time with 408 and closes the connection', async () => {
    const headers = `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ${'a'.repeat(200)}\r\n\r\n`;
    const { response } = await trickle('', headers);
    expect408(response);
  });

  it('answers oversized headers with a 431 problem and a malformed request line with a 400 problem', async () => {
    const huge = `GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`;
    const big = (await trickle(huge, '')).response;
    expect(big).toMatch(/^HTTP\/1\.1 431 /);
    expect(JSON.parse(big.split('\r\n\r\n')[1]!)).toMatchObject({ status: 431, code: 'headers_too_large' });

    const garbage = (await trickle('NOT HTTP AT ALL\r\n\r\n', '')).response;
    expect(garbage).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(garbage.split('\r\n\r\n')[1]!)).toMatchObject({ status: 400, code: 'invalid_request' });
  });

  it('still answers a request that arrives at once', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(res.status).toBe(200);
  });
});
