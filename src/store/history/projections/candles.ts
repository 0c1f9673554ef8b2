/**
 * The candles projection: public trades folded into the `candles` table, the same candles the live
 * market feed folds (domain/candles.ts), so that the feed's tickers and klines survive a restart.
 *
 * A trade moves twelve candles, so what travels is one summary per sym and time of a batch (its
 * trades' OHLCV), each turned into twelve candle changes by the database. Candle changes add up
 * (volume, high, low), which a write repeated would count twice: the statement therefore folds only
 * the summaries of journal records after the checkpoint it moves, which it reads itself, so a write
 * retried over more batches after an attempt that did commit still adds each trade once.
 */
import { foldTrade, INTERVALS, keptSpanMs, openCandle, openTimeOf, type Candle } from '../../../domain/candles.ts';
import { formatFixed, type Fixed } from '../../../domain/money.ts';
import type { EngineEvent } from '../../../engine/core/events.ts';

const SEPARATOR = '|';

/** The public trades of one batch as one summary per sym and time, `sym|ts|open|high|low|close|volume` (scaled integers). */
export function tradeSummaries(events: readonly EngineEvent[]): string[] {
  // A summary is the candle of the sym's trades at one time.
  let bySymTime: Map<string, { sym: string; candle: Candle }> | undefined;
  for (const event of events) {
    if (event.type !== 'publicTrade') continue;
    bySymTime ??= new Map();
    const key = `${event.sym}${SEPARATOR}${event.ts}`;
    const summary = bySymTime.get(key);
    if (summary) foldTrade(summary.candle, event.price, event.quantity);
    else bySymTime.set(key, { sym: event.sym, candle: openCandle(event.ts, event.price, event.quantity) });
  }
  if (!bySymTime) return [];
  return [...bySymTime.values()].map(({ sym, candle: c }) => [sym, c.openTime, c.open, c.high, c.low, c.close, c.volume].join(SEPARATOR));
}

/** The JSON row of one summary of journal record `seq`, with its candle's open time in each interval, in INTERVALS order. */
export function tradeRow(seq: number, summary: string): string {
  const [sym, ts, open, high, low, close, volume] = summary.split(SEPARATOR);
  const decimal = (scaled: string) => formatFixed(BigInt(scaled) as Fixed); // decoding the summary's scaled integers
  return JSON.stringify({
    seq,
    ts: Number(ts),
    sym,
    open: decimal(open),
    high: decimal(high),
    low: decimal(low),
    close: decimal(close),
    volume: decimal(volume),
    open_times: INTERVALS.map((interval) => openTimeOf(interval, Number(ts))),
  });
}

const sqlArray = (values: readonly (string | number)[], type: string) => `ARRAY[${values.map((v) => (typeof v === 'string' ? `'${v}'` : v)).join(', ')}]::${type}[]`;

/**
 * Common table expressions of the write statement: the summaries in the JSON array `param` of records
 * after `checkpoint` (an SQL expression read before the statement moves it), spread over the intervals,
 * added to their candles; then each series touched drops what lies outside its kept span, measured,
 * as the live series measures it, back from its newest candle.
 */
export function foldTradesIntoCandles(param: string, checkpoint: string): string {
  return `t AS (
    SELECT r.seq, r.ts, r.sym, i."interval", i.open_time, i.kept_span, r.open, r.high, r.low, r.close, r.volume
    FROM json_to_recordset(${param}::json) AS r(seq bigint, ts bigint, sym text, open numeric, high numeric, low numeric, close numeric, volume numeric, open_times bigint[])
    CROSS JOIN LATERAL unnest(${sqlArray(INTERVALS, 'text')}, r.open_times, ${sqlArray(INTERVALS.map(keptSpanMs), 'bigint')}) AS i("interval", open_time, kept_span)
    WHERE r.seq > ${checkpoint}),
  k AS (SELECT sym, "interval", max(open_time) - min(kept_span) AS oldest FROM t GROUP BY sym, "interval"),
  c AS (INSERT INTO candles (sym, "interval", open_time, open, high, low, close, volume, seq)
    SELECT t.sym, t."interval", t.open_time, (array_agg(t.open ORDER BY t.seq, t.ts))[1], max(t.high), min(t.low),
      (array_agg(t.close ORDER BY t.seq DESC, t.ts DESC))[1], sum(t.volume), max(t.seq)
    FROM t JOIN k USING (sym, "interval") WHERE t.open_time > k.oldest
    GROUP BY t.sym, t."interval", t.open_time
    ON CONFLICT (sym, "interval", open_time) DO UPDATE SET high = greatest(candles.high, excluded.high), low = least(candles.low, excluded.low),
      close = excluded.close, volume = candles.volume + excluded.volume, seq = excluded.seq),
  p AS (DELETE FROM candles USING k WHERE candles.sym = k.sym AND candles."interval" = k."interval" AND candles.open_time <= k.oldest)`;
}
