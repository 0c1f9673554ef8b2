/**
 * Perp orders through the API (decisions L3–L6; issue 9 item 4): every rule a PERP order meets, each
 * code reached by real input or state, and that a refused order leaves nothing frozen and no position
 * touched. Reduce-only orders: displaced by a better one (401068's reason), cut when the position shrinks.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ConnexClient } from '../../src/client/connex-client.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { BTC_PERP, PERP_ENV, accountRow, fixed, markPrice, marketOrder, perpTrader, quoteBooks, setLeverage } from '../support/perp.ts';
import { fund, order, place, tick } from '../support/trading.ts';
import { openDemoPrivate } from '../support/ws.ts';
import { formatFixed, mul, roundToStep } from '../../src/domain/money.ts';

const OKX_BTC_PERP = 'OKX_PERP_BTC_USDT';

/** A limit price `factor` × the mark, on BTC perp's 0.1 tick. */
async function priceNear(client: ConnexClient, factor: string, sym = BTC_PERP): Promise<string> {
  return formatFixed(roundToStep(mul(fixed<'price'>(await markPrice(client, sym)), fixed<'rate'>(factor)), fixed<'price'>('0.1'), 'down'));
}

async function code(client: ConnexClient, params: Record<string, string>): Promise<number> {
  return (await client.post('/api/v1/trading/order', params)).code;
}

describe('perp orders: the rules an order meets (decisions L3–L6)', () => {
  let server: TestServer;
  let trader: Awaited<ReturnType<typeof perpTrader>>;
  before(async () => {
    server = await startTestServer({ env: PERP_ENV });
    trader = await perpTrader(server, 'PerpOrders1', '100000');
    await quoteBooks(server);
  });
  after(() => server.stop());

  it('needs a leverage set first (401037), takes no quoteOrderQty (401024) and in NET mode no LONG/SHORT (401096)', async () => {
    assert.equal(await code(trader.client, { sym: BTC_PERP, side: 'BUY', orderType: 'MARKET', orderQty: '0.01' }), 401037);
    await setLeverage(trader.client, BTC_PERP, '10');
    assert.equal(await code(trader.client, { sym: BTC_PERP, side: 'BUY', orderType: 'MARKET', quoteOrderQty: '1000' }), 401024);
    assert.equal(await code(trader.client, { sym: BTC_PERP, side: 'BUY', orderType: 'MARKET', orderQty: '0.01', positionSide: 'LONG' }), 401096);
    assert.equal(await code(trader.client, { sym: BTC_PERP, side: 'BUY', orderType: 'MARKET', orderQty: '0.01', positionSide: 'SIDEWAYS' }), 401096);
    assert.equal(await code(trader.client, { sym: BTC_PERP, side: 'BUY', orderType: 'MARKET', orderQty: '0.01', reduceOnly: 'maybe' }), 401049);
  });

  it('margin orders take no reduceOnly (401049) either', async () => {
    assert.equal(await code(trader.client, { sym: 'BINANCE_MARGIN_BTC_USDT', side: 'BUY', orderType: 'LIMIT', orderQty: '0.01', limitPrice: '50000', reduceOnly: 'true' }), 401049);
  });

  it('spot orders take no reduceOnly (401049) nor LONG/SHORT (401096)', async () => {
    assert.equal(await code(trader.client, { sym: 'BINANCE_SPOT_BTC_USDT', side: 'BUY', orderType: 'LIMIT', orderQty: '0.01', limitPrice: '50000', reduceOnly: 'true' }), 401049);
    assert.equal(await code(trader.client, { sym: 'BINANCE_SPOT_BTC_USDT', side: 'BUY', orderType: 'LIMIT', orderQty: '0.01', limitPrice: '50000', positionSide: 'LONG' }), 401096);
  });

  it('a reduce-only order needs a position (401048) and must go against it (401047)', async () => {
    assert.equal(await code(trader.client, { sym: BTC_PERP, side: 'SELL', orderType: 'MARKET', orderQty: '0.01', reduceOnly: 'true' }), 401048);
    const bought = await marketOrder(trader.client, BTC_PERP, 'BUY', '0.1');
    assert.equal(bought.leverage, 10);
    assert.equal(bought.reduceOnly, false);
    assert.equal(bought.positionSide, 'NONE');
    assert.equal(await code(trader.client, { sym: BTC_PERP, side: 'BUY', orderType: 'MARKET', orderQty: '0.01', reduceOnly: 'true' }), 401047);
  });

  it('reduce-only orders never exceed the position: a worse one is refused (401059), a better one displaces the worse (cancelType REDUCE_ONLY, 401068)', async () => {
    const first = await place(trader.client, { sym: BTC_PERP, side: 'SELL', orderType: 'LIMIT', orderQty: '0.06', limitPrice: await priceNear(trader.client, '1.02'), reduceOnly: 'true' });
    assert.equal((await order(trader.client, first)).reduceOnly, true);
    assert.equal(await code(trader.client, { sym: BTC_PERP, side: 'SELL', orderType: 'LIMIT', orderQty: '0.06', limitPrice: await priceNear(trader.client, '1.03'), reduceOnly: 'true' }), 401059);
    const better = await place(trader.client, { sym: BTC_PERP, side: 'SELL', orderType: 'LIMIT', orderQty: '0.06', limitPrice: await priceNear(trader.client, '1.01'), reduceOnly: 'true' });
    const displaced = await order(trader.client, first);
    assert.equal(displaced.orderState, 'CANCELLED');
    assert.equal(displaced.cancelType, 'REDUCE_ONLY');
    assert.match(displaced.reason, /^Due to an order with a better price, BINANCE_PERP_BTC_USDT reduce only order to SELL 0\.06 BTC at [\d.]+ was cancelled$/);
    assert.equal((await order(trader.client, better)).orderState, 'OPEN');
  });

  it('when the position shrinks, resting reduce-only orders are cut to what it still holds', async () => {
    const resting = (await trader.client.get('/api/v1/trading/orders', { sym: BTC_PERP })).data.list.find((o: any) => o.reduceOnly);
    await marketOrder(trader.client, BTC_PERP, 'SELL', '0.07');
    const cut = await order(trader.client, resting.orderId);
    assert.equal(cut.orderState, 'OPEN');
    assert.equal(cut.orderQty, '0.03');
    // Closing at market while a close order of the position rests: cancel it first (401038).
    assert.equal((await trader.client.delete('/api/v1/trading/position', { sym: BTC_PERP })).code, 401038);
    assert.equal((await trader.client.put('/api/v1/trading/order', { orderId: resting.orderId, replaceQty: '0.05' })).code, 401081);
    await marketOrder(trader.client, BTC_PERP, 'SELL', '0.03');
    const gone = await order(trader.client, resting.orderId);
    assert.deepEqual([gone.orderState, gone.cancelType], ['CANCELLED', 'REDUCE_ONLY']);
  });

  it('a reduce-only order waits for one the venue has not answered yet (401120)', async () => {
    await marketOrder(trader.client, BTC_PERP, 'BUY', '0.02');
    const fault = await server.admin.call('POST', '/faults', { kind: 'LATENCY', apiKey: trader.credentials.apiKey, ticks: '2' });
    assert.equal(fault.code, 200000);
    const reduce = { sym: BTC_PERP, side: 'SELL', orderType: 'LIMIT', orderQty: '0.01', reduceOnly: 'true' };
    const pending = await place(trader.client, { ...reduce, limitPrice: await priceNear(trader.client, '1.02') });
    assert.equal((await order(trader.client, pending)).orderState, 'NEW');
    assert.equal(await code(trader.client, { ...reduce, limitPrice: await priceNear(trader.client, '1.03') }), 401120);
    assert.equal((await server.admin.call('POST', '/faults/clear', {})).code, 200000);
    await tick(server, 3);
    assert.equal((await order(trader.client, pending)).orderState, 'OPEN');
  });

  it('caps the notional by leverage (401060) and by the table (401070), and the venue’s open interest (401092)', async () => {
    await setLeverage(trader.client, BTC_PERP, '100');
    // 100x allows 800 000 USDT of BTCUSDT; 10 BTC are ~950 000.
    assert.equal(await code(trader.client, { sym: BTC_PERP, side: 'BUY', orderType: 'LIMIT', orderQty: '10', limitPrice: await priceNear(trader.client, '0.99') }), 401060);
    await setLeverage(trader.client, BTC_PERP, '10');
    await fund(server, trader.portfolioId, 'USDT', '100000', 'OKX');
    await setLeverage(trader.client, OKX_BTC_PERP, '1');
    // OKX BTC-USDT-SWAP tiers end at 32 000 contracts (320 BTC), whatever the leverage.
    const okxPrice = await priceNear(trader.client, '0.9', OKX_BTC_PERP);
    assert.equal(await code(trader.client, { sym: OKX_BTC_PERP, side: 'BUY', orderType: 'LIMIT', orderQty: '32001', limitPrice: okxPrice }), 401070);
    const limited = await server.admin.call('POST', '/sim/perpLimits', { sym: BTC_PERP, openInterestLimit: '1' });
    assert.equal(limited.code, 200000, JSON.stringify(limited));
    assert.equal(await code(trader.client, { sym: BTC_PERP, side: 'BUY', orderType: 'MARKET', orderQty: '0.01' }), 401092);
    assert.equal((await server.admin.call('POST', '/sim/perpLimits', { sym: BTC_PERP, openInterestLimit: '100000000' })).code, 200000);
  });

  it('an exchange that lowers the sym’s maximum leverage refuses orders above it (401112) until the leverage comes down', async () => {
    assert.equal((await server.admin.call('POST', '/sim/perpLimits', { sym: BTC_PERP, maxLeverage: '5' })).code, 200000);
    const answer = await trader.client.post('/api/v1/trading/order', { sym: BTC_PERP, side: 'BUY', orderType: 'MARKET', orderQty: '0.01' });
    assert.deepEqual([answer.code, answer.message], [401112, 'Due to exchange parameter adjustments, The maximum leverage for this symbol is 5. Please reduce the leverage ratio.']);
    assert.equal((await trader.client.post('/api/v1/trading/position/leverage', { sym: BTC_PERP, leverage: '10' })).code, 401034);
    await setLeverage(trader.client, BTC_PERP, '5');
    await marketOrder(trader.client, BTC_PERP, 'BUY', '0.01');
    assert.equal((await server.admin.call('POST', '/sim/perpLimits', { sym: BTC_PERP, maxLeverage: '150' })).code, 200000);
  });

  it('initial margin must fit the available margin (401058), also once a limit’s loss against the mark counts (401056); a replace too (401078, 401080, 401079)', async () => {
    const small = await perpTrader(server, 'PerpMargin1', '1000');
    await setLeverage(small.client, BTC_PERP, '10');
    const before = await accountRow(small.client);
    assert.equal(await code(small.client, { sym: BTC_PERP, side: 'BUY', orderType: 'LIMIT', orderQty: '0.2', limitPrice: await priceNear(small.client, '0.99') }), 401058);
    const tiny = await perpTrader(server, 'PerpMargin2', '200');
    await setLeverage(tiny.client, BTC_PERP, '100');
    // IM ≈ 100 fits 200, but buying 0.1 BTC 5 % above the mark loses ≈ 475 at once.
    assert.equal(await code(tiny.client, { sym: BTC_PERP, side: 'BUY', orderType: 'LIMIT', orderQty: '0.1', limitPrice: await priceNear(tiny.client, '1.05') }), 401056);
    const resting = await place(small.client, { sym: BTC_PERP, side: 'BUY', orderType: 'LIMIT', orderQty: '0.05', limitPrice: await priceNear(small.client, '0.98') });
    assert.equal((await small.client.put('/api/v1/trading/order', { orderId: resting, replaceQty: '0.2' })).code, 401078);
    assert.equal((await order(small.client, resting)).orderQty, '0.05');
    await small.client.delete('/api/v1/trading/order', { orderId: resting });
    await tick(server);
    assert.deepEqual(await accountRow(small.client), { ...before, updateAt: (await accountRow(small.client)).updateAt });

    const big = await perpTrader(server, 'PerpReplace1', '100000');
    await setLeverage(big.client, BTC_PERP, '100');
    const bid = await place(big.client, { sym: BTC_PERP, side: 'BUY', orderType: 'LIMIT', orderQty: '1', limitPrice: await priceNear(big.client, '0.98') });
    assert.equal((await big.client.put('/api/v1/trading/order', { orderId: bid, replaceQty: '9' })).code, 401080);
    await fund(server, big.portfolioId, 'USDT', '100000', 'OKX');
    await setLeverage(big.client, OKX_BTC_PERP, '1');
    const okxBid = await place(big.client, { sym: OKX_BTC_PERP, side: 'BUY', orderType: 'LIMIT', orderQty: '100', limitPrice: await priceNear(big.client, '0.9', OKX_BTC_PERP) });
    assert.equal((await big.client.put('/api/v1/trading/order', { orderId: okxBid, replaceQty: '33000' })).code, 401079);
  });

  it('a spot order may not freeze collateral the positions need (401058): the unified account is one pool', async () => {
    const mixed = await perpTrader(server, 'PerpSpot1', '2000');
    await setLeverage(mixed.client, BTC_PERP, '10');
    await marketOrder(mixed.client, BTC_PERP, 'BUY', '0.2');
    const before = await accountRow(mixed.client);
    assert.equal(await code(mixed.client, { sym: 'BINANCE_SPOT_BTC_USDT', side: 'BUY', orderType: 'LIMIT', orderQty: '0.01', limitPrice: '50000' }), 401058);
    assert.equal((await accountRow(mixed.client)).frozenMargin, before.frozenMargin);
    assert.equal(await code(mixed.client, { sym: 'BINANCE_SPOT_BTC_USDT', side: 'BUY', orderType: 'LIMIT', orderQty: '0.0002', limitPrice: '50000' }), 200000);
  });

  it('in BOTH mode positionSide is required (401091), reduceOnly refused (401049), a close needs the position (401093) and no more than it (401119)', async () => {
    const hedger = await perpTrader(server, 'PerpHedge1', '100000');
    await setLeverage(hedger.client, BTC_PERP, '10');
    const mode = await hedger.client.post('/api/v1/trading/account', { exchangeType: 'BINANCE', positionMode: 'BOTH' });
    assert.equal(mode.code, 200000, JSON.stringify(mode));
    const base = { sym: BTC_PERP, orderType: 'MARKET', orderQty: '0.01' };
    assert.equal(await code(hedger.client, { ...base, side: 'BUY' }), 401091);
    assert.equal(await code(hedger.client, { ...base, side: 'BUY', positionSide: 'NONE' }), 401091);
    assert.equal(await code(hedger.client, { ...base, side: 'BUY', positionSide: 'LONG', reduceOnly: 'true' }), 401049);
    assert.equal(await code(hedger.client, { ...base, side: 'SELL', positionSide: 'LONG' }), 401093);
    const long = await marketOrder(hedger.client, BTC_PERP, 'BUY', '0.01', { positionSide: 'LONG' });
    assert.equal(long.positionSide, 'LONG');
    const short = await marketOrder(hedger.client, BTC_PERP, 'SELL', '0.02', { positionSide: 'SHORT' });
    assert.equal(short.positionSide, 'SHORT');
    assert.equal(await code(hedger.client, { ...base, side: 'SELL', positionSide: 'LONG', orderQty: '0.02' }), 401119);
    await marketOrder(hedger.client, BTC_PERP, 'SELL', '0.01', { positionSide: 'LONG' });
    // Closing the LONG left the SHORT as it was (research §8.7).
    const account = await accountRow(hedger.client);
    assert.equal(account.positionMode, 'BOTH');
    assert.ok(fixed(account.positionValue) > 0n);
  });

  it('the private WebSocket takes the same perp fields and answers the same codes', async () => {
    const ws = await openDemoPrivate(server);
    try {
      await setLeverage(server.client, BTC_PERP, '20');
      const act = (id: string, args: Record<string, unknown>) => ws.request({ id, action: 'place_order', args: { sym: BTC_PERP, orderType: 'MARKET', orderQty: '0.01', ...args } });
      assert.equal((await act('p1', { side: 'BUY', positionSide: 'LONG' })).code, 401096);
      assert.equal((await act('p2', { side: 'SELL', reduceOnly: 'true' })).code, 401048);
      const placed = await act('p3', { side: 'BUY' });
      assert.equal(placed.code, 200000, JSON.stringify(placed));
      const filled = (await ws.next((f) => f.json?.channel === 'Orders' && f.json.data.orderId === placed.data.orderId && f.json.data.orderState === 'FILLED')).json;
      assert.deepEqual([filled.data.leverage, filled.data.positionSide, filled.data.reduceOnly], ['20', 'NONE', false]);
      const closing = await act('p4', { side: 'SELL', reduceOnly: 'true' });
      assert.equal(closing.code, 200000, JSON.stringify(closing));
      assert.equal((await act('p5', { side: 'BUY', reduceOnly: 'true' })).code, 401048);
    } finally {
      ws.close();
    }
  });

  it('while the account is liquidating every write but a cancel answers 401118', async () => {
    const gambler = await perpTrader(server, 'PerpLiq1', '2000');
    await setLeverage(gambler.client, BTC_PERP, '50');
    await marketOrder(gambler.client, BTC_PERP, 'BUY', '0.9');
    const resting = await place(gambler.client, { sym: BTC_PERP, side: 'BUY', orderType: 'LIMIT', orderQty: '0.002', limitPrice: await priceNear(gambler.client, '0.8') });
    const mark = fixed<'price'>(await markPrice(gambler.client, BTC_PERP));
    const crash = formatFixed(roundToStep(mul(mark, fixed<'rate'>('0.975')), fixed<'price'>('1'), 'down'));
    assert.equal((await server.admin.call('POST', '/sim/price', { asset: 'BTC', price: crash })).code, 200000);
    assert.match((await accountRow(gambler.client)).accountStatus, /^(LIQUIDATING|TAKEOVER)$/);
    assert.equal(await code(gambler.client, { sym: BTC_PERP, side: 'BUY', orderType: 'MARKET', orderQty: '0.01' }), 401118);
    assert.equal(await code(gambler.client, { sym: 'BINANCE_SPOT_BTC_USDT', side: 'BUY', orderType: 'LIMIT', orderQty: '0.002', limitPrice: '50000' }), 401118);
    assert.equal((await gambler.client.put('/api/v1/trading/order', { orderId: resting, replacePrice: await priceNear(gambler.client, '0.7') })).code, 401118);
    assert.equal((await gambler.client.post('/api/v1/trading/position/leverage', { sym: BTC_PERP, leverage: '20' })).code, 401118);
    assert.equal((await gambler.client.delete('/api/v1/trading/order', { orderId: resting })).code, 200000);
  });
});

describe("the reference's PEPR typo names the PERP market everywhere (connex-api.md §1.4: normalise, never echo)", () => {
  let server: TestServer;
  let trader: Awaited<ReturnType<typeof perpTrader>>;
  const TYPO = 'BINANCE_PEPR_BTC_USDT';
  before(async () => {
    server = await startTestServer({ env: PERP_ENV });
    trader = await perpTrader(server, 'PerpTypo', '100000');
    await quoteBooks(server);
    await setLeverage(trader.client, TYPO, '10');
  });
  after(() => server.stop());

  it('an order placed on the typo rests on the PERP book, shows the PERP sym, is found by either spelling and cancels; the account still reads', async () => {
    const orderId = await place(trader.client, { sym: TYPO, side: 'BUY', orderType: 'LIMIT', orderQty: '0.01', limitPrice: await priceNear(trader.client, '0.9') });
    assert.equal((await order(trader.client, orderId)).sym, BTC_PERP);
    for (const sym of [TYPO, BTC_PERP]) {
      const open = await trader.client.get('/api/v1/trading/orders', { sym });
      assert.deepEqual(open.data.list.map((row: any) => [row.orderId, row.sym]), [[orderId, BTC_PERP]], `open orders of ${sym}`);
    }
    assert.ok(fixed(await accountRow(trader.client).then((row) => row.frozenMargin)) > 0n, 'the account reads, and the order holds its margin');
    assert.equal((await trader.client.delete('/api/v1/trading/order', { orderId })).code, 200000);
    await tick(server);
    assert.equal((await order(trader.client, orderId)).orderState, 'CANCELLED');
    const history = await trader.client.get('/api/v1/trading/history/orders', { sym: TYPO });
    assert.deepEqual(history.data.list.map((row: any) => [row.orderId, row.sym]), [[orderId, BTC_PERP]]);
  });
});
