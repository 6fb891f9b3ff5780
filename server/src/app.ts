/**
 * The backend as a Fastify instance (fastify/demo style): `buildApp(config, deps)` wires everything and returns
 * an app ready for `inject` or `listen`. No side effects at import; the database comes in through `deps`.
 */

import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Config } from './config';
import { loggerOptions } from './logger';
import { sendDpopNonces } from './plugins/dpop';
import {
  clientErrorHandler,
  frameworkErrorHandler,
  registerProblemHandlers,
} from './plugins/problem-handler';
import { closeRateLimitRedis, connectRateLimitRedis, RATE_LIMIT_NAMESPACE } from './plugins/rate-limit-redis';
import { limitRoutes } from './plugins/rate-limits';
import { registerSecurityHeaders } from './plugins/security-headers';
import { kakaoAuthRoutes } from './routes/auth/kakao';
import { refreshRoutes } from './routes/auth/refresh';
import { sessionRoutes } from './routes/auth/sessions';
import { carriesAdminKey, unlinkCallbackRoutes } from './routes/kakao/unlink-callback';
import { meRoutes } from './routes/me';
import { wellKnownRoutes } from './routes/well-known';
import { type AppDeps, createServices, type Services } from './services';
import { type RetentionJob, startRetentionJob } from './sessions/retention-job';

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
    // Only the listed proxies' X-Forwarded-For entries count; the client IP is the nearest untrusted address.
    trustProxy: config.trustProxy,
    // A client that trickles its headers or body is answered 408 and disconnected (see clientErrorHandler).
    requestTimeout: config.timeouts.requestMs,
    keepAliveTimeout: config.timeouts.keepAliveMs,
    http: {
      headersTimeout: config.timeouts.headersMs,
      // Node checks the two timeouts above on this interval (default 30 s, which would double a short timeout).
      connectionsCheckingInterval: Math.min(5000, Math.max(50, Math.floor(config.timeouts.headersMs / 4))),
    },
    clientErrorHandler,
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
  startRetentionOnReady(app, services, deps);

  registerSecurityHeaders(app, '/docs');
  sendDpopNonces(app, services.dpop, services.clock);
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
  // Every route group has its own per-IP limit: per process, or shared by every instance through Redis.
  const limits = config.rateLimit;
  const windowSeconds = limits.windowSeconds;
  const anyLimit = [limits.max, limits.meMax, limits.unlinkCallbackMax, limits.metaMax].some(
    (max) => max > 0,
  );
  const redis =
    anyLimit && limits.redisUrl ? await connectRateLimitRedis(limits.redisUrl, app.log) : undefined;
  if (redis) app.addHook('onClose', () => closeRateLimitRedis(redis));

  // /auth/*: one budget per client across sign-in, refresh, logout and the session list.
  await app.register(async (auth) => {
    await limitRoutes(auth, { max: limits.max, windowSeconds, nameSpace: RATE_LIMIT_NAMESPACE }, redis);
    await auth.register(kakaoAuthRoutes);
    await auth.register(refreshRoutes);
    await auth.register(sessionRoutes);
  });
  // /me: counted before authentication, so bearer guessing and deletion retries are throttled too.
  await app.register(async (me) => {
    await limitRoutes(
      me,
      { max: limits.meMax, windowSeconds, nameSpace: `${RATE_LIMIT_NAMESPACE}me:` },
      redis,
    );
    await me.register(meRoutes);
  });
  // Kakao's webhook: calls carrying the right admin key are Kakao and never dropped; the rest are tightly limited
  // so the key cannot be guessed at speed.
  await app.register(async (kakao) => {
    await limitRoutes(
      kakao,
      {
        max: limits.unlinkCallbackMax,
        windowSeconds,
        nameSpace: `${RATE_LIMIT_NAMESPACE}unlink:`,
        exempt: (request) => carriesAdminKey(request, config.kakao.adminKey),
      },
      redis,
    );
    await kakao.register(unlinkCallbackRoutes);
  });
  // Health, JWKS and the API docs: cheap, but /readyz touches the database.
  await app.register(async (meta) => {
    await limitRoutes(
      meta,
      { max: limits.metaMax, windowSeconds, nameSpace: `${RATE_LIMIT_NAMESPACE}meta:` },
      redis,
    );
    await meta.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
    await meta.register(wellKnownRoutes);
  });
  return app;
}

/** The retention purge runs on a timer from `ready` until `close` (which waits for a running purge). */
function startRetentionOnReady(app: FastifyInstance, services: Services, deps: AppDeps): void {
  const { intervalSeconds } = services.config.retention;
  if (intervalSeconds === 0) return;
  let job: RetentionJob | undefined;
  app.addHook('onReady', async () => {
    job = startRetentionJob({
      // Expired DPoP replay-cache rows go with each run (bounded by the same batch size).
      purge: async (now) => {
        const result = await services.retention.purge(now);
        await services.dpop.purgeExpired(now, services.retention.batchSize);
        return result;
      },
      batchSize: services.retention.batchSize,
      clock: services.clock,
      intervalMs: intervalSeconds * 1000,
      ...(deps.timers && { timers: deps.timers }),
      onRun: (result) => {
        if (result.tokens > 0) app.log.info(result, 'retention purge');
      },
      onError: (error) =>
        app.log.warn(
          { err: error instanceof Error ? error.message : String(error) },
          'retention purge failed',
        ),
    });
  });
  app.addHook('onClose', async () => {
    await job?.stop();
  });
}
