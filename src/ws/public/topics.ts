/** Market-data channels (connex-api.md §5.6): a topic is one channel of one sym (KLINE adds an interval). */
export const CHANNELS = ['BBO', 'TICKER', 'TRADE', 'ORDER_BOOK', 'KLINE', 'MARK_PRICE', 'INDEX_PRICE', 'OPEN_INTEREST'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Channels that exist only for perpetual syms. */
export const PERP_ONLY: ReadonlySet<Channel> = new Set(['MARK_PRICE', 'INDEX_PRICE', 'OPEN_INTEREST']);

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const KLINE_INTERVALS = {
  '1m': MINUTE,
  '3m': 3 * MINUTE,
  '5m': 5 * MINUTE,
  '15m': 15 * MINUTE,
  '30m': 30 * MINUTE,
  '1h': HOUR,
  '2h': 2 * HOUR,
  '4h': 4 * HOUR,
  '6h': 6 * HOUR,
  '12h': 12 * HOUR,
  '1d': DAY,
  '1w': 7 * DAY,
} as const;
export type KlineInterval = keyof typeof KLINE_INTERVALS;

export function isChannel(value: string): value is Channel {
  return (CHANNELS as readonly string[]).includes(value);
}

export function isKlineInterval(value: string): value is KlineInterval {
  return Object.hasOwn(KLINE_INTERVALS, value);
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
