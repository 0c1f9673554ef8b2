/**
 * The WebSocket message grammar (connex-api.md §5.2): replies `{id, event, code, msg, data}` with the
 * catalogue's codes (success 200000, decisions A3), errors as event "error", pushes `{channel, instId, data}`.
 */
import { ApiError, MESSAGES, SUCCESS_CODE, SUCCESS_MESSAGE } from '../catalogue/index.ts';
import { EncodedFrame } from './encoded-frame.ts';

export type RequestId = string | null;

/** `extra`: fields an answer carries beside data (the market-data ack's `arg`). */
export function okFrame(id: RequestId, event: string, data: unknown = null, extra?: Record<string, unknown>): string {
  return JSON.stringify({ id, event, code: SUCCESS_CODE, msg: SUCCESS_MESSAGE, data, ...extra });
}

export function errorFrame(id: RequestId, error: ApiError): string {
  return JSON.stringify({ id, event: 'error', code: error.code, msg: error.message, data: null });
}

/** A bug reached the transport: the client gets code 500, never a silent drop. */
export function bugFrame(id: RequestId): string {
  return JSON.stringify({ id, event: 'error', code: 500, msg: MESSAGES[500], data: null });
}

/** Encoded once: the same push goes to every session of the portfolio. */
export function pushFrame(channel: string, instId: string | undefined, data: unknown): EncodedFrame {
  return EncodedFrame.text(JSON.stringify(instId === undefined ? { channel, data } : { channel, instId, data }));
}
