/**
 * The WebSocket paths on the REST port (decisions H1): `/v1/private`, `/v1/private-algo`,
 * `/v1/public`. Events reach sessions only after the engine made them durable (runtime.onEvents).
 */
import websocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import type { Gateway } from '../http/context.ts';
import { algoActions } from './algo-stream.ts';
import { privateActions } from './order-actions.ts';
import { PortfolioFeed } from './portfolio-feed.ts';
import { PrivateStream } from './private-stream.ts';
import { Session, type SessionLimits, type StreamHandler } from './session.ts';

/** Frames above this are refused by the socket itself (close 1009); smaller oversize frames get a 601 answer. */
const HARD_FRAME_BYTES = 1024 * 1024;
const PRIVATE_FRAME_CHARS = 16 * 1024;

export async function websocketRoutes(app: FastifyInstance, { gateway }: { gateway: Gateway }): Promise<void> {
  await app.register(websocket, { options: { maxPayload: HARD_FRAME_BYTES } });
  const feed = new PortfolioFeed();
  gateway.onEvents(feed.publish);
  const privateLimits: SessionLimits = {
    idleMs: gateway.config.wsIdleMs,
    maxBufferedBytes: gateway.config.wsMaxBufferedBytes,
    maxFrameChars: PRIVATE_FRAME_CHARS,
    tooLongCode: 601001,
  };

  const serve = (url: string, handler: StreamHandler, limits: SessionLimits) =>
    app.get(url, { websocket: true }, (socket, request) => {
      new Session(socket, request.ip, limits, handler, (error) => request.log.error({ err: error, url }, 'websocket bug'));
    });

  serve('/v1/private', new PrivateStream(gateway, feed, 'private', privateActions), privateLimits);
  serve('/v1/private-algo', new PrivateStream(gateway, feed, 'algo', algoActions), privateLimits);
}
