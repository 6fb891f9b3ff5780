/**
 * Every error leaves as RFC 9457 problem details with a stable `code`; never a stack trace. Client mistakes
 * (bad JSON, wrong content type, too large, failed validation) are 4xx; only our own bugs are 500.
 */
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import { PROBLEM_CONTENT_TYPE } from '@kakao-desktop/contract';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { databaseUnavailableError } from '../db/unavailable';
import { describeFailure, isOurMisconfiguration, KakaoError, mapKakaoFailure } from '../kakao/errors';
import { errorForLog } from '../logger';
import { ApiError } from '../problem';

export function sendProblem(reply: FastifyReply, error: ApiError): FastifyReply {
  const problem = error.toProblem();
  if (problem.retry_after !== undefined) reply.header('retry-after', String(problem.retry_after));
  if (error.options.headers) reply.headers(error.options.headers);
  return reply.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(problem);
}

function toApiError(error: unknown, request: FastifyRequest): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof KakaoError) {
    if (isOurMisconfiguration(error.failure)) {
      request.log.error(
        { kakaoEndpoint: error.endpoint, kakaoFailure: describeFailure(error.failure) },
        'Kakao rejected our client credentials: check KAKAO_CLIENT_ID / KAKAO_CLIENT_SECRET / KAKAO_ADMIN_KEY',
      );
    } else {
      request.log.warn(
        { kakaoEndpoint: error.endpoint, kakaoFailure: describeFailure(error.failure) },
        'Kakao call failed',
      );
    }
    return mapKakaoFailure(error.failure);
  }
  const e = error as FastifyError;
  if (hasZodFastifySchemaValidationErrors(e)) {
    return new ApiError(400, 'invalid_request', {
      detail: 'The request failed validation.',
      errors: e.validation.map((v) => ({
        path: v.instancePath.replace(/^\//, '').replaceAll('/', '.') || (e.validationContext ?? 'body'),
        message: v.message ?? 'invalid',
      })),
    });
  }
  switch (e.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new ApiError(413, 'payload_too_large', { detail: 'The request body is too large.' });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return e.statusCode === 415
        ? new ApiError(415, 'unsupported_media_type', { detail: 'Send the body as application/json.' })
        : new ApiError(400, 'invalid_request', { detail: e.message });
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new ApiError(400, 'invalid_request', { detail: 'The request body is not valid JSON.' });
  }
  if (e.statusCode === 415)
    return new ApiError(415, 'unsupported_media_type', { detail: 'Unsupported content type.' });
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    // Any other framework-detected client mistake (bad header, bad URL encoding…).
    return new ApiError(400, 'invalid_request', { detail: 'The request is malformed.' });
  }
  const unavailable = databaseUnavailableError(error);
  if (unavailable) {
    // Down or restarting: retryable for the client (a refresh keeps its token), not a bug of ours.
    request.log.warn(
      { error: errorForLog(unavailable), route: request.routeOptions.url },
      'database unavailable',
    );
    return new ApiError(503, 'not_ready', {
      detail: 'The database is not reachable. Retry later.',
      retryAfter: 2,
    });
  }
  // Never `err: error`: a database error's message and detail carry the query's parameters (emails, nicknames).
  request.log.error(
    { error: errorForLog(error), method: request.method, route: request.routeOptions.url },
    'unhandled error',
  );
  return new ApiError(500, 'internal_error', { detail: 'Something went wrong on our side.' });
}

/**
 * Fastify's `frameworkErrors` option: errors raised before routing (a URL that does not decode, e.g. `/x/%`) skip
 * the error handler and would otherwise leave as Fastify's own JSON.
 */
export function frameworkErrorHandler(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  sendProblem(reply, toApiError(error, request));
}

export function registerProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => sendProblem(reply, toApiError(error, request)));
  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      reply,
      new ApiError(404, 'not_found', {
        detail: `No route for ${request.method} ${request.url.split('?')[0]}`,
      }),
    ),
  );
}

/**
 * Errors Node's HTTP parser raises before a request reaches Fastify, as problem details on the raw socket, which is
 * then closed: a request (headers or body) slower than REQUEST_TIMEOUT_MS / HEADERS_TIMEOUT_MS gets 408.
 */
export function clientErrorHandler(
  this: FastifyInstance,
  error: Error & { code?: string },
  socket: Socket,
): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const apiError =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? new ApiError(408, 'request_timeout', {
          detail: 'The request did not arrive in time. Send the headers and body without pausing.',
        })
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? new ApiError(431, 'headers_too_large', { detail: 'The request headers are too large.' })
        : new ApiError(400, 'invalid_request', { detail: 'The request is malformed.' });
  this.log.debug({ error: errorForLog(error) }, 'client connection error');
  const response = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  // Only when nothing of a response went out on this socket yet, or the status line would land mid-response.
  if (socket.writable && !response?.headersSent) {
    const body = JSON.stringify(apiError.toProblem());
    socket.write(
      `HTTP/1.1 ${apiError.status} ${STATUS_CODES[apiError.status]}\r\n` +
        `Content-Type: ${PROBLEM_CONTENT_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Cache-Control: no-store\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}
