/**
 * The candles projection over both backends: the kept candles are exactly those the live market
 * feed folds from the same trades, a write repeated (or retried over more batches after it did
 * commit) counts each trade once, and each series keeps only its span.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CandleSeries, INTERVALS } from '../../../../../src/domain/candles.ts';
import { parseFixed, type Fixed, type Unit } from '../../../../../src/domain/money.ts';
import type { EventBatch, PublicTrade } from '../../../../../src/engine/core/events.ts';
import { openHistoryDatabase, type HistoryDatabase } from '../../../../../src/store/history/database.ts';
import { projectedOf, rowsOf, writeRows } from '../../../../../src/store/history/projections/projection.ts';
import { SqlHistoryStore } from '../../../../../src/store/history/queries/sql-history-store.ts';
import { testSchema, type TestSchema } from '../../../../support/postgres.ts';

const f = <U extends Unit>(text: string): Fixed<U> => parseFixed<U>(text)!;
const BTC = 'BINANCE_SPOT_BTC_USDT';
const ETH = 'OKX_SPOT_ETH_USDT';
const MIN = 60_000;
const T0 = Date.UTC(2026, 2, 2, 9, 58, 30);

let tradeIds = 0;
const trade = (sym: string, price: string, quantity: string, ts: number): PublicTrade => ({
  type: 'publicTrade',
  sym,
  tradeId: String(++tradeIds),
  side: 'BUY',
  price: f(price),
  quantity: f(quantity),
  ts,
});

/** Batches of journal records 1, 2, …: several trades of a sym in one record, two syms, minutes and hours apart. */
const BATCHES: EventBatch[] = [
  [trade(BTC, '100', '1', T0), trade(BTC, '104', '0.5', T0), trade(BTC, '99', '0.25', T0), trade(ETH, '10', '3', T0)],
  [trade(BTC, '101', '2', T0 + 20_000)],
  [trade(BTC, '98', '1', T0 + MIN)],
  [trade(ETH, '11', '1', T0 + 2 * MIN), trade(BTC, '97', '1', T0 + 2 * MIN)],
  [trade(BTC, '103', '0.1', T0 + 3 * 60 * MIN)],
  [trade(BTC, '102', '0.3', T0 + 3 * 60 * MIN + 1)],
].map((events, i) => ({ seq: i + 1, ts: events[0].ts, events }));
const batchAt = (seq: number, event: PublicTrade): EventBatch => ({ seq, ts: event.ts, events: [event] });
/** Records 7 and 8, one minute; then record 9, 1 500 minutes after the first. */
const MORE = [batchAt(7, trade(ETH, '12', '1', T0 + 4 * 60 * MIN)), batchAt(8, trade(ETH, '12.5', '1', T0 + 4 * 60 * MIN + 1))];
const LAST = batchAt(9, trade(ETH, '13', '2', T0 + 1500 * MIN));

/** What the live feed folds from the trades of these batches, per sym. */
function liveCandles(batches: readonly EventBatch[]): Map<string, CandleSeries> {
  const series = new Map<string, CandleSeries>();
  for (const { events } of batches) {
    for (const event of events as PublicTrade[]) {
      if (!series.has(event.sym)) series.set(event.sym, new CandleSeries());
      series.get(event.sym)!.add(event.price, event.quantity, event.ts);
    }
  }
  return series;
}

for (const backend of ['pglite', 'postgres'] as const) {
  describe(`candles projection (${backend})`, () => {
    let database: HistoryDatabase;
    let schema: TestSchema | undefined;
    let dataDir: string;
    const write = (batches: readonly EventBatch[]) => writeRows(database, rowsOf(batches.map(projectedOf)), batches.at(-1)!.seq);
    const kept = () => new SqlHistoryStore(database.db).candles();

    /** The kept candles equal the live series of every sym, in every interval. */
    async function assertKeptEqualLive(live: Map<string, CandleSeries>): Promise<void> {
      const rows = await kept();
      for (const [sym, series] of live) {
        for (const interval of INTERVALS) {
          const stored = rows.find((row) => row.sym === sym && row.interval === interval)?.candles;
          assert.deepEqual(stored, series.list(interval), `${sym} ${interval}`);
        }
      }
      assert.equal(rows.length, live.size * INTERVALS.length);
    }

    before(async () => {
      dataDir = mkdtempSync(join(tmpdir(), 'openconnex-candles-'));
      schema = backend === 'postgres' ? testSchema() : undefined;
      database = await openHistoryDatabase({ dataDir, databaseUrl: schema?.env.DATABASE_URL, schemaName: schema?.name ?? 'public' });
    });
    after(async () => {
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
      await schema?.drop();
    });

    it('keeps exactly the candles the live feed folds, written in any slices', async () => {
      await write(BATCHES.slice(0, 2));
      await write(BATCHES.slice(2, 3));
      await write(BATCHES.slice(3));
      await assertKeptEqualLive(liveCandles(BATCHES));
      const btc1h = (await kept()).find((row) => row.sym === BTC && row.interval === '1h')!.candles;
      assert.deepEqual(btc1h[0], { openTime: Date.UTC(2026, 2, 2, 9), open: f('100'), high: f('104'), low: f('98'), close: f('98'), volume: f('4.75') });
      assert.deepEqual(btc1h[1], { openTime: Date.UTC(2026, 2, 2, 10), open: f('97'), high: f('97'), low: f('97'), close: f('97'), volume: f('1') });
    });

    it('counts each trade once when a write is repeated or retried over more batches after it committed', async () => {
      await write(BATCHES.slice(3));
      await write([...BATCHES.slice(2), ...MORE]);
      await assertKeptEqualLive(liveCandles([...BATCHES, ...MORE]));
    });

    it('keeps of each series only the span it keeps live, measured back from its newest candle', async () => {
      await write([LAST]);
      const live = liveCandles([...BATCHES, ...MORE, LAST]);
      assert.ok(live.get(ETH)!.list('1m').length < 4, 'the live series dropped its oldest minutes');
      await assertKeptEqualLive(live);
    });
  });
}
