/**
 * One WebSocket connection: text heartbeat (`ping` → `pong`), idle close (market data: after the
 * server's protocol pings go unanswered), a size limit per frame,
 * JSON parsing with the 601xxx answers, in-order handling of the client's messages, and a bounded
 * send buffer: a client that falls too far behind is disconnected with a reason instead of
 * holding memory or slowing anyone else (H3).
 */
import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import { ApiError, type CatalogueCode } from '../catalogue/index.ts';
import type { StreamMeter } from '../ops/metrics.ts';
import { JsonSyntaxError, parseJsonText, type JsonValue } from '../wire/json-text.ts';
import type { EncodedFrame } from './encoded-frame.ts';
import { bugFrame, errorFrame, okFrame, type RequestId } from './frames.ts';

export type JsonObject = { [key: string]: JsonValue };

/** A frame that is not a JSON object (text `ping` aside). */
export const NOT_AN_OBJECT: CatalogueCode = 601004;

export const CLOSE_IDLE = 4001;
export const CLOSE_REVOKED = 4003;
export const CLOSE_SLOW_CONSUMER = 4008;

export interface SessionLimits {
  /** Closed after this long without traffic from the client (H3). */
  idleMs: number;
  /**
   * Market data (connex-api.md §5.2): the server sends protocol pings, and the client's pongs are traffic,
   * so a client that only listens stays while its library answers. Sent after a third of idleMs of silence.
   */
  serverPings?: boolean;
  maxBufferedBytes: number;
  /** Longest frame read, in characters, and the code a longer one gets (the connection stays open). */
  maxFrameChars: number;
  tooLongCode: CatalogueCode;
}

/** What a stream does with the messages of one session. */
export interface StreamHandler {
  /** Admit and dispatch one message; resolves once the next message may be handled. */
  onMessage(session: Session, message: JsonObject): Promise<void> | void;
  onClose(session: Session): void;
}

export class Session {
  private closed = false;
  private readonly idleTimer: NodeJS.Timeout;
  private readonly pingTimer: NodeJS.Timeout | undefined;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly socket: WebSocket,
    /** The TCP socket under `socket`: corked while frames are queued in one tick, so they leave in one write. */
    private readonly tcp: Socket,
    readonly clientIp: string,
    private readonly limits: SessionLimits,
    private readonly handler: StreamHandler,
    private readonly meter: StreamMeter,
    private readonly onBug: (error: unknown) => void,
  ) {
    meter.opened();
    this.idleTimer = setTimeout(() => this.close(CLOSE_IDLE, 'idle timeout'), limits.idleMs);
    if (limits.serverPings) {
      this.pingTimer = setInterval(() => socket.ping(), Math.ceil(limits.idleMs / 3));
      socket.on('pong', () => this.heard());
    }
    socket.on('message', (data, isBinary) => this.receive(isBinary ? null : data.toString('utf8')));
    socket.on('ping', () => this.heard());
    socket.on('close', () => this.closedByPeer());
    socket.on('error', () => socket.terminate());
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  /**
   * Queues a text frame; false when the session is gone or was just dropped as a slow consumer.
   * A push sent to many sessions comes encoded once (EncodedFrame) and goes to the socket as is.
   */
  send(frame: string | EncodedFrame): boolean {
    if (this.closed || this.socket.readyState !== this.socket.OPEN) return false;
    const bytes = typeof frame === 'string' ? frame.length : frame.wire.length;
    if (this.socket.bufferedAmount + bytes > this.limits.maxBufferedBytes) {
      this.meter.droppedSlowConsumer();
      this.close(CLOSE_SLOW_CONSUMER, 'slow consumer: send buffer full');
      return false;
    }
    corkUntilNextTick(this.tcp);
    if (typeof frame === 'string') this.socket.send(frame, { binary: false });
    else this.tcp.write(frame.wire);
    return true;
  }

  reply(id: RequestId, event: string, data?: unknown): void {
    this.send(okFrame(id, event, data));
  }

  fail(id: RequestId, error: unknown): void {
    if (error instanceof ApiError) {
      this.send(errorFrame(id, error));
      return;
    }
    this.onBug(error);
    this.send(bugFrame(id));
  }

  close(code: number, reason: string): void {
    if (this.closed) return;
    this.finish();
    this.socket.close(code, reason);
  }

  private closedByPeer(): void {
    if (!this.closed) this.finish();
  }

  private finish(): void {
    this.closed = true;
    this.meter.closed();
    clearTimeout(this.idleTimer);
    clearInterval(this.pingTimer);
    this.handler.onClose(this);
  }

  /** Traffic from the client: the idle close and the next ping wait again. */
  private heard(): void {
    this.idleTimer.refresh();
    this.pingTimer?.refresh();
  }

  private receive(text: string | null): void {
    if (this.closed) return;
    this.heard();
    if (text === 'ping') {
      this.send('pong');
      return;
    }
    const message = this.read(text);
    if (!message) return;
    this.queue = this.queue
      .then(() => this.handler.onMessage(this, message))
      .catch((error: unknown) => this.fail(requestIdOf(message), error));
  }

  /** The frame as a JSON object, or null after answering why it is not one. */
  private read(text: string | null): JsonObject | null {
    if (text !== null && text.length > this.limits.maxFrameChars) {
      this.fail(null, new ApiError(this.limits.tooLongCode));
      return null;
    }
    try {
      const value = text === null ? null : parseJsonText(text);
      if (value !== null && typeof value === 'object' && !Array.isArray(value)) return value;
    } catch (error) {
      if (!(error instanceof JsonSyntaxError)) throw error;
    }
    this.fail(null, new ApiError(NOT_AN_OBJECT));
    return null;
  }
}

/** Sockets written to in this tick: corked, so each gets one write for all its frames, uncorked together. */
const corked = new Set<Socket>();

function corkUntilNextTick(tcp: Socket): void {
  if (corked.has(tcp)) return;
  if (corked.size === 0) process.nextTick(uncorkAll);
  corked.add(tcp);
  tcp.cork();
}

function uncorkAll(): void {
  for (const tcp of corked) tcp.uncork();
  corked.clear();
}

/** The client's `id`, echoed on the answer (a string; numbers keep their text). */
export function requestIdOf(message: JsonObject): RequestId {
  const id = message.id;
  return typeof id === 'string' ? id : null;
}
