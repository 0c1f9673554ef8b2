/**
 * The REST server: body parsing that keeps number text, the envelope on every answer (B1), and the
 * API groups registered one plugin file each.
 */
import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { ApiError, SUCCESS_CODE, type CatalogueCode } from '../catalogue/index.ts';
import { UNMATCHED_ROUTE } from '../ops/metrics.ts';
import { failure } from '../wire/envelope.ts';
import { JsonSyntaxError, parseJsonText } from '../wire/json-text.ts';
import type { Gateway } from './gateway.ts';
import { RateLimitedError, Router } from './router.ts';
import { adlRoutes } from './routes/adl.ts';
import { adminRoutes } from './routes/admin.ts';
import { apiKeyRoutes } from './routes/api-keys.ts';
import { assetRoutes } from './routes/assets.ts';
import { transferRoutes } from './routes/transfers.ts';
import { depositRoutes } from './routes/deposits.ts';
import { historyRoutes } from './routes/history.ts';
import { orderRoutes } from './routes/orders.ts';
import { instrumentRoutes } from './routes/instruments.ts';
import { portfolioRoutes } from './routes/portfolios.ts';
import { statementRoutes } from './routes/statements.ts';
import { positionRoutes } from './routes/positions.ts';
import { tradingStatsRoutes } from './routes/trading-stats.ts';
import { marketRoutes } from './routes/market.ts';
import { perpSettingsRoutes } from './routes/perp-settings.ts';
import { algoRoutes } from './routes/algo.ts';
import { riskReferenceRoutes } from './routes/risk-reference.ts';
import { lendingRoutes } from './routes/lending.ts';
import { loanRecordRoutes } from './routes/loan-records.ts';
import { brokerRoutes } from './routes/broker.ts';
import { operationsRoutes } from './routes/operations.ts';
import { exportRoutes } from './routes/exports.ts';
import { startMarketFeed, websocketRoutes } from '../ws/routes.ts';
import type { MarketFeed } from '../ws/public/market-feed.ts';
import { serveDocs } from '../docs/serve.ts';

export interface HttpServer {
  app: FastifyInstance;
  /** Once the engine has recovered, before listening: the market feed from the kept candles, and the WebSocket streams. */
  openStreams(): Promise<void>;
}

/** The REST endpoints and the documents. They reach the gateway's engine and history only when called, so this may run while those open. */
export async function buildHttpServer(gateway: Gateway): Promise<HttpServer> {
  // Per-request logging costs about half the throughput, so it is on only at debug and trace.
  const logRequests = gateway.log.isLevelEnabled('debug');
  const app = Fastify({
    ...(logRequests ? { loggerInstance: gateway.log as FastifyBaseLogger } : { logger: false }),
    bodyLimit: gateway.config.bodyLimitBytes,
    trustProxy: gateway.config.trustedProxies.length > 0 ? gateway.config.trustedProxies : false,
    return503OnClosing: false,
    // A path fastify cannot even decode (broken percent-encoding): HTTP 400 as before, but with the envelope (B1).
    frameworkErrors: (_error, _request, reply) => (reply as FastifyReply).status(400).send(failure(400000)),
    clientErrorHandler: (error, socket) => answerClientError(error, socket, gateway.metrics),
  });

  installJsonBodyParser(app);
  app.decorateReply('envelopeCode', SUCCESS_CODE);
  installErrorHandling(app, gateway);

  const router = new Router(app, gateway);
  portfolioRoutes(router);
  apiKeyRoutes(router);
  statementRoutes(router);
  tradingStatsRoutes(router);
  instrumentRoutes(router);
  orderRoutes(router);
  positionRoutes(router);
  assetRoutes(router);
  transferRoutes(router);
  depositRoutes(router);
  perpSettingsRoutes(router);
  algoRoutes(router);
  riskReferenceRoutes(router);
  lendingRoutes(router);
  loanRecordRoutes(router);
  brokerRoutes(router);
  adlRoutes(router);
  historyRoutes(router);
  exportRoutes(router);
  adminRoutes(router);
  operationsRoutes(router);
  let market: MarketFeed | undefined;
  marketRoutes(router, () => market!); // started by openStreams, before the server listens
  await serveDocs(app, router);
  return {
    app,
    async openStreams() {
      market = await startMarketFeed(app, gateway);
      await app.register(websocketRoutes, { gateway, market });
    },
  };
}

/** Every body is parsed as JSON (whatever its content type) and must be an object; numbers keep their text. */
export function installJsonBodyParser(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, parseJsonBody);
  // The same parser named for JSON too: fastify caches the parser it finds for a content type, but not the catch-all, which it looks for by parsing the header anew on every request.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, parseJsonBody);
}

function parseJsonBody(_request: FastifyRequest, body: string | Buffer, done: (error: Error | null, value?: unknown) => void): void {
  const text = (body as string).trim();
  if (text === '') return done(null, {});
  try {
    const value = parseJsonText(text);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return done(new ApiError(400000), undefined);
    done(null, value);
  } catch (error) {
    done(error instanceof JsonSyntaxError ? new ApiError(400000) : (error as Error), undefined);
  }
}

/**
 * A request the HTTP parser cannot read (a malformed request line or header, headers over the size limit, not sent in
 * time) never reaches a route: the status node would answer, with the envelope of 501 "Client error" (B1), then the
 * connection closes. Counted as an unmatched request.
 */
export function answerClientError(error: Error & { code?: string }, socket: Socket, metrics: Pick<Gateway['metrics'], 'route'>): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const status = error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : error.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  metrics.route('ANY', UNMATCHED_ROUTE).record(501, status);
  const body = JSON.stringify(failure(501));
  if (socket.writable) {
    socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  }
  socket.destroy(error);
}

/**
 * The envelope for every failure (B1): business errors 200, rate limit 429, unknown path 404, oversize 413, bugs 500.
 * Each failure's code is noted on the reply for the request metrics; an unknown path is counted here, under one route label.
 */
export function installErrorHandling(app: FastifyInstance, { log, metrics }: Pick<Gateway, 'log' | 'metrics'>): void {
  const fail = (reply: FastifyReply, status: number, code: CatalogueCode, message?: string) => {
    reply.envelopeCode = code;
    return reply.status(status).send(failure(code, message));
  };
  app.setErrorHandler((error: FastifyError | ApiError | RateLimitedError, request, reply) => {
    if (error instanceof ApiError) return fail(reply, 200, error.code, error.message);
    if (error instanceof RateLimitedError) return fail(reply, 429, 100429);
    if ((error as FastifyError).code === 'FST_ERR_CTP_BODY_TOO_LARGE') return fail(reply, 413, 400000);
    if ((error as FastifyError).statusCode !== undefined && (error as FastifyError).statusCode! < 500) return fail(reply, 200, 400000);
    log.error({ err: error, url: request.url, method: request.method }, 'unhandled error');
    return fail(reply, 500, 500);
  });
  const unmatched = metrics.route('ANY', UNMATCHED_ROUTE);
  app.setNotFoundHandler((request, reply) => {
    unmatched.record(400000, 404);
    // A WebSocket upgrade to no stream: its socket left the HTTP parser, so nothing would ever close it.
    if (request.headers.upgrade !== undefined) reply.header('connection', 'close').raw.once('finish', () => closeAfterAnswer(request.raw.socket));
    return fail(reply, 404, 400000);
  });
}

/** Ends the socket once the answer is out, and drops it if the peer has not closed its side within a second. */
function closeAfterAnswer(socket: Socket): void {
  socket.end();
  socket.setTimeout(1000, () => socket.destroy());
}
