/**
 * What a client meets right after the server starts: with a market clock every book the house market
 * makers quote has a bid and an ask before the first request (a first start, and a restart of a data
 * dir whose books never ticked), and a restart of quoted books leaves the market where it was.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ConnexClient } from '../../src/client/connex-client.ts';
import { testSchema } from '../support/postgres.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { BTC, TRADING_ENV, order } from '../support/trading.ts';

const LIMITS = JSON.parse(TRADING_ENV.RATE_LIMITS)['*'];
const ENV = { ...TRADING_ENV, RATE_LIMITS: JSON.stringify({ '*': { ...LIMITS, marketData: [100000, 1000] } }) };
/** A market clock that is on but does not tick during a test: the books move only by the warm-up. */
const CLOCK_ON = { SIM_TICK_MS: '3600000' };
const OKX_BTC = 'OKX_SPOT_BTC_USDT';

async function marketOrder(client: ConnexClient, sym: string, side: 'BUY' | 'SELL') {
  return client.post('/api/v1/trading/order', { sym, side, orderType: 'MARKET', orderQty: '0.01', syncMode: 'true' });
}

async function assertFillsAtOnce(client: ConnexClient, sym: string, side: 'BUY' | 'SELL'): Promise<void> {
  const placed = await marketOrder(client, sym, side);
  assert.equal(placed.code, 200000, JSON.stringify(placed));
  const shown = await order(client, placed.data.orderId);
  assert.equal(shown.orderState, 'FILLED');
  assert.equal(shown.executedQty, '0.01');
}

/** Every SPOT book (the business type traded today) with its best bid and ask. */
async function spotTops(server: TestServer): Promise<Map<string, { bid: string[]; ask: string[] }>> {
  const listed = await server.client.get('/api/v1/trading/sym/info', {});
  const tops = new Map<string, { bid: string[]; ask: string[] }>();
  for (const sym of Object.keys(listed.data).filter((s) => s.split('_')[1] === 'SPOT')) {
    const depth = await server.client.get('/api/v1/market/depth', { sym, limit: '1' });
    assert.equal(depth.code, 200000);
    tops.set(sym, { bid: depth.data.bids[0], ask: depth.data.asks[0] });
  }
  return tops;
}

async function btcIndexPrice(client: ConnexClient): Promise<string> {
  const assets = await client.get('/api/v1/trading/portfolio/assets', { exchangeType: 'BINANCE' });
  return assets.data.list.find((row: any) => row.coin === 'BTC').indexPrice;
}

describe('live books before the first request', () => {
  it('with a market clock, every quoted book has a bid and an ask at start, and a market order fills at once', async () => {
    const server = await startTestServer({ env: { ...ENV, ...CLOCK_ON } });
    try {
      const tops = await spotTops(server);
      assert.ok(tops.size >= 30, `${tops.size} SPOT books`);
      for (const [sym, top] of tops) assert.ok(top.bid && top.ask, `${sym} quoted: ${JSON.stringify(top)}`);
      await assertFillsAtOnce(server.client, BTC, 'BUY');
      await assertFillsAtOnce(server.client, OKX_BTC, 'SELL');
    } finally {
      await server.stop();
    }
  });

  it('a restart warms up books that never ticked, and leaves books that came back quoted as they were', async () => {
    const schema = testSchema();
    const env = { ...ENV, ...schema.env };
    const dataDir = mkdtempSync(join(tmpdir(), 'openconnex-warm-up-'));
    try {
      const idle = await startTestServer({ env, dataDir, keepData: true });
      assert.equal((await marketOrder(idle.client, BTC, 'BUY')).code, 400010, 'no clock: no quotes until the operator ticks');
      await idle.stop();

      const warmed = await startTestServer({ env: { ...env, ...CLOCK_ON }, dataDir, keepData: true });
      await assertFillsAtOnce(warmed.client, BTC, 'BUY');
      const tops = await spotTops(warmed);
      const indexPrice = await btcIndexPrice(warmed.client);
      await warmed.stop();

      const restarted = await startTestServer({ env: { ...env, ...CLOCK_ON }, dataDir, keepData: true });
      try {
        assert.deepEqual(await spotTops(restarted), tops, 'the same books');
        assert.equal(await btcIndexPrice(restarted.client), indexPrice, 'no tick moved the market');
        await assertFillsAtOnce(restarted.client, BTC, 'SELL');
      } finally {
        await restarted.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
      await schema.drop();
    }
  });
});
