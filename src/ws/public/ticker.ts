/** TICKER of one sym (connex-api.md §5.6): last price and the 24-hour change, range and volume. */
import { add, formatFixed, fromInt, mulDiv, roundTo, sub, ZERO, type Rate, type Size } from '../../domain/money.ts';
import type { CandleSeries } from '../../domain/candles.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
const HUNDRED: Rate = fromInt(100);

export interface TickerView {
  last: string;
  chg: string;
  high24h: string;
  low24h: string;
  vol24h: string;
  ts: string;
}

/** From the 1m candles of the last 24 hours; null before the first trade. */
export function tickerOf(candles: CandleSeries, now: number): TickerView | null {
  const recent = candles.list('1m', now - DAY_MS);
  const latest = candles.latest('1m');
  if (!latest) return null;
  if (recent.length === 0) {
    return { last: formatFixed(latest.close), chg: '0', high24h: formatFixed(latest.close), low24h: formatFixed(latest.close), vol24h: '0', ts: String(now) };
  }
  let high = recent[0].high;
  let low = recent[0].low;
  let volume: Size = ZERO;
  for (const candle of recent) {
    if (candle.high > high) high = candle.high;
    if (candle.low < low) low = candle.low;
    volume = add(volume, candle.volume);
  }
  const open = recent[0].open;
  // percent: 100 × (close − open) / open
  const change = roundTo(mulDiv(HUNDRED, sub(latest.close, open), open, 'halfUp'), 2, 'halfUp');
  return { last: formatFixed(latest.close), chg: formatFixed(change), high24h: formatFixed(high), low24h: formatFixed(low), vol24h: formatFixed(volume), ts: String(now) };
}
