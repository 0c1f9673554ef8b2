/**
 * Tickers and candles (REST ticker and klines, WebSocket TICKER and KLINE) are rebuilt at start from
 * the history store's candles: the trades before a restart (a crash included) show after it, and new
 * trades go on folding into the same candles.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ConnexClient } from '../../src/client/connex-client.ts';
import { parseFixed } from '../../src/domain/money.ts';
import { readDemoCredentials, startServerProcess } from '../support/process.ts';
import { testSchema, withClient } from '../support/postgres.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { BTC, TRADING_ENV, fund, newTrader } from '../support/trading.ts';
import { WsClient } from '../support/ws.ts';

const LIMITS = JSON.parse(TRADING_ENV.RATE_LIMITS)['*'];
const ENV = { ...TRADING_ENV, RATE_LIMITS: JSON.stringify({ '*': { ...LIMITS, marketData: [100000, 1000] } }) };

describe('tickers and candles across a restart', () => {
  /** Market data a client sees of `sym`: REST ticker and klines, and the WS TICKER and KLINE snapshots on subscribe. */
  async function marketView(server: TestServer, sym: string) {
    const ticker = await server.client.get('/api/v1/market/ticker', { sym });
    const klines: Record<string, unknown> = {};
    for (const interval of ['1m', '1h', '1d', '1w']) {
      // Without the `closed` flag, which follows the clock (a restart may cross a minute).
      klines[interval] = (await server.client.get('/api/v1/market/klines', { sym, interval })).data.map((row: unknown[]) => row.slice(0, 6));
    }
    const ws = await WsClient.open(server.baseUrl, '/v1/public');
    try {
      const snapshot = async (channel: string, args: Record<string, unknown>) => {
        assert.equal((await ws.request({ id: channel, action: 'subscribe', args: { channel, inst: [sym], ...args } })).code, 200000);
        return (await ws.find((f) => f.json?.arg?.channel === channel)).json.data;
      };
      const { ts: _restTs, ...restTicker } = ticker.data;
      const { ts: _wsTs, ...wsTicker } = await snapshot('TICKER', {});
      return { restTicker, klines, wsTicker, wsKline: await snapshot('KLINE', { interval: '1m' }) };
    } finally {
      ws.close();
    }
  }

  for (const backend of ['postgres', 'pglite'] as const) {
    it(`REST and WebSocket show the trades from before the restart, and new trades fold into the same candles (${backend})`, async () => {
      const schema = backend === 'postgres' ? testSchema() : undefined;
      const env = { ...ENV, ...schema?.env };
      const embedded = !schema;
      const first = await startTestServer({ env, embedded, keepData: true });
      const seller = await newTrader(first, 'Seller01');
      await fund(first, seller.portfolioId, 'BTC', '1');
      for (const [price, qty] of [['40000', '0.1'], ['40010', '0.2'], ['39990', '0.05']]) {
        assert.equal((await seller.client.post('/api/v1/trading/order', { sym: BTC, side: 'SELL', orderType: 'LIMIT', orderQty: qty, limitPrice: price })).code, 200000);
        assert.equal((await first.client.post('/api/v1/trading/order', { sym: BTC, side: 'BUY', orderType: 'MARKET', orderQty: qty })).code, 200000);
      }
      const before = await marketView(first, BTC);
      assert.deepEqual(before.restTicker, { sym: BTC, last: '39990', chg: before.restTicker.chg, high24h: '40010', low24h: '39990', vol24h: '0.35' });
      assert.equal((before.wsKline as string[][])[0][5], (before.klines['1m'] as string[][]).at(-1)![5], 'the WS candle is the newest REST one');
      await first.stop();

      const second = await startTestServer({ env, embedded, dataDir: first.dataDir });
      try {
        assert.deepEqual(await marketView(second, BTC), before);
        const sellerClient = new ConnexClient(second.baseUrl, seller.client.credentials);
        const buyer = new ConnexClient(second.baseUrl, first.demo);
        assert.equal((await sellerClient.post('/api/v1/trading/order', { sym: BTC, side: 'SELL', orderType: 'LIMIT', orderQty: '0.15', limitPrice: '40020' })).code, 200000);
        assert.equal((await buyer.post('/api/v1/trading/order', { sym: BTC, side: 'BUY', orderType: 'MARKET', orderQty: '0.15' })).code, 200000);
        const after = await marketView(second, BTC);
        assert.deepEqual([after.restTicker.last, after.restTicker.high24h, after.restTicker.low24h, after.restTicker.vol24h], ['40020', '40020', '39990', '0.5']);
        const week = (after.klines['1w'] as string[][]).at(-1)!;
        assert.deepEqual(week.slice(1, 6), ['40000', '40020', '39990', '40020', '0.5'], 'the week candle goes on from the one kept');
      } finally {
        await second.stop();
        rmSync(first.dataDir, { recursive: true, force: true });
        await schema?.drop();
      }
    });
  }

  it('show the trades of a process killed before it projected them', async () => {
    const schema = testSchema();
    const env = { ...ENV, ...schema.env };
    const dataDir = mkdtempSync(join(tmpdir(), 'openconnex-candles-crash-'));
    try {
      // A market clock that warms the books up and then stays still: the demo user trades with the house.
      const server = await startServerProcess({ ...env, DATA_DIR: dataDir, LOG_LEVEL: 'error', SIM_TICK_MS: '3600000' });
      const client = new ConnexClient(server.baseUrl, readDemoCredentials(dataDir));
      let before: any;
      await withClient(async (locker) => {
        await locker.query('BEGIN');
        await locker.query(`LOCK TABLE "${schema.name}".projection_checkpoint IN ACCESS EXCLUSIVE MODE`);
        for (const side of ['BUY', 'SELL', 'BUY']) {
          assert.equal((await client.post('/api/v1/trading/order', { sym: BTC, side, orderType: 'MARKET', orderQty: '0.01' })).code, 200000);
        }
        before = (await client.get('/api/v1/market/ticker', { sym: BTC })).data;
        await server.kill();
        await locker.query('ROLLBACK');
      });
      const projected = await withClient((db) => db.query(`SELECT coalesce(sum(volume), 0)::text AS v FROM "${schema.name}".candles WHERE sym = $1 AND "interval" = '1w'`, [BTC]));
      assert.ok(parseFixed(projected.rows[0].v)! < parseFixed(before.vol24h)!, 'the killed process must not have projected its trades');

      const restarted = await startTestServer({ env, dataDir });
      try {
        const { ts: _before, ...kept } = before;
        const { ts: _after, ...shown } = (await restarted.client.get('/api/v1/market/ticker', { sym: BTC })).data;
        assert.deepEqual(shown, kept);
      } finally {
        await restarted.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
      await schema.drop();
    }
  });
});
