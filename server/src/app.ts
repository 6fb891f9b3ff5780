/**
 * The backend as a Fastify instance (fastify/demo style): `buildApp(config, deps)` wires everything and returns
 * an app ready for `inject` or `listen`. No side effects at import; the database comes in through `deps`.
 */

import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from './config';
import { loggerOptions } from './logger';
import { frameworkErrorHandler, registerProblemHandlers } from './plugins/problem-handler';
import { closeRateLimitRedis, connectRateLimitRedis, RATE_LIMIT_NAMESPACE } from './plugins/rate-limit-redis';
import { registerSecurityHeaders } from './plugins/security-headers';
import { ApiError } from './problem';
import { kakaoAuthRoutes } from './routes/auth/kakao';
import { refreshRoutes } from './routes/auth/refresh';
import { sessionRoutes } from './routes/auth/sessions';
import { unlinkCallbackRoutes } from './routes/kakao/unlink-callback';
import { meRoutes } from './routes/me';
import { wellKnownRoutes } from './routes/well-known';
import { type AppDeps, createServices, type Services } from './services';

export type { AppDeps } from './services';

declare module 'fastify' {
  interface FastifyInstance {
    services: Services;
  }
}

export async function buildApp(config: Config, deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    ...(deps.logger ? { loggerInstance: deps.logger } : { logger: loggerOptions(config.logLevel) }),
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    // Node's http server otherwise keeps idle sockets open for 5 s after close().
    forceCloseConnections: true,
    return503OnClosing: true,
    frameworkErrors: frameworkErrorHandler,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // JSON only: a text/plain body must be a 415, not a confusing validation error.
  app.removeContentTypeParser('text/plain');
  registerProblemHandlers(app);

  const services = await createServices(config, deps, app.log);
  app.decorate('services', services);

  registerSecurityHeaders(app, '/docs');
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'kakao-desktop companion backend',
        version: '0.1.0',
        description:
          'Kakao sign-in for the desktop app; issues our own tokens. Errors are RFC 9457 problem details.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });

  // /auth/* gets rate limits (per client IP): per process, or shared by every instance through Redis.
  const { max, windowSeconds, redisUrl } = config.rateLimit;
  const redis = max > 0 && redisUrl ? await connectRateLimitRedis(redisUrl, app.log) : undefined;
  if (redis) app.addHook('onClose', () => closeRateLimitRedis(redis));
  await app.register(async (auth) => {
    if (max > 0) {
      await auth.register(rateLimit, {
        max,
        timeWindow: windowSeconds * 1000,
        // Fail open: a Redis outage must not lock every user out of sign-in and refresh (logged by the client).
        ...(redis && { redis, nameSpace: RATE_LIMIT_NAMESPACE, skipOnError: true }),
        errorResponseBuilder: (_req, ctx) =>
          new ApiError(429, 'rate_limited', {
            detail: 'Too many requests. Slow down and retry later.',
            retryAfter: Math.max(1, Math.ceil(ctx.ttl / 1000)),
          }),
      });
    }
    await auth.register(kakaoAuthRoutes, { services });
    await auth.register(refreshRoutes, { services });
    await auth.register(sessionRoutes, { services });
  });
  await app.register(meRoutes, { services });
  await app.register(wellKnownRoutes, { services });
  await app.register(unlinkCallbackRoutes, { services });
  return app;
}
