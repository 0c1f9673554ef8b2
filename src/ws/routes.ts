/**
 * The WebSocket paths on the REST port (decisions H1): `/v1/private`, `/v1/private-algo`,
 * `/v1/public`. Events reach sessions only after the engine made them durable (runtime.onEvents).
 */
import websocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import type { CatalogueCode } from '../catalogue/index.ts';
import type { EventListener } from '../engine/core/runtime.ts';
import type { Gateway } from '../http/gateway.ts';
import { algoActions } from './algo/algo-stream.ts';
import { MarketFeed } from './public/market-feed.ts';
import { privateActions } from './private/order-actions.ts';
import { PortfolioFeed } from './private/portfolio-feed.ts';
import { PrivateStream } from './private/private-stream.ts';
import { MAX_SUBSCRIPTION_CHARS, PublicStream } from './public/public-stream.ts';
import { Session, type SessionLimits, type StreamHandler } from './session.ts';

/** Frames above this are refused by the socket itself (close 1009); smaller oversize frames get a 601 answer. */
const HARD_FRAME_BYTES = 1024 * 1024;

/** The streams' paths (decisions H1). */
export const STREAM_PATHS = { private: '/v1/private', algo: '/v1/private-algo', public: '/v1/public' } as const;
/** The code a frame over its stream's length limit gets. */
export const TOO_LONG_CODES = { private: 601001, public: 601014 } as const satisfies Record<string, CatalogueCode>;

const PRIVATE_FRAME_CHARS = 16 * 1024;

/**
 * Built before the server listens and the market clock starts, so no command runs between reading the
 * kept candles and folding the events after them, nor any whose events the book mirrors would miss.
 */
export async function startMarketFeed(app: FastifyInstance, gateway: Gateway): Promise<MarketFeed> {
  const market = new MarketFeed(gateway.reads, gateway.venueClock, await gateway.history.candles());
  gateway.onEvents(guarded(gateway, 'market feed', market.publish));
  app.addHook('onClose', async () => market.close());
  return market;
}

export async function websocketRoutes(app: FastifyInstance, { gateway, market }: { gateway: Gateway; market: MarketFeed }): Promise<void> {
  await app.register(websocket, { options: { maxPayload: HARD_FRAME_BYTES } });
  const feed = new PortfolioFeed(gateway.reads);
  gateway.onEvents(guarded(gateway, 'portfolio feed', feed.publish));
  const privateLimits: SessionLimits = {
    idleMs: gateway.config.wsIdleMs,
    maxBufferedBytes: gateway.config.wsMaxBufferedBytes,
    maxFrameChars: PRIVATE_FRAME_CHARS,
    tooLongCode: TOO_LONG_CODES.private,
  };

  const serve = (url: string, handler: StreamHandler, limits: SessionLimits) => {
    const meter = gateway.metrics.stream(url);
    app.get(url, { websocket: true }, (socket, request) => {
      new Session(socket, request.socket, request.ip, limits, handler, meter, (error) => gateway.log.error({ err: error, url }, 'websocket bug'));
    });
  };

  serve(STREAM_PATHS.private, new PrivateStream(gateway, feed, 'private', privateActions), privateLimits);
  serve(STREAM_PATHS.algo, new PrivateStream(gateway, feed, 'algo', algoActions), privateLimits);
  serve(STREAM_PATHS.public, new PublicStream(gateway, market), { ...privateLimits, serverPings: true, maxFrameChars: MAX_SUBSCRIPTION_CHARS, tooLongCode: TOO_LONG_CODES.public });
}

/** A bug in a push must not stop the engine's publication to the other listeners. */
function guarded(gateway: Gateway, name: string, listener: EventListener): EventListener {
  return (batch) => {
    try {
      listener(batch);
    } catch (error) {
      gateway.log.error({ err: error, seq: batch.seq }, `${name} failed`);
    }
  };
}
