/**
 * KLINE candles of one sym, built from its public trades, for every listed interval. Keeps the
 * latest candles of each interval in memory (a projection: rebuilt from trades seen since start).
 */
import { add, type Price, type Size } from '../../domain/money.ts';
import { KLINE_INTERVALS, type KlineInterval } from './topics.ts';

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
const WEEK_OFFSET_MS = 4 * 24 * 60 * 60 * 1000;

export function openTimeOf(interval: KlineInterval, ts: number): number {
  const length = KLINE_INTERVALS[interval];
  const offset = interval === '1w' ? WEEK_OFFSET_MS : 0;
  return Math.floor((ts - offset) / length) * length + offset;
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
    for (const interval of Object.keys(KLINE_INTERVALS) as KlineInterval[]) {
      let candles = this.series.get(interval);
      if (!candles) this.series.set(interval, (candles = []));
      const openTime = openTimeOf(interval, ts);
      const last = candles[candles.length - 1];
      if (last && last.openTime >= openTime) {
        if (price > last.high) last.high = price;
        if (price < last.low) last.low = price;
        last.close = price;
        last.volume = add(last.volume, quantity);
        changes.push({ interval, current: last });
        continue;
      }
      const current: Candle = { openTime, open: price, high: price, low: price, close: price, volume: quantity };
      candles.push(current);
      if (candles.length > KEEP[interval]) candles.shift();
      changes.push({ interval, closed: last, current });
    }
    return changes;
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
}
