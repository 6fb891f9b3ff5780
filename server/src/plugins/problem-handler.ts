/**
 * Every error leaves as RFC 9457 problem details with a stable `code`; never a stack trace. Client mistakes
 * (bad JSON, wrong content type, too large, failed validation) are 4xx; only our own bugs are 500.
 */
import { PROBLEM_CONTENT_TYPE } from '@kakao-desktop/contract';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { describeFailure, isOurMisconfiguration, KakaoError, mapKakaoFailure } from '../kakao/errors';
import { ApiError } from '../problem';

export function sendProblem(reply: FastifyReply, error: ApiError): FastifyReply {
  const problem = error.toProblem();
  if (problem.retry_after !== undefined) reply.header('retry-after', String(problem.retry_after));
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
  request.log.error({ err: error }, 'unhandled error');
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
