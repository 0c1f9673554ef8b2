/**
 * Hedge-mode closes reduce the right leg and never open another (research-perps.md §8.7; decisions L5): in BOTH
 * mode DELETE position {positionSide: SHORT} buys back the SHORT and leaves the LONG as it was, and with no LONG
 * held it opens none; a LONG close and a SHORT open, both SELLs, each move their own leg in either order.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ConnexClient } from '../../src/client/connex-client.ts';
import { BTC_PERP, hedgeTrader, marketOrder, PERP_ENV, type perpTrader } from '../support/perp.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const ENV = {
  RATE_LIMITS: JSON.stringify({ '*': { ...JSON.parse(PERP_ENV.RATE_LIMITS)['*'], positionRead: [100000, 1000], positionClose: [100000, 1000] } }),
};

async function legs(client: ConnexClient): Promise<Record<string, string>> {
  const answer = await client.get('/api/v1/trading/position', { sym: BTC_PERP });
  assert.equal(answer.code, 200000, JSON.stringify(answer));
  return Object.fromEntries(answer.data.map((row: any) => [row.positionSide, row.positionQty]));
}

describe('hedge-mode closes (research §8.7)', () => {
  let server: TestServer;
  let hedger: Awaited<ReturnType<typeof perpTrader>>;
  before(async () => {
    server = await startTestServer({ env: ENV });
    hedger = await hedgeTrader(server, 'HedgeCloser', '50000');
  });
  after(async () => {
    await server.stop();
  });

  it('DELETE position {positionSide: SHORT} with only a SHORT held: SHORT 0, LONG still 0', async () => {
    await marketOrder(hedger.client, BTC_PERP, 'SELL', '0.001', { positionSide: 'SHORT' });
    assert.deepEqual(await legs(hedger.client), { LONG: '0', SHORT: '-0.001' });
    const closed = await hedger.client.delete('/api/v1/trading/position', { sym: BTC_PERP, positionSide: 'SHORT' });
    assert.equal(closed.code, 200000, JSON.stringify(closed));
    const order = (await hedger.client.get('/api/v1/trading/order', { orderId: closed.data.orderId })).data;
    assert.deepEqual([order.side, order.positionSide, order.orderState, order.executedQty], ['BUY', 'SHORT', 'FILLED', '0.001']);
    assert.deepEqual(await legs(hedger.client), { LONG: '0', SHORT: '0' });
  });

  it('with both legs held, closing the SHORT leaves the LONG as it was', async () => {
    await marketOrder(hedger.client, BTC_PERP, 'BUY', '0.002', { positionSide: 'LONG' });
    await marketOrder(hedger.client, BTC_PERP, 'SELL', '0.003', { positionSide: 'SHORT' });
    assert.equal((await hedger.client.delete('/api/v1/trading/position', { sym: BTC_PERP, positionSide: 'SHORT' })).code, 200000);
    assert.deepEqual(await legs(hedger.client), { LONG: '0.002', SHORT: '0' });
  });

  it('a SELL closing the LONG and a SELL opening a SHORT each move their own leg, in either order', async () => {
    await marketOrder(hedger.client, BTC_PERP, 'SELL', '0.001', { positionSide: 'LONG' });
    await marketOrder(hedger.client, BTC_PERP, 'SELL', '0.004', { positionSide: 'SHORT' });
    assert.deepEqual(await legs(hedger.client), { LONG: '0.001', SHORT: '-0.004' });
    await marketOrder(hedger.client, BTC_PERP, 'SELL', '0.001', { positionSide: 'SHORT' });
    await marketOrder(hedger.client, BTC_PERP, 'SELL', '0.001', { positionSide: 'LONG' });
    assert.deepEqual(await legs(hedger.client), { LONG: '0', SHORT: '-0.005' });
  });
});
