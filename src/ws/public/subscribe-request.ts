/**
 * Reads a market-data subscribe/unsubscribe (decisions H2) in either grammar:
 *   {"id":"1","action":"subscribe","args":{"channel":"BBO","inst":["BINANCE_SPOT_BTC_USDT"]}}
 *   {"event":"subscribe","arg":[{"channel":"BBO","sym"|"instId":"…"}]}
 * into topics, all or nothing, with a 601xxx code for each way it can be wrong.
 */
import { ApiError, type CatalogueCode } from '../../catalogue/index.ts';
import type { Instrument } from '../../domain/instrument.ts';
import type { JsonValue } from '../../wire/json-text.ts';
import type { RequestId } from '../frames.ts';
import { requestIdOf, type JsonObject } from '../session.ts';
import { isKlineInterval } from '../../domain/candles.ts';
import { CANDLE_CHANNELS, isChannel, PERP_ONLY, type Topic } from './topics.ts';

export const MAX_INSTRUMENTS_PER_REQUEST = 20;
/** What reading a (un)subscription answers: no channel, syms, args or interval; malformed; unknown channel; no syms; unknown sym; too many syms. */
export const SUBSCRIBE_CODES: readonly CatalogueCode[] = [601008, 601001, 601006, 601002, 601003, 601005];

export type Operation = 'subscribe' | 'unsubscribe';

export interface SubscribeRequest {
  id: RequestId;
  operation: Operation;
  topics: Topic[];
  /** Written as `{"event", "arg": [...]}` (the SDKs' grammar), whose ack also carries the topics as `arg`. */
  eventGrammar: boolean;
}

export type FindInstrument = (sym: string) => Instrument | undefined;

/** The operation a message names (action, or event of the alternative grammar); null when neither is given. */
export function operationName(message: JsonObject): JsonValue | undefined {
  return message.action ?? message.event;
}

export function readSubscribeRequest(message: JsonObject, operation: Operation, find: FindInstrument): SubscribeRequest {
  const id = requestIdOf(message);
  if (message.action !== undefined) return { id, operation, topics: topicsOf(objectOf(message.args), 'inst', find), eventGrammar: false };
  const list = message.arg;
  if (list === undefined || list === null) throw new ApiError(601008);
  if (!Array.isArray(list)) throw new ApiError(601001);
  if (list.length === 0) throw new ApiError(601002);
  if (list.length > MAX_INSTRUMENTS_PER_REQUEST) throw new ApiError(601005);
  const topics = list.flatMap((entry) => topicsOf(objectOf(entry), entry && typeof entry === 'object' && 'instId' in entry ? 'instId' : 'sym', find));
  if (topics.length > MAX_INSTRUMENTS_PER_REQUEST) throw new ApiError(601005);
  return { id, operation, topics, eventGrammar: true };
}

function objectOf(value: JsonValue | undefined): JsonObject {
  if (value === undefined || value === null) throw new ApiError(601008);
  if (typeof value !== 'object' || Array.isArray(value)) throw new ApiError(601001);
  return value;
}

function topicsOf(args: JsonObject, instField: string, find: FindInstrument): Topic[] {
  const channelText = args.channel;
  if (channelText === undefined || channelText === null || channelText === '') throw new ApiError(601008);
  if (typeof channelText !== 'string' || !isChannel(channelText)) throw new ApiError(601006);
  const channel = channelText;
  const syms = symsOf(args[instField]);
  const candles = CANDLE_CHANNELS.has(channel);
  let interval: Topic['interval'];
  if (candles) {
    const text = args.interval;
    if (text === undefined || text === null || text === '') throw new ApiError(601008);
    if (typeof text !== 'string' || !isKlineInterval(text)) throw new ApiError(601001);
    interval = text;
  }
  const known = new Set(['channel', instField, ...(candles ? ['interval'] : [])]);
  if (Object.keys(args).some((name) => !known.has(name))) throw new ApiError(601001);
  return syms.map((sym) => {
    const instrument = find(sym);
    if (!instrument || (PERP_ONLY.has(channel) && instrument.business !== 'PERP')) throw new ApiError(601003);
    return interval ? { channel, sym: instrument.sym, interval } : { channel, sym: instrument.sym };
  });
}

function symsOf(value: JsonValue | undefined): string[] {
  const list = Array.isArray(value) ? value : value === undefined || value === null || value === '' ? [] : [value];
  if (list.length === 0) throw new ApiError(601002);
  if (list.length > MAX_INSTRUMENTS_PER_REQUEST) throw new ApiError(601005);
  if (list.some((sym) => typeof sym !== 'string' || sym === '')) throw new ApiError(601003);
  return list as string[];
}
