import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { formatFixed, parseFixed, roundToStep, scale, type Fixed, type Unit } from '../../src/domain/money.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { BTC, TRADING_ENV, balances, order, place } from '../support/trading.ts';

const fixed = <U extends Unit>(text: string): Fixed<U> => parseFixed<U>(text)!;

describe('trading against the simulated market makers', () => {
  let server: TestServer;
  const advance = async (count: number, elapsedMs: number) => {
    const answer = await server.admin.call('POST', '/sim/tick', { count: String(count), elapsedMs: String(elapsedMs) });
    assert.equal(answer.code, 200000);
  };
  before(async () => {
    server = await startTestServer({ env: TRADING_ENV });
    await advance(1, 1000);
  });
  after(() => server.stop());

  it('a market buy fills at once against the house quotes near the reference price', async () => {
    const orderId = await place(server.client, { sym: BTC, side: 'BUY', orderType: 'MARKET', orderQty: '0.05' });
    const filled = await order(server.client, orderId);
    assert.equal(filled.orderState, 'FILLED');
    assert.equal(filled.executedQty, '0.05');
    const average = fixed(filled.executedAvgPrice);
    assert.ok(average > fixed('90000') && average < fixed('100000'), filled.executedAvgPrice);
    const btc = (await balances(server.client))['BINANCE:BTC'];
    assert.deepEqual(btc, { available: '10.05', frozen: '0' });
  });

  it('a resting bid below the market is filled once the price walks down to it (maker fee)', async () => {
    const probe = await order(server.client, await place(server.client, { sym: BTC, side: 'SELL', orderType: 'MARKET', orderQty: '0.001' }));
    const price = roundToStep(scale(fixed<'price'>(probe.executedAvgPrice), 995n, 1000n, 'down'), fixed('0.01'), 'down');
    const orderId = await place(server.client, { sym: BTC, side: 'BUY', orderQty: '0.01', limitPrice: formatFixed(price) });
    let shown = await order(server.client, orderId);
    assert.equal(shown.orderState, 'OPEN');
    for (let round = 0; round < 200 && shown.orderState !== 'FILLED'; round++) {
      await advance(10, 600_000);
      shown = await order(server.client, orderId);
    }
    assert.equal(shown.orderState, 'FILLED');
    assert.equal(shown.executedQty, '0.01');
    assert.equal(fixed(shown.fee), (fixed(shown.executedAmount) * 1n) / 1000n);
    const fills = await server.client.get('/api/v1/trading/executions', { orderId });
    assert.ok(fills.data.every((fill: any) => fill.execType === 'MAKER'));
  });

  it('house portfolios and their orders never show in client views', async () => {
    const assets = await server.client.get('/api/v1/user/asset', {});
    assert.deepEqual(Object.keys(assets.data), [server.demo.portfolioId]);
    assert.ok(assets.data[server.demo.portfolioId].every((row: any) => row.portfolioId === server.demo.portfolioId));
    const history = await server.client.get('/api/v1/trading/history/orders', { pageSize: '1000' });
    assert.ok(history.data.list.every((o: any) => o.portfolioId === server.demo.portfolioId));
    const account = await server.client.get('/api/v1/trading/account', {});
    assert.deepEqual(account.data.map((a: any) => a.exchangeType), ['BINANCE', 'OKX']);
    assert.ok(fixed(account.data[0].equity) > fixed('1000000'));
    assert.equal(account.data[0].frozenMargin, '0');
    const btc = (await server.client.get('/api/v1/trading/portfolio/assets', { exchangeType: 'BINANCE' })).data.list.find((row: any) => row.coin === 'BTC');
    assert.ok(fixed(btc.indexPrice) > 0n);
    assert.equal(fixed(btc.equityValue), (fixed(btc.equity) * fixed(btc.indexPrice)) / 10n ** 18n);
  });
});
