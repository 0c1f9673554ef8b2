/** TICKER of one sym (connex-api.md §5.6): last price and the 24-hour change, range and volume. */
import type { Static } from '@sinclair/typebox';
import { add, formatFixed, fromInt, mulDiv, roundTo, sub, ZERO, type Rate, type Size } from '../../domain/money.ts';
import type { CandleSeries } from '../../domain/candles.ts';
import { Decimal, MsText, Strict } from '../../views/schema.ts';

const DAY_MS = 24 * 60 * 60 * 1000;
const HUNDRED: Rate = fromInt(100);

export const TickerViewSchema = Strict(
  { last: Decimal(), chg: Decimal({ description: '24 h change, percent.' }), high24h: Decimal(), low24h: Decimal(), vol24h: Decimal(), ts: MsText() },
  { title: 'Ticker' },
);
export type TickerView = Static<typeof TickerViewSchema>;

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
