/**
 * Attached TP/SL through the API (issue 12 item 3; decisions M2; connex-api.md §4.1, §4.10): the tp/sl
 * fields of an order open an ATTACHED_TPSL algo linked by attachedOrderId, armed for what the order
 * filled, cancelled with an order that ends unfilled, shown in the position's tpslOrder and on the
 * order, replaced through PUT /api/v1/algo/order; every rule answers its code and changes nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ConnexClient } from '../../src/client/connex-client.ts';
import { wsLoginMessage } from '../../src/client/ws-login.ts';
import { formatFixed, mul, roundTo, type Price } from '../../src/domain/money.ts';
import { BTC_PERP, fixed, markPrice, marketOrder, PERP_ENV, perpPortfolio, quoteBooks, setLeverage } from '../support/perp.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { WsClient } from '../support/ws.ts';

const ENV = {
  RATE_LIMITS: JSON.stringify({
    '*': { ...JSON.parse(PERP_ENV.RATE_LIMITS)['*'], algo: [100000, 1000], algoCancelAll: [100000, 1000], positionRead: [100000, 1000], wsPlace: [100000, 1000] },
  }),
};
const SPOT_BTC = 'BINANCE_SPOT_BTC_USDT';
const FINISHED = new Set(['CANCELLED', 'COMPLETED', 'REJECTED', 'FAILED', 'EXPIRED']);

describe('algo orders: attached TP/SL (decisions M2)', () => {
  let server: TestServer;
  let trader: { portfolioId: string; client: ConnexClient };
  let other: { portfolioId: string; client: ConnexClient };
  let basePrice: Price;

  const times = (price: Price, factor: string): string => formatFixed(roundTo(mul(price, fixed<'rate'>(factor)), 1, 'down'));
  const markTimes = async (factor: string): Promise<string> => times(fixed<'price'>(await markPrice(trader.client, BTC_PERP)), factor);
  const ok = (answer: any) => {
    assert.equal(answer.code, 200000, JSON.stringify(answer));
    return answer.data;
  };
  const place = (fields: Record<string, string>, client = trader.client) => client.post('/api/v1/trading/order', { sym: BTC_PERP, side: 'BUY', ...fields });
  const order = async (orderId: string) => ok(await trader.client.get('/api/v1/trading/order', { orderId }));
  const algo = async (algoOrderId: string) => ok(await trader.client.get('/api/v1/algo/order', { algoOrderId }));
  /** The ATTACHED_TPSL algo of an order, found among the open ones. */
  const attachedTo = async (orderId: string) => {
    const open = ok(await trader.client.get('/api/v1/algo/openOrders', { pageSize: '1000' })).list;
    const found = open.find((row: any) => row.attachedOrderId === orderId);
    assert.ok(found, `an open algo attached to ${orderId}: ${JSON.stringify(open)}`);
    return found;
  };
  const positionRow = async () => ok(await trader.client.get('/api/v1/trading/position', { sym: BTC_PERP }))[0];
  const hash = async () => (await server.admin.call('GET', '/engine', {})).data.hash;
  const setPrice = async (price: string) => assert.equal((await server.admin.call('POST', '/sim/price', { asset: 'BTC', price })).code, 200000);
  const ticksUntilFinished = async (algoOrderId: string) => {
    for (let i = 0; i < 30 && !FINISHED.has((await algo(algoOrderId)).orderState); i++) await quoteBooks(server);
    return algo(algoOrderId);
  };
  const restorePrice = async () => {
    await setPrice(formatFixed(basePrice));
    for (let i = 0; i < 10; i++) await quoteBooks(server);
    // A LAST_PRICE leg is judged against the last trade: trade once at the restored market, whatever the takers did.
    await marketOrder(other.client, BTC_PERP, 'BUY', '0.01');
    await marketOrder(other.client, BTC_PERP, 'SELL', '0.01');
  };

  before(async () => {
    server = await startTestServer({ env: ENV });
    trader = await perpPortfolio(server, 'Attached01', '200000');
    other = await perpPortfolio(server, 'Attached02', '200000');
    await quoteBooks(server);
    await setLeverage(trader.client, BTC_PERP, '10');
    await setLeverage(other.client, BTC_PERP, '10');
    basePrice = fixed<'price'>(await markPrice(trader.client, BTC_PERP));
  });
  after(() => server.stop());

  it('a MARKET order with a stop-loss arms it for what it filled; the stop-loss fires on a drop and closes the position', async () => {
    const slTriggerPrice = await markTimes('0.95');
    const { orderId } = ok(await place({ orderType: 'MARKET', orderQty: '0.1', slTriggerPrice, slTriggerType: 'MARK_PRICE' }));
    const armed = await attachedTo(orderId);
    assert.deepEqual(
      [armed.algoOrderType, armed.orderState, armed.conditionType, armed.side, armed.orderQty, armed.reduceOnly, armed.slTriggerPrice, armed.slTriggerType, armed.slPrice, armed.tpTriggerPrice],
      ['ATTACHED_TPSL', 'NEW', 'CONDITIONAL', 'SELL', '0.1', 'true', slTriggerPrice, 'MARK_PRICE', '0', ''],
    );
    const row = await positionRow();
    assert.equal(row.positionQty, '0.1');
    assert.deepEqual(row.tpslOrder.map((tpsl: any) => tpsl.algoOrderId), [armed.algoOrderId]);
    const shown = await order(orderId);
    assert.deepEqual([shown.slTriggerPrice, shown.slTriggerType, shown.slPrice, shown.tpTriggerPrice], [slTriggerPrice, 'MARK_PRICE', '0', '']);

    await setPrice(times(basePrice, '0.9'));
    const fired = await ticksUntilFinished(armed.algoOrderId);
    assert.deepEqual([fired.orderState, fired.executedQty, fired.attachedOrderId], ['COMPLETED', '0.1', orderId]);
    const after = await positionRow();
    assert.deepEqual([after.positionQty, after.tpslOrder], ['0', []]);
    await restorePrice();
  });

  it('a resting LIMIT order waits PENDING_NEW; cancelled unfilled, its TP/SL is cancelled with it', async () => {
    const limitPrice = await markTimes('0.97');
    const tpTriggerPrice = await markTimes('1.05');
    const slTriggerPrice = await markTimes('0.93');
    const { orderId } = ok(await place({ orderType: 'LIMIT', orderQty: '0.1', limitPrice, tpTriggerPrice, slTriggerPrice, slTriggerType: 'MARK_PRICE', slPrice: await markTimes('0.92') }));
    const pending = await attachedTo(orderId);
    assert.deepEqual([pending.orderState, pending.conditionType, pending.orderQty, pending.tpTriggerType], ['PENDING_NEW', 'OCO', '0', 'LAST_PRICE']);
    assert.deepEqual((await positionRow()).tpslOrder.map((tpsl: any) => tpsl.algoOrderId), [pending.algoOrderId]);
    assert.equal((await order(orderId)).tpTriggerPrice, tpTriggerPrice);

    ok(await trader.client.delete('/api/v1/trading/order', { orderId }));
    await quoteBooks(server);
    const cancelled = await algo(pending.algoOrderId);
    assert.deepEqual([cancelled.orderState, cancelled.reason, cancelled.executedQty], ['CANCELLED', 'Its order ended unfilled', '0']);
    assert.deepEqual((await positionRow()).tpslOrder, []);
    assert.equal((await order(orderId)).tpTriggerPrice, '', 'the order shows its TP/SL while it is open');
  });

  it('a partial fill arms it for the quantity filled; the order cancelled after, it keeps that quantity and closes it', async () => {
    const depth = ok(await trader.client.get('/api/v1/market/depth', { sym: BTC_PERP, limit: '1' }));
    const [bestBid, bestAsk] = [fixed<'price'>(depth.bids[0][0]), fixed<'price'>(depth.asks[0][0])];
    assert.ok(bestAsk - bestBid > 2n * 10n ** 17n, `a spread to bid inside: ${JSON.stringify(depth)}`);
    const limitPrice = formatFixed(roundTo(((bestBid + bestAsk) / 2n) as Price, 1, 'down'));
    const slTriggerPrice = await markTimes('0.95');
    const { orderId } = ok(await place({ orderType: 'LIMIT', orderQty: '0.3', limitPrice, slTriggerPrice, slTriggerType: 'MARK_PRICE' }));
    ok(await place({ side: 'SELL', orderType: 'MARKET', orderQty: '0.1' }, other.client));
    const partly = await order(orderId);
    assert.deepEqual([partly.orderState, partly.executedQty], ['PARTIALLY_FILLED', '0.1']);
    const armed = await attachedTo(orderId);
    assert.deepEqual([armed.orderState, armed.orderQty], ['NEW', '0.1']);

    ok(await trader.client.delete('/api/v1/trading/order', { orderId }));
    await quoteBooks(server);
    assert.deepEqual([(await algo(armed.algoOrderId)).orderState, (await algo(armed.algoOrderId)).orderQty], ['NEW', '0.1']);
    await setPrice(times(basePrice, '0.9'));
    const fired = await ticksUntilFinished(armed.algoOrderId);
    assert.deepEqual([fired.orderState, fired.executedQty], ['COMPLETED', '0.1']);
    assert.equal((await positionRow()).positionQty, '0');
    await restorePrice();
  });

  it('PUT /api/v1/algo/order replaces its legs, never its size; cancelled through the algo API', async () => {
    const limitPrice = await markTimes('0.97');
    const { orderId } = ok(await place({ orderType: 'LIMIT', orderQty: '0.1', limitPrice, slTriggerPrice: await markTimes('0.93') }));
    const { algoOrderId, clientOrderId } = await attachedTo(orderId);
    const tpTriggerPrice = await markTimes('1.04');
    const moved = await markTimes('0.94');
    assert.deepEqual(ok(await trader.client.put('/api/v1/algo/order', { algoOrderId, slTriggerPrice: moved, tpTriggerPrice })), { algoOrderId, clientOrderId });
    const replaced = await algo(algoOrderId);
    assert.deepEqual([replaced.slTriggerPrice, replaced.tpTriggerPrice, replaced.conditionType, replaced.orderState], [moved, tpTriggerPrice, 'OCO', 'PENDING_NEW']);
    assert.equal((await order(orderId)).slTriggerPrice, moved);
    const before = await hash();
    for (const [fields, code] of [
      [{ orderQty: '0.05' }, 401202],
      [{ conditionalTriggerPrice: moved }, 401202],
      [{ slTriggerPrice: times(fixed<'price'>(limitPrice), '1.01') }, 401247],
      [{ tpTriggerPrice: await markTimes('1.2') }, 401215],
    ] as const) {
      const answer = await trader.client.put('/api/v1/algo/order', { algoOrderId, ...fields });
      assert.equal(answer.code, code, `${JSON.stringify(fields)} → ${JSON.stringify(answer)}`);
    }
    assert.equal(await hash(), before, 'a refused replace changes nothing');
    assert.equal(ok(await trader.client.get('/api/v1/algo/order', { attachedOrderId: orderId })).algoOrderId, algoOrderId, 'found by the order it belongs to');
    for (const [fields, code] of [
      [{ orderId: '12' }, 401207],
      [{ orderId: '1000000000000000' }, 401203],
    ] as const) {
      assert.equal((await trader.client.delete('/api/v1/algo/order', fields)).code, code, JSON.stringify(fields));
      assert.equal((await trader.client.get('/api/v1/algo/order', { attachedOrderId: fields.orderId })).code, code, JSON.stringify(fields));
    }
    assert.equal(await hash(), before, 'a refused cancel changes nothing');
    assert.deepEqual(ok(await trader.client.delete('/api/v1/algo/order', { orderId })), { algoOrderId, orderId, clientOrderId }, 'cancelled by the order it belongs to');
    assert.deepEqual([(await algo(algoOrderId)).orderState, (await order(orderId)).orderState], ['CANCELLED', 'OPEN']);
    assert.equal(ok(await trader.client.get('/api/v1/algo/order', { attachedOrderId: orderId })).orderState, 'CANCELLED', 'finished, from history');
    assert.equal((await order(orderId)).slTriggerPrice, '');
    ok(await trader.client.delete('/api/v1/trading/order', { orderId }));
    await quoteBooks(server);
  });

  it('the private WebSocket place_order takes the same fields: the Orders push echoes them', async () => {
    const ws = await WsClient.open(server.baseUrl, '/v1/private');
    try {
      assert.equal((await ws.request({ id: 'login', ...wsLoginMessage((trader.client as any).credentials) })).code, 200000);
      const slTriggerPrice = await markTimes('0.95');
      const act = (id: string, args: Record<string, string>) => ws.request({ id, action: 'place_order', args: { sym: BTC_PERP, side: 'BUY', orderType: 'MARKET', orderQty: '0.1', ...args } });
      assert.equal((await act('bad', { slTriggerPrice, closeAllPos: 'true', exchangeType: 'BINANCE' })).code, 401232);
      const placed = await act('p1', { slTriggerPrice });
      assert.equal(placed.code, 200000, JSON.stringify(placed));
      const filled = await ws.next((f) => f.json?.channel === 'Orders' && f.json.data.orderId === placed.data.orderId && f.json.data.orderState === 'FILLED');
      assert.deepEqual([filled.json.data.slTriggerPrice, filled.json.data.slTriggerType], [slTriggerPrice, 'LAST_PRICE']);
      const { algoOrderId, clientOrderId } = await attachedTo(placed.data.orderId);
      const algoStream = await WsClient.open(server.baseUrl, '/v1/private-algo');
      assert.equal((await algoStream.request({ id: 'login', ...wsLoginMessage((trader.client as any).credentials) })).code, 200000);
      const cancelled = await algoStream.request({ id: 'c1', action: 'cancel_algo_order', args: { orderId: placed.data.orderId } });
      assert.deepEqual([cancelled.code, cancelled.data], [200000, { algoOrderId, orderId: placed.data.orderId, clientOrderId }], 'the algo stream cancels it by the order it belongs to');
      algoStream.close();
      ok(await trader.client.delete('/api/v1/trading/positions', { symList: BTC_PERP }));
    } finally {
      ws.close();
    }
  });

  it('answers every rule an attached TP/SL meets with its code, and a refused order changes nothing', async () => {
    const mark = fixed<'price'>(await markPrice(trader.client, BTC_PERP));
    const below = times(mark, '0.95');
    const above = times(mark, '1.05');
    const entry = times(mark, '0.97');
    const limit = { orderType: 'LIMIT', orderQty: '0.1', limitPrice: entry };
    const before = await hash();
    const cases: [Record<string, string>, number][] = [
      [{ ...limit, sym: SPOT_BTC, slTriggerPrice: below }, 401243],
      [{ ...limit, slTriggerType: 'MARK_PRICE' }, 401214],
      [{ ...limit, slTriggerPrice: below, closeAllPos: 'maybe' }, 401240],
      [{ ...limit, slTriggerPrice: below, closeAllPos: 'true' }, 401241],
      [{ ...limit, slTriggerPrice: below, closeAllPos: 'true', exchangeType: 'BINANCE' }, 401232],
      [{ ...limit, slTriggerPrice: below, closeAllPos: 'false', symList: BTC_PERP }, 401242],
      [{ ...limit, slTriggerPrice: below, exchangeType: 'KRAKEN' }, 401023],
      [{ ...limit, side: 'SELL', reduceOnly: 'true', tpTriggerPrice: below }, 401202],
      [{ ...limit, tpTriggerPrice: times(mark, '1.2') }, 401215],
      [{ ...limit, slTriggerPrice: times(mark, '0.8') }, 401218],
      [{ ...limit, tpTriggerPrice: '0.01' }, 401100],
      [{ ...limit, slTriggerPrice: `${below}`.includes('.') ? `${below}5` : `${below}.05` }, 401098],
      [{ ...limit, tpTriggerPrice: above, tpTriggerType: 'INDEX_PRICE' }, 401216],
      [{ ...limit, tpTriggerPrice: above, tpPrice: 'cheap' }, 401217],
      [{ ...limit, slTriggerPrice: below, slTriggerType: 'LAST' }, 401219],
      [{ ...limit, slTriggerPrice: below, slPrice: 'x' }, 401220],
      [{ ...limit, slTriggerPrice: below, slPrice: '-1' }, 401220],
      [{ ...limit, slTriggerPrice: below, slPrice: times(mark, '50') }, 401012],
    ];
    for (const [fields, code] of cases) {
      const answer = await place(fields);
      assert.equal(answer.code, code, `${JSON.stringify(fields)} → ${JSON.stringify(answer)}`);
    }
    // M1 at the order's price: a LIMIT buy at `entry` with a take-profit below it would close at a loss at once.
    const tpUnderEntry = await place({ ...limit, tpTriggerPrice: times(mark, '0.96') });
    assert.deepEqual([tpUnderEntry.code, tpUnderEntry.message], [401246, `Invalid tpTriggerPrice , current price: ${entry}`]);
    // A MARKET order opens at the price now: its mark for a MARK_PRICE stop-loss.
    const slOverMark = await place({ orderType: 'MARKET', orderQty: '0.1', slTriggerPrice: above, slTriggerType: 'MARK_PRICE' });
    assert.deepEqual([slOverMark.code, slOverMark.message], [401247, `Invalid slTriggerPrice , current price: ${formatFixed(mark)}`]);
    assert.equal(await hash(), before, 'refused orders change nothing');

    // 401239: the venue lowered the sym's leverage limit below the one the portfolio set.
    ok(await server.admin.call('POST', '/sim/perpLimits', { sym: BTC_PERP, maxLeverage: '5' }));
    const leveraged = await place({ ...limit, slTriggerPrice: below });
    assert.deepEqual([leveraged.code, leveraged.message], [401239, 'System risk control, your leverage too high, please reduce your leverage to below 5']);
    ok(await server.admin.call('POST', '/sim/perpLimits', { sym: BTC_PERP, maxLeverage: '150' }));

    // 401204: the open algo orders the portfolio may hold (decisions M4) count attached ones.
    for (let i = 0; i < 100; i++) {
      ok(await trader.client.post('/api/v1/algo/order', { algoOrderType: 'TPSL', sym: BTC_PERP, conditionType: 'CONDITIONAL', side: 'SELL', orderQty: '0.01', slTriggerPrice: below, clientOrderId: `many${i}` }));
    }
    const over = await place({ ...limit, slTriggerPrice: below });
    assert.equal(over.code, 401204, JSON.stringify(over));
    assert.equal(ok(await trader.client.delete('/api/v1/algo/cancelAll', {})).length, 100);
  });
});
