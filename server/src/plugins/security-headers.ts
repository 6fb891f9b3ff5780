/**
 * Security headers, computed once at start: they are static, and building them per request showed on the refresh
 * hot path (bench/README.md).
 *
 * JSON responses get the set OWASP's REST Security Cheat Sheet names for APIs, with `Cache-Control: no-store` that
 * RFC 6749 §5.1 requires on token responses (a cached token response is a leaked token). helmet's other defaults
 * (X-DNS-Prefetch-Control, X-Download-Options, Origin-Agent-Cluster, …) only mean something for HTML documents, so
 * only the HTML pages under /docs get helmet's full set. A route may still override a header (the JWKS is cacheable).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyInstance } from 'fastify';
import helmet from 'helmet';

export const API_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'cross-origin-resource-policy': 'same-origin',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
};

/** helmet's defaults, for HTML pages, collected by running its middleware once against a fake response. */
function helmetDefaults(): Record<string, string> {
  const headers: Record<string, string> = {};
  const collect = {
    setHeader: (name: string, value: string) => {
      headers[name.toLowerCase()] = value;
    },
    removeHeader: () => {},
  };
  helmet()({} as IncomingMessage, collect as unknown as ServerResponse, (error?: unknown) => {
    if (error) throw error;
  });
  return headers;
}

/** Adds the headers to every response: helmet's set under `htmlPrefix`, the API set elsewhere. */
export function registerSecurityHeaders(app: FastifyInstance, htmlPrefix: string): void {
  const html = helmetDefaults();
  app.addHook('onRequest', (request, reply, done) => {
    reply.headers(request.url.startsWith(htmlPrefix) ? html : API_SECURITY_HEADERS);
    done();
  });
}
