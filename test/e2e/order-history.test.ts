import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../support/server.ts';
import { BTC, TRADING_ENV, fund, newTrader, place, tick } from '../support/trading.ts';

describe('order history and executions', () => {
  let server: TestServer;
  let seller: Awaited<ReturnType<typeof newTrader>>;
  let filledId: string;
  let cancelledId: string;
  before(async () => {
    server = await startTestServer({ env: TRADING_ENV });
    seller = await newTrader(server, 'HistSell1');
    await fund(server, seller.portfolioId, 'BTC', '1');
    filledId = await place(server.client, { sym: BTC, side: 'BUY', orderQty: '0.1', limitPrice: '40000', clientOrderId: 'hist1' });
    await place(seller.client, { sym: BTC, side: 'SELL', orderQty: '0.04', limitPrice: '40000' });
    await place(seller.client, { sym: BTC, side: 'SELL', orderQty: '0.06', limitPrice: '39990' });
    cancelledId = await place(server.client, { sym: 'BINANCE_SPOT_ETH_USDT', side: 'BUY', orderQty: '1', limitPrice: '2000' });
    await server.client.delete('/api/v1/trading/order', { orderId: cancelledId });
    await tick(server);
  });
  after(() => server.stop());

  it('history/orders lists finished orders newest first, with filters', async () => {
    const all = await server.client.get('/api/v1/trading/history/orders', {});
    assert.equal(all.code, 200000);
    assert.deepEqual(all.data.list.map((o: any) => [o.orderId, o.orderState]), [[cancelledId, 'CANCELLED'], [filledId, 'FILLED']]);
    assert.equal(all.data.pageSize, 100);
    const filled = all.data.list[1];
    assert.equal(filled.executedQty, '0.1');
    assert.equal(filled.executedAvgPrice, '40000');
    assert.equal(filled.fee, '4');
    assert.equal(filled.clientOrderId, 'hist1');
    const executedOnly = await server.client.get('/api/v1/trading/history/orders', { filterExecuted: 'true' });
    assert.deepEqual(executedOnly.data.list.map((o: any) => o.orderId), [filledId]);
    const bySym = await server.client.get('/api/v1/trading/history/orders', { sym: 'BINANCE_SPOT_ETH_USDT' });
    assert.deepEqual(bySym.data.list.map((o: any) => o.orderId), [cancelledId]);
    const archive = await server.client.get('/api/v1/trading/archive/history/orders', {});
    assert.equal(archive.data.totalSize, 0);
  });

  it('executions show each fill with price, quantity and fee; pageable and by order', async () => {
    const fills = await server.client.get('/api/v1/trading/executions', { orderId: filledId });
    assert.equal(fills.code, 200000);
    assert.deepEqual(
      fills.data.map((e: any) => [e.side, e.quantity, e.price, e.fee, e.feeCoin, e.execType]),
      [
        ['BUY', '0.06', '40000', '2.4', 'USDT', 'MAKER'],
        ['BUY', '0.04', '40000', '1.6', 'USDT', 'MAKER'],
      ],
    );
    const sellerFills = await seller.client.get('/api/v1/trading/executions/pageable', { pageSize: '1', page: '2' });
    assert.equal(sellerFills.data.totalSize, 2);
    assert.equal(sellerFills.data.pageNum, 2);
    assert.equal(sellerFills.data.list[0].quantity, '0.04');
    assert.equal(sellerFills.data.list[0].execType, 'TAKER');
    const viaPrimary = await server.client.get('/api/v1/trading/executions', { portfolioId: seller.portfolioId, limit: '1' });
    assert.equal(viaPrimary.data.length, 1);
    assert.equal((await server.client.get('/api/v1/trading/archive/executions/pageable', {})).data.totalSize, 0);
  });

  it('validates history queries: 400002–400007', async () => {
    const now = Date.now();
    const cases: [string, Record<string, string>, number][] = [
      ['/api/v1/trading/history/orders', { pageSize: '1001' }, 400002],
      ['/api/v1/trading/history/orders', { page: '3' }, 400003],
      ['/api/v1/trading/history/orders', { begin: String(now - 1000), end: String(now - 2000) }, 400004],
      ['/api/v1/trading/history/orders', { begin: String(now + 3_600_000) }, 400005],
      ['/api/v1/trading/history/orders', { end: String(now - 8 * 86_400_000) }, 400006],
      ['/api/v1/trading/archive/history/orders', { end: String(now - 91 * 86_400_000) }, 400006],
      ['/api/v1/trading/executions', { limit: '1001' }, 400007],
      ['/api/v1/trading/executions', { limit: '0' }, 400007],
      ['/api/v1/trading/executions', { orderId: '42' }, 401007],
      ['/api/v1/trading/executions/pageable', { sym: BTC, businessType: 'PERP' }, 401030],
      ['/api/v1/trading/history/orders', { filterExecuted: 'sometimes' }, 400000],
      ['/api/v1/trading/history/orders', { portfolioId: server.demo.portfolioId }, 200000],
    ];
    for (const [path, params, code] of cases) {
      assert.equal((await server.client.get(path, params)).code, code, `${path} ${JSON.stringify(params)}`);
    }
    assert.equal((await seller.client.get('/api/v1/trading/history/orders', { portfolioId: server.demo.portfolioId })).code, 401010);
  });
});
