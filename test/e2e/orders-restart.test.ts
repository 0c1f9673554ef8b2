import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rmSync } from 'node:fs';
import { ConnexClient } from '../../src/client/connex-client.ts';
import { startTestServer } from '../support/server.ts';
import { BTC, TRADING_ENV, balances, fund, newTrader, order, place, tick } from '../support/trading.ts';

describe('orders across a restart', () => {
  it('open orders, reservations, pending cancels and the book come back, and trade on', async () => {
    const first = await startTestServer({ env: TRADING_ENV, keepData: true });
    const seller = await newTrader(first, 'Restart01');
    await fund(first, seller.portfolioId, 'BTC', '1');
    const bidId = await place(first.client, { sym: BTC, side: 'BUY', orderQty: '0.2', limitPrice: '40000', clientOrderId: 'keep1' });
    const goneId = await place(first.client, { sym: BTC, side: 'BUY', orderQty: '0.1', limitPrice: '39000' });
    await first.client.delete('/api/v1/trading/order', { orderId: goneId });
    const before = await balances(first.client);
    await first.stop();

    const second = await startTestServer({ env: TRADING_ENV, dataDir: first.dataDir });
    try {
      const client = new ConnexClient(second.baseUrl, first.demo);
      const sellerClient = new ConnexClient(second.baseUrl, seller.client.credentials);
      assert.deepEqual(await balances(client), before);
      assert.equal((await order(client, bidId)).orderState, 'OPEN');
      assert.equal((await order(client, goneId)).action, 'CANCEL_PENDING');
      await tick(second);
      assert.equal((await order(client, goneId)).orderState, 'CANCELLED');
      assert.equal((await client.post('/api/v1/trading/order', { sym: BTC, side: 'BUY', orderQty: '0.1', limitPrice: '40000', clientOrderId: 'keep1' })).code, 401009);
      await place(sellerClient, { sym: BTC, side: 'SELL', orderQty: '0.2', limitPrice: '40000' });
      const filled = await order(client, bidId);
      assert.equal(filled.orderState, 'FILLED');
      assert.deepEqual((await balances(client))['BINANCE:USDT'].frozen, '0');
    } finally {
      await second.stop();
      rmSync(first.dataDir, { recursive: true, force: true });
    }
  });
});
