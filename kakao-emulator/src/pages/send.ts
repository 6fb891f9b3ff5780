import type { FastifyReply } from 'fastify';
import { KOE } from '../errors';
import { errorPage } from './pages';

/** Sends an emulator page: no caching, no framing, no scripts. */
export function sendPage(reply: FastifyReply, status: number, page: string): FastifyReply {
  return reply
    .code(status)
    .type('text/html; charset=utf-8')
    .header('Cache-Control', 'no-store')
    .header('X-Frame-Options', 'DENY')
    .header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
    .send(page);
}

/** A KOE error page: shown instead of redirecting when the redirect target cannot be trusted. */
export function koePage(reply: FastifyReply, code: string, description?: string): FastifyReply {
  const entry = KOE[code] ?? { error: 'invalid_request', status: 400, description: 'Bad request' };
  return sendPage(reply, entry.status, errorPage(code, entry.error, description ?? entry.description));
}
