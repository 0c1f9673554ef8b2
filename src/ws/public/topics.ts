/** Market-data channels (connex-api.md §5.6): a topic is one channel of one sym (the candle channels add an interval). */
import type { KlineInterval } from '../../domain/candles.ts';

export const CHANNELS = ['BBO', 'TICKER', 'TRADE', 'ORDER_BOOK', 'KLINE', 'MARK_PRICE', 'INDEX_PRICE', 'MARK_PRICE_KLINE', 'INDEX_KLINE', 'OPEN_INTEREST'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Channels that exist only for perpetual syms. */
export const PERP_ONLY: ReadonlySet<Channel> = new Set(['MARK_PRICE', 'INDEX_PRICE', 'MARK_PRICE_KLINE', 'INDEX_KLINE', 'OPEN_INTEREST']);

/** Channels of candles, whose topics name an interval: of the trades, of the mark price, of the index price. */
export const CANDLE_CHANNELS: ReadonlySet<Channel> = new Set(['KLINE', 'MARK_PRICE_KLINE', 'INDEX_KLINE']);

export function isChannel(value: string): value is Channel {
  return (CHANNELS as readonly string[]).includes(value);
}

export interface Topic {
  channel: Channel;
  sym: string;
  interval?: KlineInterval;
}

export function topicKey(topic: Topic): string {
  return topic.interval ? `${topic.channel}|${topic.sym}|${topic.interval}` : `${topic.channel}|${topic.sym}`;
}

/** Every push is `{ arg: {channel, sym[, interval]}, data }`; the arg part is rendered once per topic. */
export function topicArg(topic: Topic): Topic {
  return topic.interval ? { channel: topic.channel, sym: topic.sym, interval: topic.interval } : { channel: topic.channel, sym: topic.sym };
}
