import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseFixed, type Fixed, type Unit } from '../../src/domain/money.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { BTC, TRADING_ENV, balances, fund, newTrader, order, place, tick } from '../support/trading.ts';

const fixed = <U extends Unit>(text: string): Fixed<U> => parseFixed<U>(text)!;

describe('spot orders: lifecycle, balances, fees', () => {
  let server: TestServer;
  let seller: Awaited<ReturnType<typeof newTrader>>;
  before(async () => {
    server = await startTestServer({ env: TRADING_ENV });
    seller = await newTrader(server, 'Seller01');
    await fund(server, seller.portfolioId, 'BTC', '2');
  });
  after(() => server.stop());

  it('a resting limit buy freezes price × qty plus taker-fee headroom, and shows OPEN', async () => {
    const orderId = await place(server.client, { sym: BTC, side: 'BUY', orderType: 'LIMIT', orderQty: '0.5', limitPrice: '40000', clientOrderId: 'bid1' });
    assert.match(orderId, /^\d{16}$/);
    const shown = await order(server.client, orderId);
    assert.equal(shown.orderState, 'OPEN');
    assert.equal(shown.clientOrderId, 'bid1');
    assert.equal(shown.orderQty, '0.5');
    assert.equal(shown.limitPrice, '40000');
    assert.equal(shown.executedQty, '0');
    assert.equal(shown.exchangeType, 'BINANCE');
    assert.equal(shown.businessType, 'SPOT');
    assert.equal(shown.orderType, 'DMA');
    const usdt = (await balances(server.client))['BINANCE:USDT'];
    // 20000 notional + 0.1 % taker fee headroom
    assert.deepEqual(usdt, { available: '979980', frozen: '20020' });
    const open = await server.client.get('/api/v1/trading/orders', { sym: BTC });
    assert.deepEqual(open.data.list.map((o: any) => o.orderId), [orderId]);
  });

  it('a crossing sell fills at the resting price; both sides settle with fees in USDT', async () => {
    const bid = (await server.client.get('/api/v1/trading/orders', {})).data.list[0];
    const sellId = await place(seller.client, { sym: BTC, side: 'SELL', orderType: 'LIMIT', orderQty: '0.2', limitPrice: '39000' });
    const sold = await order(seller.client, sellId);
    assert.equal(sold.orderState, 'FILLED');
    assert.equal(sold.executedQty, '0.2');
    assert.equal(sold.executedAvgPrice, '40000');
    assert.equal(sold.executedAmount, '8000');
    assert.equal(sold.fee, '8');
    assert.equal(sold.feeCoin, 'USDT');
    const bought = await order(server.client, bid.orderId);
    assert.equal(bought.orderState, 'PARTIALLY_FILLED');
    assert.equal(bought.executedQty, '0.2');
    assert.equal(bought.lastExecutedPrice, '40000');
    assert.equal(bought.fee, '8');
    const buyer = await balances(server.client);
    // 0.3 still open: 12000 + 12 headroom frozen; 8000 + 8 fee spent
    assert.deepEqual(buyer['BINANCE:USDT'], { available: '979980', frozen: '12012' });
    assert.deepEqual(buyer['BINANCE:BTC'], { available: '10.2', frozen: '0' });
    const sellerBalances = await balances(seller.client);
    assert.deepEqual(sellerBalances['BINANCE:BTC'], { available: '1.8', frozen: '0' });
    assert.deepEqual(sellerBalances['BINANCE:USDT'], { available: '7992', frozen: '0' });
  });

  it('cancel is accepted as CANCEL_PENDING; the next tick confirms it and releases the funds', async () => {
    const bid = (await server.client.get('/api/v1/trading/orders', {})).data.list[0];
    const answer = await server.client.delete('/api/v1/trading/order', { orderId: bid.orderId });
    assert.equal(answer.code, 200000);
    assert.equal(answer.data.action, 'CANCEL_PENDING');
    const pending = await order(server.client, bid.orderId);
    assert.equal(pending.orderState, 'PARTIALLY_FILLED');
    assert.equal(pending.action, 'CANCEL_PENDING');
    assert.equal((await server.client.delete('/api/v1/trading/order', { orderId: bid.orderId })).code, 401116);
    assert.equal((await server.client.put('/api/v1/trading/order', { orderId: bid.orderId, replacePrice: '40001' })).code, 401116);
    await tick(server);
    const done = await order(server.client, bid.orderId);
    assert.equal(done.orderState, 'CANCELLED');
    assert.equal(done.action, 'CANCEL_COMPLETE');
    assert.equal(done.cancelType, 'USER');
    assert.deepEqual((await balances(server.client))['BINANCE:USDT'], { available: '991992', frozen: '0' });
    assert.equal((await server.client.delete('/api/v1/trading/order', { orderId: bid.orderId })).code, 401019);
    assert.equal((await server.client.put('/api/v1/trading/order', { orderId: bid.orderId, replacePrice: '40001' })).code, 401072);
    assert.equal((await server.client.get('/api/v1/trading/orders', {})).data.totalSize, 0);
  });

  it('a filled order can be neither cancelled nor replaced (401117)', async () => {
    const askId = await place(seller.client, { sym: BTC, side: 'SELL', orderQty: '0.1', limitPrice: '41000' });
    await place(server.client, { sym: BTC, side: 'BUY', orderQty: '0.1', limitPrice: '41000', timeInForce: 'IOC' });
    assert.equal((await order(seller.client, askId)).orderState, 'FILLED');
    assert.equal((await seller.client.delete('/api/v1/trading/order', { orderId: askId })).code, 401117);
    assert.equal((await seller.client.put('/api/v1/trading/order', { orderId: askId, replaceQty: '0.2' })).code, 401117);
    const { clientOrderId } = await order(seller.client, askId);
    assert.equal((await seller.client.delete('/api/v1/trading/order', { clientOrderId })).code, 401117);
    assert.equal((await server.client.delete('/api/v1/trading/order', { orderId: askId })).code, 401018, "another portfolio's finished order is not found");
    assert.equal((await server.client.get('/api/v1/trading/order', { orderId: askId })).code, 401018);
  });

  it('replace keeps the orderId, moves the reservation, and refuses bad replacements leaving the order as it was', async () => {
    const orderId = await place(server.client, { sym: BTC, side: 'BUY', orderQty: '1', limitPrice: '30000', clientOrderId: 'rep1' });
    const before = await balances(server.client);
    assert.equal(before['BINANCE:USDT'].frozen, '30030');
    const replaced = await server.client.put('/api/v1/trading/order', { orderId, replacePrice: '31000', replaceQty: '2' });
    assert.equal(replaced.code, 200000);
    assert.deepEqual(replaced.data, { orderId, orderState: 'OPEN' });
    const shown = await order(server.client, orderId);
    assert.equal(shown.limitPrice, '31000');
    assert.equal(shown.orderQty, '2');
    assert.equal(shown.action, 'AMEND_COMPLETED');
    assert.equal((await balances(server.client))['BINANCE:USDT'].frozen, '62062');
    const refused: [Record<string, string>, number][] = [
      [{ orderId, replacePrice: '31000', replaceQty: '2' }, 401073],
      [{ orderId, replacePrice: '-1' }, 401074],
      [{ orderId, replaceQty: 'abc' }, 401074],
      [{ orderId }, 401074],
      [{ orderId, replaceQty: '1000' }, 401076],
      [{ orderId, replaceQty: '0.0001' }, 401114],
      [{ orderId, replacePrice: '31000.001' }, 401075],
      [{ orderId, replacePrice: '31000.010' }, 401015],
      [{ orderId: '12345', replaceQty: '1' }, 401082],
      [{ orderId: '1234567890123456', replaceQty: '1' }, 401018],
      [{ clientOrderId: 'nosuch', replaceQty: '1' }, 401018],
      [{ replaceQty: '1' }, 401008],
      [{ orderId, replaceQty: '1', syncMode: 'maybe' }, 401113],
    ];
    for (const [params, code] of refused) {
      const answer = await server.client.put('/api/v1/trading/order', params);
      assert.equal(answer.code, code, `${JSON.stringify(params)} → ${JSON.stringify(answer)}`);
    }
    const after = await order(server.client, orderId);
    assert.equal(after.limitPrice, '31000');
    assert.equal(after.orderQty, '2');
    assert.equal((await balances(server.client))['BINANCE:USDT'].frozen, '62062');
    const byClientId = await server.client.put('/api/v1/trading/order', { clientOrderId: 'rep1', replaceQty: '1.5' });
    assert.equal(byClientId.code, 200000);
    assert.equal((await balances(server.client))['BINANCE:USDT'].frozen, '46546.5');
  });

  it('a replacement cannot go below what is already executed (401077)', async () => {
    const orderId = await place(server.client, { sym: BTC, side: 'BUY', orderQty: '0.5', limitPrice: '32000' });
    await place(seller.client, { sym: BTC, side: 'SELL', orderQty: '0.3', limitPrice: '32000' });
    assert.equal((await order(server.client, orderId)).executedQty, '0.3');
    assert.equal((await server.client.put('/api/v1/trading/order', { orderId, replaceQty: '0.3' })).code, 401077);
    assert.equal((await server.client.put('/api/v1/trading/order', { orderId, replaceQty: '0.4' })).code, 200000);
    const shown = await order(server.client, orderId);
    assert.equal(shown.orderQty, '0.4');
    assert.equal(shown.executedQty, '0.3');
  });

  it('cancelAll cancels the open orders of a sym and answers their ids', async () => {
    const open = (await server.client.get('/api/v1/trading/orders', { sym: BTC })).data.list.map((o: any) => o.orderId).sort();
    assert.ok(open.length >= 2);
    const answer = await server.client.delete('/api/v1/trading/cancelAll', { sym: BTC });
    assert.equal(answer.code, 200000);
    assert.deepEqual(answer.data.map((o: any) => o.orderId).sort(), open);
    await tick(server);
    assert.equal((await server.client.get('/api/v1/trading/orders', {})).data.totalSize, 0);
    assert.equal((await balances(server.client))['BINANCE:USDT'].frozen, '0');
    assert.equal((await server.client.delete('/api/v1/trading/cancelAll', { exchangeType: 'FTX' })).code, 401023);
  });

  it('GTX that would cross is rejected: REJECT with its reason, or 401052 in syncMode; nothing stays frozen', async () => {
    await place(seller.client, { sym: BTC, side: 'SELL', orderQty: '0.1', limitPrice: '45000' });
    const asyncId = await place(server.client, { sym: BTC, side: 'BUY', orderQty: '0.1', limitPrice: '45000', timeInForce: 'GTX' });
    const shown = await order(server.client, asyncId);
    assert.equal(shown.orderState, 'REJECT');
    assert.equal(shown.reason, 'GTX order rejected — could not be filled as maker');
    const sync = await server.client.post('/api/v1/trading/order', { sym: BTC, side: 'BUY', orderQty: '0.1', limitPrice: '45000', timeInForce: 'GTX', syncMode: 'true' });
    assert.equal(sync.code, 401052);
    assert.equal((await balances(server.client))['BINANCE:USDT'].frozen, '0');
    const resting = await server.client.post('/api/v1/trading/order', { sym: BTC, side: 'BUY', orderQty: '0.1', limitPrice: '44000', timeInForce: 'GTX', syncMode: 'true' });
    assert.equal(resting.code, 200000);
    assert.equal((await order(server.client, resting.data.orderId)).orderState, 'OPEN');
  });

  it('a market buy by quoteOrderQty spends at most that amount, fee included', async () => {
    await server.client.delete('/api/v1/trading/cancelAll', {});
    await seller.client.delete('/api/v1/trading/cancelAll', {});
    await tick(server);
    await place(seller.client, { sym: BTC, side: 'SELL', orderQty: '0.01', limitPrice: '50000' });
    await place(seller.client, { sym: BTC, side: 'SELL', orderQty: '1', limitPrice: '50100' });
    const before = (await balances(server.client))['BINANCE:USDT'].available;
    const orderId = await place(server.client, { sym: BTC, side: 'BUY', orderType: 'MARKET', quoteOrderQty: '1000' });
    const shown = await order(server.client, orderId);
    assert.equal(shown.orderState, 'FILLED');
    assert.equal(shown.quoteOrderQty, '1000');
    const after = (await balances(server.client))['BINANCE:USDT'];
    const spent = fixed(before) - fixed(after.available);
    assert.ok(spent <= fixed('1000') && spent > fixed('999'), `spent ${spent}`);
    assert.equal(after.frozen, '0');
    assert.equal(fixed(shown.executedAmount) + fixed(shown.fee), spent);
  });

  it('a market sell by quantity takes the bids, and with no bids is rejected (venue NO_LIQUIDITY)', async () => {
    await place(seller.client, { sym: BTC, side: 'BUY', orderQty: '0.01', limitPrice: '49000' });
    const orderId = await place(server.client, { sym: BTC, side: 'SELL', orderType: 'MARKET', orderQty: '0.05' });
    const shown = await order(server.client, orderId);
    assert.equal(shown.orderState, 'CANCELLED');
    assert.equal(shown.cancelType, 'EXPIRE');
    assert.equal(shown.executedQty, '0.01');
    const none = await server.client.post('/api/v1/trading/order', { sym: BTC, side: 'SELL', orderType: 'MARKET', orderQty: '0.05', syncMode: 'true' });
    assert.equal(none.code, 400010);
    assert.equal((await balances(server.client))['BINANCE:BTC'].frozen, '0');
  });
});
