import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ConnexClient } from '../../src/client/connex-client.ts';
import { startTestServer } from '../support/server.ts';
import { BTC, TRADING_ENV, order, place, tick } from '../support/trading.ts';

const OKX_BTC = 'OKX_SPOT_BTC_USDT';

describe('faults and restrictions across a restart', () => {
  it('faults, orders the venue still holds back and account restrictions come back from the journal', async () => {
    const first = await startTestServer({ env: TRADING_ENV, keepData: true });
    const timeout = await first.admin.call('POST', '/faults', { kind: 'TIMEOUT', exchangeType: 'BINANCE' });
    const latency = await first.admin.call('POST', '/faults', { kind: 'LATENCY', apiKey: first.demo.apiKey, ticks: '2' });
    // The oldest matching fault wins: the key's BINANCE orders time out, its OKX orders wait.
    assert.equal((await first.client.post('/api/v1/trading/order', { sym: BTC, side: 'BUY', orderQty: '0.1', limitPrice: '40000', syncMode: 'true' })).code, 400013);
    const held = await place(first.client, { sym: OKX_BTC, side: 'BUY', orderQty: '0.1', limitPrice: '40000' });
    await tick(first);
    const restricted = await first.admin.call('POST', '/portfolios/restriction', { portfolioId: first.demo.portfolioId, exchangeType: 'OKX', restricted: 'true' });
    assert.equal(restricted.code, 200000);
    await first.stop();

    const second = await startTestServer({ env: TRADING_ENV, dataDir: first.dataDir });
    try {
      const client = new ConnexClient(second.baseUrl, first.demo);
      const faults = (await second.admin.call('GET', '/faults', {})).data;
      assert.deepEqual(faults.map((f: any) => f.faultId), [timeout.data.faultId, latency.data.faultId]);
      assert.equal((await client.post('/api/v1/trading/order', { sym: BTC, side: 'BUY', orderQty: '0.1', limitPrice: '40000', syncMode: 'true' })).code, 400013);
      assert.equal((await client.post('/api/v1/trading/order', { sym: OKX_BTC, side: 'SELL', orderQty: '0.1', limitPrice: '45000' })).code, 401053);
      assert.equal((await order(client, held)).orderState, 'NEW');
      await tick(second);
      const open = await order(client, held);
      assert.equal(open.orderState, 'OPEN');
      assert.deepEqual((await client.get('/api/v1/market/depth', { sym: OKX_BTC, limit: '5' })).data.bids, [['40000', '0.1']]);
    } finally {
      await second.stop();
      rmSync(first.dataDir, { recursive: true, force: true });
    }
  });
});
