/**
 * `npm run bench:market-start`: what live books and kept market data cost at start and on the way.
 *
 * 1. warm-up: on a fresh data dir, the tick that quotes every traded book before the server listens
 *    (ms, and the house orders it places).
 * 2. candles at start: the history store holding the kept span of every traded sym in every interval
 *    (the most it can hold), read and folded into the market feed, on PGlite (through the history
 *    worker, as `npm start` runs it) and on PostgreSQL.
 * 3. projection: one write of BENCH_BATCHES (6,000, the projector's largest) order batches, then the
 *    same with a public trade in each batch: what the candles add to a write.
 * Each figure is the median of BENCH_RUNS (5) runs.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INTERVALS, KLINE_INTERVALS, keptSpanMs, openTimeOf } from '../src/domain/candles.ts';
import { parseFixed } from '../src/domain/money.ts';
import { EngineRuntime } from '../src/engine/core/runtime.ts';
import type { EventBatch } from '../src/engine/core/events.ts';
import { EngineReads } from '../src/engine/reads.ts';
import { warmUpMarket } from '../src/ops/market-clock.ts';
import { openHistoryDatabase, type HistoryDatabase, type HistoryDatabaseOptions } from '../src/store/history/database.ts';
import { openHistory } from '../src/store/history/history.ts';
import { projectedOf, rowsOf, writeRows } from '../src/store/history/projections/projection.ts';
import { MarketFeed } from '../src/ws/public/market-feed.ts';
import { anExecution, anOrder } from '../test/support/fixtures.ts';
import { testSchema } from '../test/support/postgres.ts';

const RUNS = Number(process.env.BENCH_RUNS || 5);
const BATCHES = Number(process.env.BENCH_BATCHES || 6000);
const CLOCK = { simTickMs: 200, simSpeed: 1, orderRetentionMs: 7 * 86_400_000 };

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const round = (ms: number) => Math.round(ms * 10) / 10;

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'openconnex-bench-market-'));
}

async function warmUp(): Promise<{ ms: number; orders: number; syms: string[] }> {
  const dataDir = tempDir();
  try {
    const runtime = await EngineRuntime.open({ dataDir });
    const reads = new EngineReads(() => runtime.state);
    await runtime.submit('startSimulation', { seed: 1 });
    const started = performance.now();
    await warmUpMarket(runtime.submit, () => reads.market, CLOCK);
    const ms = performance.now() - started;
    const orders = runtime.state.trading.openOrders.count(runtime.state.trading.housePortfolios[0]);
    const syms = [...reads.market.instruments()].filter((i) => reads.market.top(i.sym).bid).map((i) => i.sym);
    await runtime.close();
    return { ms, orders, syms };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Every interval of every sym full: its kept span of candles, the newest opening now. */
async function fillCandles(database: HistoryDatabase, syms: string[]): Promise<number> {
  const now = Date.now();
  for (const interval of INTERVALS) {
    const length = KLINE_INTERVALS[interval];
    const newest = openTimeOf(interval, now);
    await database.rows(
      `INSERT INTO candles (sym, "interval", open_time, open, high, low, close, volume, seq)
       SELECT s.sym, $2, $3::bigint - k * $4::bigint, 95000.5, 95010.25, 94990.75, 95001.5, 1.234567, 1
       FROM unnest($1::text[]) AS s(sym), generate_series(0, $5::int - 1) AS k`,
      [syms, interval, newest, length, keptSpanMs(interval) / length],
    );
  }
  return (await database.rows<{ n: number }>('SELECT count(*)::int AS n FROM candles', []))[0].n;
}

async function candlesAtStart(name: string, options: HistoryDatabaseOptions, syms: string[]) {
  const filling = await openHistoryDatabase(options);
  const rows = await fillCandles(filling, syms);
  await filling.close();
  const runtimeDir = tempDir();
  const runtime = await EngineRuntime.open({ dataDir: runtimeDir });
  await runtime.submit('startSimulation', { seed: 1 });
  const reads = new EngineReads(() => runtime.state);
  const read: number[] = [];
  const fold: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const history = await openHistory({ ...options, onError: (error) => console.error(error) });
    const started = performance.now();
    const kept = await history.store.candles();
    const readAt = performance.now();
    new MarketFeed(reads, Date.now, kept).close();
    fold.push(performance.now() - readAt);
    read.push(readAt - started);
    await history.close(0);
  }
  await runtime.close();
  rmSync(runtimeDir, { recursive: true, force: true });
  return { backend: name, 'candle rows': rows, 'read ms': round(median(read)), 'fold into the feed ms': round(median(fold)) };
}

function orderBatches(withTrade: boolean): EventBatch[] {
  const ts = Date.now();
  return Array.from({ length: BATCHES }, (_, i) => {
    const orderId = String(1_000_000_000_000_000 + i);
    const events: EventBatch['events'] = [
      { type: 'orderUpdated', order: anOrder({ orderId, clientOrderId: `c${i}`, createAt: ts, updateAt: ts }) },
      { type: 'executionCreated', execution: anExecution({ transactionId: String(2_000_000_000_000_000 + i), orderId, createAt: ts }) },
    ];
    if (withTrade) events.push({ type: 'publicTrade', sym: 'BINANCE_SPOT_BTC_USDT', tradeId: String(i), side: 'BUY', price: parseFixed('95000.5')!, quantity: parseFixed('0.01')!, ts: ts + i });
    return { seq: i + 1, ts: ts + i, events };
  });
}

async function projectionWrite(name: string, options: () => HistoryDatabaseOptions & { drop?: () => Promise<void> }) {
  const sample: Record<string, string | number> = { backend: name };
  for (const withTrade of [false, true]) {
    const times: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const target = options();
      const database = await openHistoryDatabase(target);
      const rows = rowsOf(orderBatches(withTrade).map(projectedOf));
      const started = performance.now();
      await writeRows(database, rows, BATCHES);
      times.push(performance.now() - started);
      await database.close();
      await target.drop?.();
      rmSync(target.dataDir, { recursive: true, force: true });
    }
    sample[withTrade ? 'with a trade each ms' : 'orders only ms'] = round(median(times));
  }
  return sample;
}

async function main(): Promise<void> {
  const warmUps = [];
  for (let run = 0; run < RUNS; run++) warmUps.push(await warmUp());
  const { orders, syms } = warmUps[0];
  console.log(`warm-up tick: ${round(median(warmUps.map((w) => w.ms)))} ms (median of ${RUNS}), ${orders} house orders on ${syms.length} books`);

  const pglite = { dataDir: tempDir(), schemaName: 'public' };
  const schema = testSchema();
  const postgres = { dataDir: tempDir(), databaseUrl: schema.env.DATABASE_URL, schemaName: schema.name };
  try {
    console.log('candles at start, every traded sym full in every interval:');
    console.table([await candlesAtStart('PGlite', pglite, syms), await candlesAtStart('PostgreSQL', postgres, syms)]);
  } finally {
    await schema.drop();
    rmSync(pglite.dataDir, { recursive: true, force: true });
    rmSync(postgres.dataDir, { recursive: true, force: true });
  }

  console.log(`one projection write of ${BATCHES} batches (order + execution each):`);
  console.table([
    await projectionWrite('PGlite (in this thread)', () => ({ dataDir: tempDir(), schemaName: 'public' })),
    await projectionWrite('PostgreSQL', () => {
      const fresh = testSchema();
      return { dataDir: tempDir(), databaseUrl: fresh.env.DATABASE_URL, schemaName: fresh.name, drop: fresh.drop };
    }),
  ]);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
