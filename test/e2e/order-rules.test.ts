import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConnexClient } from '../../src/client/connex-client.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { BTC, TRADING_ENV, balances, fund, newTrader, order, place, tick } from '../support/trading.ts';

const OKX_BTC = 'OKX_SPOT_BTC_USDT';
const limitBuy = { sym: BTC, side: 'BUY', orderType: 'LIMIT', orderQty: '0.01', limitPrice: '30000' };

describe('spot order rules: every refusal has its code and changes nothing', () => {
  let server: TestServer;
  let other: Awaited<ReturnType<typeof newTrader>>;
  before(async () => {
    server = await startTestServer({ env: TRADING_ENV });
    other = await newTrader(server, 'Other001');
    await fund(server, other.portfolioId, 'BTC', '1');
    await fund(server, other.portfolioId, 'USDT', '100000');
  });
  after(() => server.stop());

  async function assertRefused(params: Record<string, string>, code: number, client: ConnexClient = server.client): Promise<void> {
    const before = await balances(client);
    const openBefore = (await client.get('/api/v1/trading/orders', {})).data.totalSize;
    const answer = await client.post('/api/v1/trading/order', params);
    assert.equal(answer.code, code, `${JSON.stringify(params)} → ${JSON.stringify(answer)}`);
    assert.equal(answer.data, null);
    assert.deepEqual(await balances(client), before);
    assert.equal((await client.get('/api/v1/trading/orders', {})).data.totalSize, openBefore);
  }

  it('refuses malformed fields with their codes', async () => {
    const cases: [Record<string, string>, number][] = [
      [{ ...limitBuy, portfolioId: 'abc' }, 401000],
      [{ ...limitBuy, clientOrderId: 'a'.repeat(64) }, 401001],
      [{ ...limitBuy, clientOrderId: 'abc-1' }, 401051],
      [{ ...limitBuy, side: 'HOLD' }, 401002],
      [{ ...limitBuy, orderType: 'STOP' }, 401003],
      [{ ...limitBuy, timeInForce: 'DAY' }, 401004],
      [{ ...limitBuy, orderQty: 'x' }, 401005],
      [{ ...limitBuy, orderQty: '0' }, 401005],
      [{ ...limitBuy, orderQty: '-1' }, 401005],
      [{ ...limitBuy, limitPrice: '1e5' }, 401006],
      [{ ...limitBuy, limitPrice: '0' }, 401006],
      [{ ...limitBuy, sym: 'btcusdt' }, 400000],
      [{ ...limitBuy, sym: 'BINANCE_SPOT_NOPE_USDT' }, 401011],
      [{ ...limitBuy, reduceOnly: 'true' }, 401049],
      [{ ...limitBuy, reduceOnly: 'maybe' }, 401049],
      [{ ...limitBuy, positionSide: 'LONG' }, 401096],
      [{ ...limitBuy, syncMode: 'yes' }, 401113],
      [{ ...limitBuy, colour: 'red' }, 400000],
      [{ side: 'BUY', orderQty: '1', limitPrice: '1' }, 400009],
      [{ sym: BTC, orderQty: '1', limitPrice: '1' }, 400009],
      [{ sym: BTC, side: 'BUY', limitPrice: '1' }, 400009],
      [{ sym: BTC, side: 'BUY', orderQty: '1' }, 400009],
      [{ sym: BTC, side: 'BUY', orderType: 'MARKET' }, 400009],
      [{ ...limitBuy, quoteOrderQty: 'abc' }, 401021],
    ];
    for (const [params, code] of cases) await assertRefused(params, code);
  });

  it('refuses orders that break the instrument rules', async () => {
    const cases: [Record<string, string>, number][] = [
      [{ ...limitBuy, limitPrice: '30000.005' }, 401075],
      [{ ...limitBuy, limitPrice: '30000.000' }, 401015],
      [{ ...limitBuy, orderQty: '0.000015' }, 401071],
      [{ ...limitBuy, orderQty: '0.010000' }, 401013],
      [{ ...limitBuy, sym: OKX_BTC, orderQty: '0.000001' }, 401014],
      [{ ...limitBuy, orderQty: '0.0001' }, 401017],
      [{ ...limitBuy, orderQty: '9001' }, 401025],
      [{ ...limitBuy, quoteOrderQty: '100' }, 401024],
      [{ sym: BTC, side: 'SELL', orderType: 'MARKET', quoteOrderQty: '100' }, 401024],
      [{ sym: BTC, side: 'BUY', orderType: 'MARKET', quoteOrderQty: '100', orderQty: '1' }, 401024],
      [{ sym: BTC, side: 'BUY', orderType: 'MARKET', quoteOrderQty: '0' }, 401021],
      [{ sym: BTC, side: 'BUY', orderType: 'MARKET', quoteOrderQty: '100.001' }, 401122],
      [{ sym: BTC, side: 'BUY', orderType: 'MARKET', quoteOrderQty: '1' }, 401028],
      [{ sym: BTC, side: 'BUY', orderType: 'MARKET', quoteOrderQty: '6000000' }, 401026],
      [{ sym: BTC, side: 'SELL', orderType: 'MARKET', orderQty: '67' }, 401027],
      [{ sym: OKX_BTC, side: 'SELL', orderType: 'MARKET', orderQty: '0.000001' }, 401029],
      [{ sym: BTC, side: 'BUY', orderType: 'MARKET', orderQty: '1', timeInForce: 'GTX' }, 401042],
      [{ ...limitBuy, orderQty: '100', limitPrice: '50000' }, 401055],
      [{ sym: BTC, side: 'SELL', orderQty: '11', limitPrice: '50000' }, 401055],
    ];
    for (const [params, code] of cases) await assertRefused(params, code);
    const refusal = await server.client.post('/api/v1/trading/order', { sym: BTC, side: 'BUY', orderType: 'MARKET', quoteOrderQty: '100.001' });
    assert.equal(refusal.message, 'The precision of the quoted currency shall be lower than the price precision 2.');
  });

  it('checks limit prices against a band around the reference price (BTC 95000): 401016 below it, 401012 above it', async () => {
    await assertRefused({ ...limitBuy, limitPrice: '18999.99' }, 401016);
    await assertRefused({ ...limitBuy, orderQty: '0.0001', limitPrice: '475000.01' }, 401012);
    const inside = await server.client.post('/api/v1/trading/order', { ...limitBuy, limitPrice: '19000' });
    assert.equal(inside.code, 200000);
    await server.client.delete('/api/v1/trading/order', { orderId: inside.data.orderId });
    await tick(server);
  });

  it('acts on portfolios by the rules of D3: 401010, 401046, 401061', async () => {
    await assertRefused({ ...limitBuy, portfolioId: server.demo.portfolioId }, 401010, other.client);
    await assertRefused({ ...limitBuy, portfolioId: '1234567890123456' }, 401010);
    const stranger = await server.admin.call('POST', '/users', { name: 'stranger' });
    await assertRefused({ ...limitBuy, portfolioId: stranger.data.portfolioId }, 401010);
    const viaPrimary = await server.client.post('/api/v1/trading/order', { ...limitBuy, portfolioId: other.portfolioId });
    assert.equal(viaPrimary.code, 200000);
    assert.equal((await order(other.client, viaPrimary.data.orderId)).portfolioId, other.portfolioId);
    await other.client.delete('/api/v1/trading/cancelAll', {});
    const empty = await newTrader(server, 'Empty001');
    await assertRefused(limitBuy, 401046, empty.client);
    assert.equal((await server.admin.call('POST', '/portfolios/placement', { portfolioId: other.portfolioId, forbidden: 'true' })).code, 200000);
    await assertRefused(limitBuy, 401061, other.client);
    await server.admin.call('POST', '/portfolios/placement', { portfolioId: other.portfolioId, forbidden: 'false' });
    await tick(server);
  });

  it('keeps clientOrderId unique per portfolio (401009) and generates it as the orderId', async () => {
    const orderId = await place(server.client, { ...limitBuy, clientOrderId: 'Dup1' });
    await assertRefused({ ...limitBuy, clientOrderId: 'Dup1' }, 401009);
    const generated = await place(server.client, limitBuy);
    assert.equal((await order(server.client, generated)).clientOrderId, generated);
    assert.equal((await other.client.post('/api/v1/trading/order', { ...limitBuy, clientOrderId: 'Dup1' })).code, 200000);
    await server.client.delete('/api/v1/trading/cancelAll', {});
    await other.client.delete('/api/v1/trading/cancelAll', {});
    await tick(server);
    await assertRefused({ ...limitBuy, clientOrderId: 'Dup1' }, 401009);
    assert.equal((await server.client.get('/api/v1/trading/order', { clientOrderId: 'Dup1' })).data.orderId, orderId);
  });

  it('refuses a better-priced order while a worse one of the same side is being cancelled (401121)', async () => {
    const worse = await place(server.client, { ...limitBuy, limitPrice: '30000' });
    await server.client.delete('/api/v1/trading/order', { orderId: worse });
    await assertRefused({ ...limitBuy, limitPrice: '30001' }, 401121);
    await tick(server);
    assert.equal((await server.client.post('/api/v1/trading/order', { ...limitBuy, limitPrice: '30001' })).code, 200000);
    await server.client.delete('/api/v1/trading/cancelAll', {});
    await tick(server);
  });

  it('guards a resting remainder below min notional: no trading against it (401084), no replacing it (401083)', async () => {
    const ask = await place(server.client, { sym: BTC, side: 'SELL', orderQty: '0.0003', limitPrice: '30000' });
    await place(other.client, { sym: BTC, side: 'BUY', orderQty: '0.0002', limitPrice: '30000', timeInForce: 'IOC' });
    assert.equal((await order(server.client, ask)).executedQty, '0.0002');
    await assertRefused({ sym: BTC, side: 'BUY', orderQty: '0.001', limitPrice: '30000' }, 401084);
    assert.equal((await server.client.put('/api/v1/trading/order', { orderId: ask, replacePrice: '30010' })).code, 401083);
    assert.equal((await server.client.post('/api/v1/trading/order', { sym: BTC, side: 'BUY', orderQty: '0.001', limitPrice: '29990' })).code, 200000);
    await server.client.delete('/api/v1/trading/cancelAll', {});
    await tick(server);
  });

  it('limits open orders per sym (401054) and per portfolio (401044)', async () => {
    const trader = await newTrader(server, 'Many0001');
    await fund(server, trader.portfolioId, 'USDT', '1000000');
    for (let i = 0; i < 200; i++) await place(trader.client, { sym: BTC, side: 'BUY', orderQty: '0.001', limitPrice: String(20000 + i) });
    await assertRefused({ sym: BTC, side: 'BUY', orderQty: '0.001', limitPrice: '19500' }, 401054, trader.client);
    for (const [base, low] of [['ETH', 700], ['SOL', 50]] as const) {
      for (let i = 0; i < 150; i++) await place(trader.client, { sym: `BINANCE_SPOT_${base}_USDT`, side: 'BUY', orderQty: '1', limitPrice: String(low + i) });
    }
    await assertRefused({ sym: 'BINANCE_SPOT_BNB_USDT', side: 'BUY', orderQty: '1', limitPrice: '650' }, 401044, trader.client);
    const open = await trader.client.get('/api/v1/trading/orders', { pageSize: '100', page: '5' });
    assert.equal(open.data.totalSize, 500);
    assert.equal(open.data.pageNum, 5);
    await trader.client.delete('/api/v1/trading/cancelAll', {});
    await tick(server);
  });

  it('refuses a generated orderId that another order already took as its clientOrderId (401115)', async () => {
    const frozenAt = Date.now();
    const fixed = await startTestServer({ env: TRADING_ENV, clock: () => frozenAt });
    try {
      const first = await place(fixed.client, limitBuy);
      const taken = String(BigInt(first) + 2n);
      await place(fixed.client, { ...limitBuy, clientOrderId: taken });
      const answer = await fixed.client.post('/api/v1/trading/order', limitBuy);
      assert.equal(answer.code, 401115);
      const next = await fixed.client.post('/api/v1/trading/order', { ...limitBuy, clientOrderId: 'named' });
      assert.equal(next.data.orderId, taken);
    } finally {
      await fixed.stop();
    }
  });

  it('validates order lookups and open-order queries', async () => {
    const lookups: [Record<string, string>, number][] = [
      [{ orderId: '123' }, 401007],
      [{ orderId: '12345678901234ab' }, 401020],
      [{}, 401008],
      [{ orderId: '1234567890123456' }, 401018],
      [{ clientOrderId: 'x'.repeat(64) }, 401001],
    ];
    for (const [params, code] of lookups) {
      assert.equal((await server.client.get('/api/v1/trading/order', params)).code, code, JSON.stringify(params));
      assert.equal((await server.client.delete('/api/v1/trading/order', params)).code, code, JSON.stringify(params));
    }
    const queries: [Record<string, string>, number][] = [
      [{ sym: BTC, businessType: 'PERP' }, 401030],
      [{ sym: BTC, exchange: 'OKX' }, 401030],
      [{ exchange: 'FTX' }, 401023],
      [{ businessType: 'FUTURES' }, 401069],
      [{ pageSize: '1001' }, 400002],
      [{ page: '2' }, 400003],
      [{ begin: '2000', end: '1000' }, 400004],
      [{ begin: String(Date.now() + 3_600_000) }, 400005],
      [{ portfolioId: '12' }, 401000],
    ];
    for (const [params, code] of queries) {
      assert.equal((await server.client.get('/api/v1/trading/orders', params)).code, code, JSON.stringify(params));
    }
  });
});
