import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runAdminCli } from '../support/process.ts';
import type { TestServer } from '../support/server.ts';
import { BTC, balances, order, place, tick } from '../support/trading.ts';
import type { WsClient } from '../support/ws.ts';
import { startWsTrading, type Trader, type WsTrading } from '../support/ws-trader.ts';

const REJECTS: [kind: string, code: number, reason: string][] = [
  ['EXCHANGE_ERROR', 400010, 'Exchange error'],
  ['UNAVAILABLE', 400011, 'Order processing is temporarily unavailable — please try again'],
  ['LOADING', 400012, 'Service is temporarily unavailable while loading data'],
  ['TIMEOUT', 400013, 'Request timeout'],
  ['DAILY_LIMIT', 400001, 'Daily time limit exceeded'],
  ['INSUFFICIENT_FROZEN', 401057, 'Insufficient frozen balance'],
  ['INSUFFICIENT_BALANCE', 401062, 'Insufficient exchange account balance'],
  ['AVAILABLE_NOT_ENOUGH', 401063, 'Exchange account available not enough'],
  ['NO_ACCOUNT', 401064, 'No account found matching the specified criteria'],
  ['NO_ACCOUNT_GROUP', 401066, 'Can not find exchange account group'],
  ['NO_PRECISION', 401031, 'Precision information not found'],
  ['UNKNOWN_ERROR', 401444, 'Unknown error'],
];

const BID = { sym: BTC, side: 'BUY', orderQty: '0.1', limitPrice: '40000' };

describe('fault injection (decisions F4), self-trade prevention, restricted accounts', () => {
  let trading: WsTrading;
  let server: TestServer;
  let other: Trader;
  let ws: WsClient;
  const setFault = (fields: Record<string, string>) => server.admin.call('POST', '/faults', fields);
  const clearFaults = async () => assert.equal((await server.admin.call('POST', '/faults/clear', {})).code, 200000);
  const frozenUsdt = async () => (await balances(server.client))['BINANCE:USDT'].frozen;
  const openIds = async (client = server.client) => (await client.get('/api/v1/trading/orders', {})).data.list.map((o: any) => o.orderId);
  const cancelAll = async () => {
    for (const client of [server.client, other.client]) assert.equal((await client.delete('/api/v1/trading/cancelAll', {})).code, 200000);
    await tick(server);
  };

  before(async () => {
    trading = await startWsTrading('Other01');
    ({ server, counterparty: other, ws } = trading);
  });
  after(() => trading.stop());

  it('the admin API sets, lists and clears faults, and refuses bad input', async () => {
    const bad: [Record<string, string>, number][] = [
      [{ exchangeType: 'BINANCE' }, 400009],
      [{ kind: 'GREMLINS', exchangeType: 'BINANCE' }, 400000],
      [{ kind: 'TIMEOUT' }, 400000],
      [{ kind: 'TIMEOUT', exchangeType: 'BINANCE', apiKey: server.demo.apiKey }, 400000],
      [{ kind: 'TIMEOUT', exchangeType: 'NYSE' }, 401023],
      [{ kind: 'TIMEOUT', apiKey: 'no-such-key' }, 100018],
      [{ kind: 'LATENCY', exchangeType: 'BINANCE' }, 400009],
      [{ kind: 'TIMEOUT', exchangeType: 'BINANCE', ticks: '2' }, 400000],
      [{ kind: 'LATENCY', exchangeType: 'BINANCE', ticks: '0' }, 400000],
    ];
    for (const [fields, code] of bad) assert.equal((await setFault(fields)).code, code, JSON.stringify(fields));
    assert.deepEqual((await server.admin.call('GET', '/faults', {})).data, []);
    const first = await setFault({ kind: 'TIMEOUT', exchangeType: 'OKX' });
    const second = await setFault({ kind: 'LATENCY', apiKey: server.demo.apiKey, ticks: '3' });
    assert.equal(first.code, 200000);
    const listed = (await server.admin.call('GET', '/faults', {})).data;
    assert.deepEqual(
      listed.map((f: any) => [f.faultId, f.kind, f.venue, f.apiKey, f.ticks]),
      [[first.data.faultId, 'TIMEOUT', 'OKX', undefined, undefined], [second.data.faultId, 'LATENCY', undefined, server.demo.apiKey, 3]],
    );
    assert.deepEqual((await server.admin.call('POST', '/faults/clear', { faultId: first.data.faultId })).data, { cleared: 1 });
    assert.equal((await server.admin.call('POST', '/faults/clear', { faultId: first.data.faultId })).code, 400000);
    assert.deepEqual((await server.admin.call('POST', '/faults/clear', {})).data, { cleared: 1 });
    assert.deepEqual((await server.admin.call('GET', '/faults', {})).data, []);
  });

  for (const [kind, code, reason] of REJECTS) {
    it(`${kind}: an async order ends REJECT with reason "${reason}", syncMode answers ${code}, nothing stays frozen`, async () => {
      assert.equal((await setFault({ kind, exchangeType: 'BINANCE' })).code, 200000);
      const orderId = await place(server.client, BID);
      const shown = await order(server.client, orderId);
      assert.equal(shown.orderState, 'REJECT');
      assert.equal(shown.reason, reason);
      const push = (await ws.next((f) => f.json?.channel === 'Orders' && f.json.data.orderId === orderId && f.json.data.orderState === 'REJECT')).json;
      assert.equal(push.data.reason, reason);
      const sync = await server.client.post('/api/v1/trading/order', { ...BID, syncMode: 'true' });
      assert.equal(sync.code, code);
      assert.equal(sync.message, reason);
      assert.equal(await frozenUsdt(), '0');
      assert.deepEqual(await openIds(), []);
      // The same order on the other venue is untouched by a BINANCE fault.
      const okx = await server.client.post('/api/v1/trading/order', { sym: 'OKX_SPOT_BTC_USDT', side: 'BUY', orderQty: '0.1', limitPrice: '40000', syncMode: 'true' });
      assert.equal(okx.code, 200000, okx.message);
      await clearFaults();
      await cancelAll();
    });
  }

  it('a fault on one API key hits only that key; clearing it lets orders through', async () => {
    assert.equal((await setFault({ kind: 'EXCHANGE_ERROR', apiKey: server.demo.apiKey })).code, 200000);
    assert.equal((await server.client.post('/api/v1/trading/order', { ...BID, syncMode: 'true' })).code, 400010);
    const others = await other.client.post('/api/v1/trading/order', { ...BID, syncMode: 'true' });
    assert.equal(others.code, 200000);
    assert.equal((await order(other.client, others.data.orderId)).orderState, 'OPEN');
    await clearFaults();
    assert.equal((await server.client.post('/api/v1/trading/order', { ...BID, limitPrice: '39000', syncMode: 'true' })).code, 200000);
    await cancelAll();
  });

  it('RISK_CANCEL: the exchange takes the resting order off the book (401111) and its funds come back', async () => {
    assert.equal((await setFault({ kind: 'RISK_CANCEL', exchangeType: 'BINANCE' })).code, 200000);
    const orderId = await place(server.client, BID);
    const shown = await order(server.client, orderId);
    assert.equal(shown.orderState, 'CANCELLED');
    assert.equal(shown.cancelType, 'SYSTEM');
    assert.equal(shown.reason, 'Exchange Order Matching Risk Control Cancellation');
    const push = (await ws.next((f) => f.json?.channel === 'Orders' && f.json.data.orderId === orderId && f.json.data.orderState === 'CANCELLED')).json;
    assert.equal(push.data.reason, 'Exchange Order Matching Risk Control Cancellation');
    assert.equal((await server.client.post('/api/v1/trading/order', { ...BID, syncMode: 'true' })).code, 401111);
    assert.equal(await frozenUsdt(), '0');
    // An order that trades in full never rests, so risk control has nothing to cancel.
    await clearFaults();
    await place(other.client, { sym: BTC, side: 'SELL', orderQty: '0.1', limitPrice: '40000' });
    assert.equal((await setFault({ kind: 'RISK_CANCEL', exchangeType: 'BINANCE' })).code, 200000);
    const filled = await place(server.client, BID);
    assert.equal((await order(server.client, filled)).orderState, 'FILLED');
    await clearFaults();
  });

  it('LATENCY: the order stays NEW with its funds frozen until the venue answers N ticks later', async () => {
    assert.equal((await setFault({ kind: 'LATENCY', apiKey: server.demo.apiKey, ticks: '2' })).code, 200000);
    const sync = await server.client.post('/api/v1/trading/order', { ...BID, syncMode: 'true' });
    assert.equal(sync.code, 200000);
    const orderId = sync.data.orderId;
    assert.equal((await order(server.client, orderId)).orderState, 'NEW');
    assert.equal(await frozenUsdt(), '4004');
    // Another key's sell that would cross it finds an empty book: the bid is not there yet.
    const early = await place(other.client, { sym: BTC, side: 'SELL', orderType: 'MARKET', orderQty: '0.1' });
    assert.equal((await order(other.client, early)).orderState, 'REJECT');
    await tick(server);
    assert.equal((await order(server.client, orderId)).orderState, 'NEW');
    await tick(server);
    assert.equal((await order(server.client, orderId)).orderState, 'OPEN');
    const depth = await server.client.get('/api/v1/market/depth', { sym: BTC, limit: '5' });
    assert.deepEqual(depth.data.bids, [['40000', '0.1']]);

    // Cancelled while the venue still holds it: it never reaches the book.
    const held = await place(server.client, { ...BID, limitPrice: '39000' });
    assert.equal((await server.client.delete('/api/v1/trading/order', { orderId: held })).code, 200000);
    await tick(server);
    const cancelled = await order(server.client, held);
    assert.equal(cancelled.orderState, 'CANCELLED');
    assert.equal(cancelled.cancelType, 'USER');
    await tick(server, 2);
    assert.equal((await order(server.client, held)).orderState, 'CANCELLED');
    assert.deepEqual((await server.client.get('/api/v1/market/depth', { sym: BTC, limit: '5' })).data.bids, [['40000', '0.1']]);
    await clearFaults();
    await cancelAll();
    assert.equal(await frozenUsdt(), '0');
  });

  it('401043: an order that would trade against its own portfolio\'s resting order is refused and changes nothing', async () => {
    const ask = await place(server.client, { sym: BTC, side: 'SELL', orderQty: '0.1', limitPrice: '41000' });
    const before = await balances(server.client);
    for (const params of [
      { sym: BTC, side: 'BUY', orderQty: '0.05', limitPrice: '41000' },
      { sym: BTC, side: 'BUY', orderQty: '0.05', limitPrice: '42000', timeInForce: 'IOC' },
      { sym: BTC, side: 'BUY', orderType: 'MARKET', orderQty: '0.05' },
      { sym: BTC, side: 'BUY', orderType: 'MARKET', quoteOrderQty: '100' },
    ]) {
      const answer = await server.client.post('/api/v1/trading/order', params);
      assert.equal(answer.code, 401043, JSON.stringify(params));
      assert.equal(answer.message, 'An open order exists — cancel it before proceeding');
    }
    assert.deepEqual(await balances(server.client), before);
    assert.deepEqual(await openIds(), [ask]);
    // Not crossing it is fine; another portfolio (like the market makers) trades against it.
    assert.equal((await server.client.post('/api/v1/trading/order', { sym: BTC, side: 'BUY', orderQty: '0.05', limitPrice: '40900' })).code, 200000);
    const taker = await place(other.client, { sym: BTC, side: 'BUY', orderQty: '0.05', limitPrice: '41000' });
    assert.equal((await order(other.client, taker)).orderState, 'FILLED');
    // A market order that the book fills before it reaches the own order is not a self-trade.
    await place(other.client, { sym: BTC, side: 'SELL', orderQty: '0.2', limitPrice: '40950' });
    const market = await server.client.post('/api/v1/trading/order', { sym: BTC, side: 'BUY', orderType: 'MARKET', orderQty: '0.1' });
    assert.equal(market.code, 200000, market.message);
    assert.equal((await order(server.client, market.data.orderId)).executedAvgPrice, '40950');
    assert.equal((await server.client.post('/api/v1/trading/order', { sym: BTC, side: 'BUY', orderType: 'MARKET', orderQty: '0.15' })).code, 401043);
    await cancelAll();
  });

  it('a restricted exchange account refuses BUY with 401045 and SELL with 401053; cancels still work', async () => {
    const resting = await place(server.client, BID);
    const restrict = (restricted: string, venue = 'BINANCE') =>
      server.admin.call('POST', '/portfolios/restriction', { portfolioId: server.demo.portfolioId, exchangeType: venue, restricted });
    assert.deepEqual((await restrict('true')).data, { portfolioId: server.demo.portfolioId, exchangeType: 'BINANCE', restricted: true });
    const buy = await server.client.post('/api/v1/trading/order', { ...BID, limitPrice: '39000' });
    assert.deepEqual([buy.code, buy.message], [401045, 'Account is under risk control — order placement is suspended']);
    const sell = await server.client.post('/api/v1/trading/order', { sym: BTC, side: 'SELL', orderQty: '0.1', limitPrice: '45000' });
    assert.deepEqual([sell.code, sell.message], [401053, 'Exchange account is restricted — unable to close position']);
    assert.equal((await other.client.post('/api/v1/trading/order', { ...BID, limitPrice: '39000' })).code, 200000);
    assert.equal((await server.client.post('/api/v1/trading/order', { sym: 'OKX_SPOT_BTC_USDT', side: 'BUY', orderQty: '0.1', limitPrice: '39000' })).code, 200000);
    assert.equal((await server.client.delete('/api/v1/trading/order', { orderId: resting })).code, 200000);
    await tick(server);
    assert.equal((await order(server.client, resting)).orderState, 'CANCELLED');
    for (const [fields, code] of [
      [{ exchangeType: 'BINANCE', restricted: 'true' }, 400009],
      [{ portfolioId: '9999999999999999', exchangeType: 'BINANCE', restricted: 'true' }, 100001],
      [{ portfolioId: server.demo.portfolioId, exchangeType: 'NYSE', restricted: 'true' }, 401023],
    ] as const) {
      assert.equal((await server.admin.call('POST', '/portfolios/restriction', fields)).code, code);
    }
    assert.equal((await restrict('false')).data.restricted, false);
    assert.equal((await server.client.post('/api/v1/trading/order', { ...BID, limitPrice: '39000' })).code, 200000);
    await cancelAll();
  });

  it('the admin CLI drives faults and restrictions', async () => {
    const env = { OPENCONNEX_URL: server.baseUrl, ADMIN_TOKEN: server.app.adminToken };
    const cli = async (...args: string[]) => {
      const result = await runAdminCli(args, env);
      assert.equal(result.code, 0, result.stderr + result.stdout);
      return JSON.parse(result.stdout).data;
    };
    const fault = await cli('set-fault', '--kind', 'TIMEOUT', '--api-key', server.demo.apiKey);
    assert.equal((await server.client.post('/api/v1/trading/order', { ...BID, syncMode: 'true' })).code, 400013);
    assert.deepEqual((await cli('list-faults')).map((f: any) => f.faultId), [fault.faultId]);
    assert.deepEqual(await cli('clear-faults', '--fault-id', fault.faultId), { cleared: 1 });
    await cli('restrict-account', '--portfolio-id', server.demo.portfolioId, '--exchange-type', 'BINANCE');
    assert.equal((await server.client.post('/api/v1/trading/order', BID)).code, 401045);
    await cli('unrestrict-account', '--portfolio-id', server.demo.portfolioId, '--exchange-type', 'BINANCE');
    assert.equal((await server.client.post('/api/v1/trading/order', BID)).code, 200000);
  });
});
