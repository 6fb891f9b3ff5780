/**
 * Server-Sent Events to the shell's open tabs: the browser's side of `webContents.send`. Each tab keeps one
 * stream (`GET /api/events`); a state change or a "open Kakao's page" request goes to every tab.
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html
 */
import type { ServerResponse } from 'node:http';

export type ShellEvent = { name: 'state'; data: unknown } | { name: 'open-sign-in'; data: { url: string } };

export interface EventStreams {
  /** Takes over the response as an event stream until the tab goes away. */
  attach(response: ServerResponse, first?: ShellEvent): void;
  /** Sends to every open tab; returns how many tabs it reached. */
  broadcast(event: ShellEvent): number;
  /** Ends every stream (shutdown). */
  closeAll(): void;
}

/** One SSE frame. JSON has no raw newlines, so `data:` is always a single line. */
export function formatEvent(event: ShellEvent): string {
  return `event: ${event.name}\ndata: ${JSON.stringify(event.data)}\n\n`;
}

export function createEventStreams(options: { keepAliveMs?: number } = {}): EventStreams {
  const open = new Set<ServerResponse>();
  // A comment line now and then, so idle proxies and the browser keep the stream open.
  const keepAlive = setInterval(() => {
    for (const response of open) response.write(': keep-alive\n\n');
  }, options.keepAliveMs ?? 15_000);
  keepAlive.unref();
  return {
    attach(response, first) {
      response.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
      });
      response.write('retry: 1000\n\n');
      if (first) response.write(formatEvent(first));
      open.add(response);
      response.on('close', () => open.delete(response));
    },
    broadcast(event) {
      const frame = formatEvent(event);
      for (const response of open) response.write(frame);
      return open.size;
    },
    closeAll() {
      clearInterval(keepAlive);
      for (const response of open) response.end();
      open.clear();
    },
  };
}
