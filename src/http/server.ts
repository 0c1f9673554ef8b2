/**
 * The REST server: body parsing that keeps number text, the envelope on every answer (B1), and the
 * API groups registered one plugin file each.
 */
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import { ApiError } from '../catalogue/index.ts';
import { failure } from '../wire/envelope.ts';
import { JsonSyntaxError, parseJsonText } from '../wire/json-text.ts';
import type { Logger } from '../log.ts';
import type { Gateway } from './gateway.ts';
import { RateLimitedError, Router } from './router.ts';
import { adminRoutes } from './routes/admin.ts';
import { apiKeyRoutes } from './routes/api-keys.ts';
import { assetRoutes } from './routes/assets.ts';
import { historyRoutes } from './routes/history.ts';
import { orderRoutes } from './routes/orders.ts';
import { instrumentRoutes } from './routes/instruments.ts';
import { portfolioRoutes } from './routes/portfolios.ts';
import { statementRoutes } from './routes/statements.ts';
import { marketRoutes } from './routes/market.ts';
import { startMarketFeed, websocketRoutes } from '../ws/routes.ts';

export async function buildHttpServer(gateway: Gateway): Promise<FastifyInstance> {
  // Per-request logging costs about half the throughput, so it is on only at debug and trace.
  const logRequests = gateway.log.isLevelEnabled('debug');
  const app = Fastify({
    ...(logRequests ? { loggerInstance: gateway.log as FastifyBaseLogger } : { logger: false }),
    bodyLimit: gateway.config.bodyLimitBytes,
    trustProxy: gateway.config.trustedProxies.length > 0 ? gateway.config.trustedProxies : false,
    return503OnClosing: false,
  });

  installJsonBodyParser(app);
  installErrorHandling(app, gateway.log);

  const router = new Router(app, gateway);
  portfolioRoutes(router);
  apiKeyRoutes(router);
  statementRoutes(router);
  instrumentRoutes(router);
  orderRoutes(router);
  assetRoutes(router);
  historyRoutes(router);
  adminRoutes(router);
  const market = startMarketFeed(app, gateway);
  marketRoutes(router, market);
  await app.register(websocketRoutes, { gateway, market });
  return app;
}

/** Every body is parsed as JSON (whatever its content type) and must be an object; numbers keep their text. */
export function installJsonBodyParser(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
    const text = (body as string).trim();
    if (text === '') return done(null, {});
    try {
      const value = parseJsonText(text);
      if (value === null || typeof value !== 'object' || Array.isArray(value)) return done(new ApiError(400000), undefined);
      done(null, value);
    } catch (error) {
      done(error instanceof JsonSyntaxError ? new ApiError(400000) : (error as Error), undefined);
    }
  });
}

/** The envelope for every failure (B1): business errors 200, rate limit 429, unknown path 404, oversize 413, bugs 500. */
export function installErrorHandling(app: FastifyInstance, log: Logger): void {
  app.setErrorHandler((error: FastifyError | ApiError | RateLimitedError, request, reply) => {
    if (error instanceof ApiError) return reply.status(200).send(failure(error.code, error.message));
    if (error instanceof RateLimitedError) return reply.status(429).send(failure(100429));
    if ((error as FastifyError).code === 'FST_ERR_CTP_BODY_TOO_LARGE') return reply.status(413).send(failure(400000));
    if ((error as FastifyError).statusCode !== undefined && (error as FastifyError).statusCode! < 500) {
      return reply.status(200).send(failure(400000));
    }
    log.error({ err: error, url: request.url, method: request.method }, 'unhandled error');
    return reply.status(500).send(failure(500));
  });
  app.setNotFoundHandler((_request, reply) => reply.status(404).send(failure(400000)));
}
