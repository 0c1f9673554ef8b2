/**
 * KLINE candles (connex-api.md §5.6): OHLCV of a sym's public trades per interval. The live market
 * feed folds trades into a CandleSeries; the history store keeps the same candles (projections/),
 * so both follow the window rule here and the feed is rebuilt from the store at start.
 */
import { add, type Price, type Size } from './money.ts';

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
export const INTERVALS = Object.keys(KLINE_INTERVALS) as KlineInterval[];

export function isKlineInterval(value: string): value is KlineInterval {
  return Object.hasOwn(KLINE_INTERVALS, value);
}

export interface Candle {
  openTime: number;
  open: Price;
  high: Price;
  low: Price;
  close: Price;
  volume: Size;
}

/** Enough 1m candles for the 24-hour ticker, and a screenful of every other interval. */
const KEEP: Record<KlineInterval, number> = { '1m': 1500, '3m': 500, '5m': 500, '15m': 500, '30m': 500, '1h': 500, '2h': 500, '4h': 500, '6h': 500, '12h': 500, '1d': 500, '1w': 500 };
/** Weeks start on Monday 00:00 UTC; the epoch was a Thursday. */
const WEEK_OFFSET_MS = 4 * DAY;

export function openTimeOf(interval: KlineInterval, ts: number): number {
  const length = KLINE_INTERVALS[interval];
  const offset = interval === '1w' ? WEEK_OFFSET_MS : 0;
  return Math.floor((ts - offset) / length) * length + offset;
}

/**
 * A series keeps the candles that opened within this span before its newest one: the newest KEEP
 * intervals, whether or not each had a trade. A rule of time rather than of count, so that the history
 * store can prune a series by the newest candle it writes without reading the series first.
 */
export function keptSpanMs(interval: KlineInterval): number {
  return KEEP[interval] * KLINE_INTERVALS[interval];
}

/** The candle a first trade opens. */
export function openCandle(openTime: number, price: Price, quantity: Size): Candle {
  return { openTime, open: price, high: price, low: price, close: price, volume: quantity };
}

/** Folds a later trade into a candle. */
export function foldTrade(candle: Candle, price: Price, quantity: Size): void {
  if (price > candle.high) candle.high = price;
  if (price < candle.low) candle.low = price;
  candle.close = price;
  candle.volume = add(candle.volume, quantity);
}

export interface CandleChange {
  interval: KlineInterval;
  /** The candle that a new one replaced, now closed; absent when the trade fell in the current candle. */
  closed?: Candle;
  current: Candle;
}

export class CandleSeries {
  private readonly series = new Map<KlineInterval, Candle[]>();

  /** Adds one trade to every interval; returns what changed, per interval. */
  add(price: Price, quantity: Size, ts: number): CandleChange[] {
    const changes: CandleChange[] = [];
    for (const interval of INTERVALS) {
      const candles = this.candlesOf(interval);
      const openTime = openTimeOf(interval, ts);
      const last = candles[candles.length - 1];
      if (last && last.openTime >= openTime) {
        foldTrade(last, price, quantity);
        changes.push({ interval, current: last });
        continue;
      }
      const current = openCandle(openTime, price, quantity);
      this.append(interval, current);
      changes.push({ interval, closed: last, current });
    }
    return changes;
  }

  /** Takes candles kept elsewhere (the history store), oldest first and newer than every candle of their interval here. */
  restore(interval: KlineInterval, candles: readonly Candle[]): void {
    for (const candle of candles) this.append(interval, candle);
  }

  /** Candles of one interval, oldest first, that opened at or after `since`. */
  list(interval: KlineInterval, since = 0): readonly Candle[] {
    const candles = this.series.get(interval) ?? [];
    let start = candles.length;
    while (start > 0 && candles[start - 1].openTime >= since) start--;
    return candles.slice(start);
  }

  latest(interval: KlineInterval): Candle | undefined {
    const candles = this.series.get(interval);
    return candles?.[candles.length - 1];
  }

  private candlesOf(interval: KlineInterval): Candle[] {
    let candles = this.series.get(interval);
    if (!candles) this.series.set(interval, (candles = []));
    return candles;
  }

  private append(interval: KlineInterval, candle: Candle): void {
    const candles = this.candlesOf(interval);
    candles.push(candle);
    const oldest = candle.openTime - keptSpanMs(interval);
    while (candles[0].openTime <= oldest) candles.shift();
  }
}
