import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import Fastify, {
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import type { EmulatorContext, LoggedRequest } from './context';
import { isKauthPath, KAUTH_CONTENT_TYPE, koeBody, sendKapi, sendKoe } from './errors';
import type { Fault } from './faults';
import { rfc3339 } from './profile';
import { authorizeRoutes } from './routes/authorize';
import { CONTROL_PREFIX, controlRoutes } from './routes/control';
import { logoutRoutes } from './routes/logout';
import { oidcRoutes } from './routes/oidc';
import { scopeRoutes } from './routes/scopes';
import { serviceTermsRoutes } from './routes/service-terms';
import { tokenRoutes } from './routes/token';
import { userRoutes } from './routes/user';
import { userManagementRoutes } from './routes/user-management';

/** Kakao's requests are small forms; anything bigger is refused with 413 before it is buffered. */
export const BODY_LIMIT_BYTES = 64 * 1024;
const REQUEST_LOG_LIMIT = 1000;

declare module 'fastify' {
  interface FastifyRequest {
    emulatorLogEntry?: LoggedRequest;
  }
}

export interface BuildAppOptions {
  /** One line per answered request (method, path, status): never query strings, so no codes or tokens. */
  log?: (line: string) => void;
}

function pathOf(url: string): string {
  const index = url.indexOf('?');
  return index === -1 ? url : url.slice(0, index);
}

/** Builds the Fastify instance serving kauth + kapi + the control API from one origin. */
export async function buildApp(
  ctx: EmulatorContext,
  options: BuildAppOptions = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    // A URL that does not decode (`/v2/user/%`) fails before routing: answer it in Kakao's shape too.
    frameworkErrors: (error, request, reply) => sendError(error, request, reply),
    bodyLimit: BODY_LIMIT_BYTES,
    // `hang` faults keep connections open; close() must still end them.
    forceCloseConnections: true,
    return503OnClosing: false,
  });
  await app.register(formbody, { bodyLimit: BODY_LIMIT_BYTES });
  // An empty JSON body (common in test helpers calling POST /__emulator/reset) means "no body", not an error.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    if (body === '') done(null, undefined);
    else parseJson(request, body.toString(), done);
  });
  await app.register(cookie);

  // --- Request log and faults (control calls excluded) ---

  app.addHook('onRequest', async (request, reply) => {
    const path = pathOf(request.url);
    if (path.startsWith(CONTROL_PREFIX)) return;
    const entry: LoggedRequest = {
      method: request.method,
      path,
      query: { ...(request.query as Record<string, unknown>) },
      headers: { ...request.headers },
      body: null,
      at: rfc3339(ctx.store.now()),
    };
    request.emulatorLogEntry = entry;
    ctx.requests.push(entry);
    if (ctx.requests.length > REQUEST_LOG_LIMIT) ctx.requests.shift();

    const fault = ctx.faults.take(path);
    if (fault) return applyFault(fault, reply);
  });

  app.addHook('preHandler', async (request) => {
    if (request.emulatorLogEntry && request.body !== undefined) request.emulatorLogEntry.body = request.body;
  });

  if (options.log) {
    const log = options.log;
    app.addHook('onResponse', async (request, reply) => {
      log(`${request.method} ${pathOf(request.url)} → ${reply.statusCode}`);
    });
  }

  // --- Errors: Kakao-shaped, never a stack trace ---

  function sendError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
    const clientError = error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500;
    const status = clientError ? error.statusCode! : 500;
    const message = clientError ? describeClientError(error) : 'internal error';
    if (!clientError)
      options.log?.(`internal error on ${request.method} ${pathOf(request.url)}: ${error.message}`);
    const path = pathOf(request.url);
    if (path.startsWith(CONTROL_PREFIX)) {
      return reply.code(status).type(KAUTH_CONTENT_TYPE).send({ error: 'invalid_request', message });
    }
    if (isKauthPath(path)) {
      return reply
        .code(status)
        .type(KAUTH_CONTENT_TYPE)
        .send(clientError ? koeBody('KOE001', message) : koeBody('KOE003'));
    }
    return sendKapi(reply, clientError ? -2 : -1, message, {}, status);
  }
  app.setErrorHandler(sendError);

  app.setNotFoundHandler((request, reply) => {
    const path = pathOf(request.url);
    if (path.startsWith(CONTROL_PREFIX)) {
      return reply
        .code(404)
        .send({ error: 'not_found', message: `no control route ${request.method} ${path}` });
    }
    if (isKauthPath(path)) return sendKoe(reply, 'KOE002', `wrong URL: ${request.method} ${path}`, 404);
    return sendKapi(reply, -2, `unknown API: ${request.method} ${path}`, {}, 404);
  });

  authorizeRoutes(app, ctx);
  tokenRoutes(app, ctx);
  oidcRoutes(app, ctx);
  userRoutes(app, ctx);
  userManagementRoutes(app, ctx);
  scopeRoutes(app, ctx);
  serviceTermsRoutes(app, ctx);
  logoutRoutes(app, ctx);
  controlRoutes(app, ctx);
  return app;
}

function describeClientError(error: FastifyError): string {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return `request body larger than ${BODY_LIMIT_BYTES} bytes`;
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return 'unsupported Content-Type: use application/x-www-form-urlencoded or application/json';
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'malformed JSON body';
    default:
      return error.message.split('\n')[0] ?? 'bad request';
  }
}

const HANG = new Promise<never>(() => {});

async function applyFault(fault: Fault, reply: FastifyReply): Promise<unknown> {
  switch (fault.kind) {
    case 'latency':
      await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
      return undefined;
    case 'hang':
      // Never answer; close() ends the connection (forceCloseConnections).
      reply.hijack();
      return HANG;
    case 'http_status':
      return reply
        .code(fault.status!)
        .type('text/html; charset=utf-8')
        .send(
          `<html><body><h1>${fault.status}</h1><p>Kakao emulator: injected HTTP ${fault.status}</p></body></html>`,
        );
    case 'kakao_error': {
      const code = String(fault.code);
      if (code.startsWith('KOE')) return sendKoe(reply, code);
      return sendKapi(
        reply,
        Number(code),
        undefined,
        fault.requiredScopes ? { required_scopes: fault.requiredScopes } : {},
      );
    }
  }
}
