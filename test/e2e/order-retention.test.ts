/**
 * Finished orders leave engine memory after the retention (7 days by default) during a tick: order
 * detail then answers from the history store, and their clientOrderId may be used again, while the
 * ids of open orders and of orders finished within the retention stay taken (401009).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConnexClient } from '../../src/client/connex-client.ts';
import { startTestServer } from '../support/server.ts';
import { BTC, TRADING_ENV, order, place, tick } from '../support/trading.ts';

const DAY_MS = 86_400_000;
const restingBuy = { sym: BTC, side: 'BUY', orderType: 'LIMIT', orderQty: '0.01', limitPrice: '30000' };

describe('order retention in engine memory', () => {
  it('prunes finished orders after 7 days; detail answers from history; their clientOrderId is free again', async () => {
    let now = Date.now();
    const server = await startTestServer({ env: TRADING_ENV, clock: () => now });
    const client = new ConnexClient(server.baseUrl, { apiKey: server.demo.apiKey, secretKey: server.demo.secretKey }, () => Math.floor(now / 1000));
    try {
      const finishedId = await place(client, { ...restingBuy, clientOrderId: 'finished' });
      assert.equal((await client.delete('/api/v1/trading/order', { orderId: finishedId })).code, 200000);
      await tick(server);
      const openId = await place(client, { ...restingBuy, clientOrderId: 'stillOpen' });

      now += 7 * DAY_MS - 60_000;
      await tick(server);
      assert.equal((await client.post('/api/v1/trading/order', { ...restingBuy, clientOrderId: 'finished' })).code, 401009, 'kept for 7 days');

      now += 2 * 60_000;
      await tick(server);
      const fromHistory = await order(client, finishedId);
      assert.equal(fromHistory.orderState, 'CANCELLED');
      assert.equal(fromHistory.clientOrderId, 'finished');
      assert.equal((await client.get('/api/v1/trading/order', { clientOrderId: 'finished' })).data.orderId, finishedId);
      assert.equal((await client.post('/api/v1/trading/order', { ...restingBuy, clientOrderId: 'stillOpen' })).code, 401009, 'open orders keep their id');
      assert.equal((await order(client, openId)).orderState, 'OPEN');

      const reusedId = await place(client, { ...restingBuy, clientOrderId: 'finished' });
      assert.notEqual(reusedId, finishedId);
      assert.equal((await client.get('/api/v1/trading/order', { clientOrderId: 'finished' })).data.orderId, reusedId, 'the kept order wins');
      assert.equal((await client.get('/api/v1/trading/order', { orderId: '1234567890123456' })).code, 401018);
    } finally {
      await server.stop();
    }
  });
});
