/**
 * TPSL algo orders through the API (issue 12; decisions M1, M4; connex-api.md §4.10): a leg fires when
 * the market reaches it after the operator moves the price and a tick passes, its child is an ordinary
 * order carrying the algoOrderId; OCO voids the other leg; close-position algos close what is held;
 * every rule answers its 4012xx code and a refused algo changes nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ConnexClient } from '../../src/client/connex-client.ts';
import { add, formatFixed, mul, roundTo, type Price } from '../../src/domain/money.ts';
import { BTC_PERP, fixed, marketOrder, markPrice, PERP_ENV, perpPortfolio, quoteBooks, setLeverage } from '../support/perp.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { WsClient } from '../support/ws.ts';
import { wsLoginMessage } from '../../src/client/ws-login.ts';

const ALGO_ENV = {
  RATE_LIMITS: JSON.stringify({
    '*': {
      ...JSON.parse(PERP_ENV.RATE_LIMITS)['*'],
      algo: [100000, 1000],
      algoCancelAll: [100000, 1000],
      positionRead: [100000, 1000],
      wsPlace: [100000, 1000],
      wsCancel: [100000, 1000],
      wsReplace: [100000, 1000],
    },
  }),
};
const SPOT_BTC = 'BINANCE_SPOT_BTC_USDT';
const FINISHED = new Set(['CANCELLED', 'COMPLETED', 'REJECTED', 'FAILED', 'EXPIRED']);

describe('algo orders: TPSL (decisions M1, M4)', () => {
  let server: TestServer;
  let trader: { portfolioId: string; client: ConnexClient };
  let basePrice: Price;

  /** The mark now × factor, on BTC's 0.1 tick. */
  const markTimes = async (factor: string): Promise<string> => formatFixed(roundTo(mul(fixed<'price'>(await markPrice(trader.client, BTC_PERP)), fixed<'rate'>(factor)), 1, 'down'));
  const placeAlgo = (fields: Record<string, string>) => trader.client.post('/api/v1/algo/order', { algoOrderType: 'TPSL', sym: BTC_PERP, ...fields });
  const placed = async (fields: Record<string, string>): Promise<string> => {
    const answer = await placeAlgo(fields);
    assert.equal(answer.code, 200000, JSON.stringify(answer));
    return answer.data.algoOrderId;
  };
  const algo = async (algoOrderId: string) => {
    const answer = await trader.client.get('/api/v1/algo/order', { algoOrderId });
    assert.equal(answer.code, 200000, JSON.stringify(answer));
    return answer.data;
  };
  const position = async (): Promise<string> => {
    const answer = await trader.client.get('/api/v1/trading/position', { sym: BTC_PERP });
    assert.equal(answer.code, 200000, JSON.stringify(answer));
    return answer.data.find((row: any) => row.positionQty !== '0')?.positionQty ?? '0';
  };
  const subOrders = async (algoOrderId: string, which: 'history/subOrders' | 'openSubOrders') => {
    const answer = await trader.client.get(`/api/v1/algo/${which}`, { algoOrderId });
    assert.equal(answer.code, 200000, JSON.stringify(answer));
    return answer.data.list;
  };
  /** The operator moves BTC's reference price; market ticks pass until the algo ends (the mark follows over a few ticks). */
  const moveUntilFinished = async (factor: string, algoOrderId: string) => {
    const target = formatFixed(roundTo(mul(basePrice, fixed<'rate'>(factor)), 1, 'down'));
    assert.equal((await server.admin.call('POST', '/sim/price', { asset: 'BTC', price: target })).code, 200000);
    for (let i = 0; i < 30 && !FINISHED.has((await algo(algoOrderId)).orderState); i++) await quoteBooks(server);
    return algo(algoOrderId);
  };
  const restorePrice = async () => {
    assert.equal((await server.admin.call('POST', '/sim/price', { asset: 'BTC', price: formatFixed(basePrice) })).code, 200000);
    for (let i = 0; i < 10; i++) await quoteBooks(server);
  };
  const hash = async () => (await server.admin.call('GET', '/engine', {})).data.hash;

  before(async () => {
    server = await startTestServer({ env: ALGO_ENV });
    trader = await perpPortfolio(server, 'AlgoTpsl01', '200000');
    await quoteBooks(server);
    await setLeverage(trader.client, BTC_PERP, '10');
    basePrice = fixed<'price'>(await markPrice(trader.client, BTC_PERP));
  });
  after(() => server.stop());

  it('a CONDITIONAL SL on a long fires when the operator drops the price, and its MARKET child closes the position', async () => {
    await marketOrder(trader.client, BTC_PERP, 'BUY', '0.1');
    const slTriggerPrice = await markTimes('0.95');
    const algoOrderId = await placed({ clientOrderId: 'sl1', conditionType: 'CONDITIONAL', side: 'SELL', orderQty: '0.1', reduceOnly: 'true', slTriggerPrice, slTriggerType: 'MARK_PRICE' });
    const resting = await algo(algoOrderId);
    assert.deepEqual(
      [resting.orderState, resting.clientOrderId, resting.conditionType, resting.side, resting.orderQty, resting.reduceOnly, resting.slTriggerPrice, resting.slTriggerType, resting.slPrice, resting.tpTriggerPrice],
      ['NEW', 'sl1', 'CONDITIONAL', 'SELL', '0.1', 'true', slTriggerPrice, 'MARK_PRICE', '0', ''],
    );
    const open = await trader.client.get('/api/v1/algo/openOrders', {});
    assert.deepEqual(open.data.list.map((row: any) => row.algoOrderId), [algoOrderId]);

    const fired = await moveUntilFinished('0.9', algoOrderId);
    assert.deepEqual([fired.orderState, fired.executedQty, fired.reason], ['COMPLETED', '0.1', '']);
    const [child] = await subOrders(algoOrderId, 'history/subOrders');
    assert.deepEqual(
      [child.algoOrderId, child.orderState, child.exchangeOrderType, child.side, child.executedQty, child.reduceOnly],
      [algoOrderId, 'FILLED', 'MARKET', 'SELL', '0.1', true],
    );
    assert.equal(fired.executedAvgPrice, child.executedAvgPrice);
    assert.deepEqual(await subOrders(algoOrderId, 'openSubOrders'), []);
    assert.equal(await position(), '0');
    const history = await trader.client.get('/api/v1/algo/history/orders', {});
    assert.deepEqual(history.data.list.map((row: any) => [row.algoOrderId, row.orderState]), [[algoOrderId, 'COMPLETED']]);
    assert.deepEqual((await trader.client.get('/api/v1/algo/openOrders', {})).data.list, []);
    await restorePrice();
  });

  it('OCO: the take-profit fires on a rise and voids the stop-loss', async () => {
    await marketOrder(trader.client, BTC_PERP, 'BUY', '0.1');
    const tpTriggerPrice = await markTimes('1.05');
    const slTriggerPrice = await markTimes('0.95');
    const algoOrderId = await placed({ conditionType: 'OCO', side: 'SELL', orderQty: '0.1', reduceOnly: 'true', tpTriggerPrice, tpTriggerType: 'MARK_PRICE', slTriggerPrice, slTriggerType: 'MARK_PRICE' });
    const fired = await moveUntilFinished('1.1', algoOrderId);
    assert.deepEqual([fired.orderState, fired.executedQty], ['COMPLETED', '0.1']);
    assert.equal(await position(), '0');
    await moveUntilFinished('0.9', algoOrderId);
    assert.equal((await subOrders(algoOrderId, 'history/subOrders')).length, 1, 'the stop-loss leg was voided: no second child');
    assert.equal(await position(), '0');
    await restorePrice();
  });

  it('ENTIRE_CLOSE_POSITION closes the whole position when it fires; one close-position TPSL per position (401238)', async () => {
    await marketOrder(trader.client, BTC_PERP, 'BUY', '0.2');
    await marketOrder(trader.client, BTC_PERP, 'BUY', '0.1');
    const slTriggerPrice = await markTimes('0.95');
    const algoOrderId = await placed({ conditionType: 'ENTIRE_CLOSE_POSITION', slTriggerPrice, slTriggerType: 'MARK_PRICE' });
    const resting = await algo(algoOrderId);
    assert.deepEqual([resting.side, resting.orderQty, resting.reduceOnly], ['SELL', '0', 'true']);
    const before = await hash();
    const second = await placeAlgo({ conditionType: 'PARTIAL_CLOSE_POSITION', orderQty: '0.1', slTriggerPrice, slTriggerType: 'MARK_PRICE' });
    assert.equal(second.code, 401238, JSON.stringify(second));
    assert.equal(await hash(), before, 'a refused algo changes nothing');
    const fired = await moveUntilFinished('0.9', algoOrderId);
    assert.deepEqual([fired.orderState, fired.executedQty], ['COMPLETED', '0.3']);
    assert.equal(await position(), '0');
    await restorePrice();
  });

  it('replace moves a leg; cancel and cancelAll end open algos as CANCELLED', async () => {
    await marketOrder(trader.client, BTC_PERP, 'BUY', '0.1');
    const algoOrderId = await placed({ clientOrderId: 'part1', conditionType: 'PARTIAL_CLOSE_POSITION', orderQty: '0.05', slTriggerPrice: await markTimes('0.95') });
    const moved = await markTimes('0.9');
    const replaced = await trader.client.put('/api/v1/algo/order', { clientOrderId: 'part1', slTriggerPrice: moved });
    assert.deepEqual([replaced.code, replaced.data], [200000, { algoOrderId, clientOrderId: 'part1' }]);
    assert.deepEqual([(await algo(algoOrderId)).slTriggerPrice, (await algo(algoOrderId)).slTriggerType], [moved, 'LAST_PRICE']);
    const cancelled = await trader.client.delete('/api/v1/algo/order', { algoOrderId });
    assert.deepEqual([cancelled.code, cancelled.data], [200000, { algoOrderId, orderId: '', clientOrderId: 'part1' }]);
    assert.deepEqual([(await algo(algoOrderId)).orderState, (await algo(algoOrderId)).reason], ['CANCELLED', 'Cancelled by the client']);
    const others = [
      await placed({ conditionType: 'CONDITIONAL', side: 'SELL', orderQty: '0.1', tpTriggerPrice: await markTimes('1.05') }),
      await placed({ conditionType: 'CONDITIONAL', side: 'SELL', orderQty: '0.1', slTriggerPrice: await markTimes('0.95') }),
    ];
    const all = await trader.client.delete('/api/v1/algo/cancelAll', { sym: BTC_PERP });
    assert.equal(all.code, 200000);
    assert.deepEqual(all.data.map((row: any) => row.algoOrderId), others);
    for (const id of others) assert.equal((await algo(id)).orderState, 'CANCELLED');
  });

  it('cancelling an algo whose LIMIT child rests: PENDING_CANCEL (401209 to another cancel or a replace), then CANCELLED with its child', async () => {
    await marketOrder(trader.client, BTC_PERP, 'BUY', '0.1');
    const slTriggerPrice = await markTimes('0.95');
    const slPrice = await markTimes('1.1');
    const algoOrderId = await placed({ conditionType: 'CONDITIONAL', side: 'SELL', orderQty: '0.1', reduceOnly: 'true', slTriggerPrice, slTriggerType: 'MARK_PRICE', slPrice });
    assert.equal((await server.admin.call('POST', '/sim/price', { asset: 'BTC', price: formatFixed(roundTo(mul(basePrice, fixed<'rate'>('0.9')), 1, 'down')) })).code, 200000);
    for (let i = 0; i < 30 && (await algo(algoOrderId)).orderState === 'NEW'; i++) await quoteBooks(server);
    assert.equal((await algo(algoOrderId)).orderState, 'PROCESSING');
    const [child] = await subOrders(algoOrderId, 'openSubOrders');
    assert.deepEqual([child.exchangeOrderType, child.limitPrice, child.orderState], ['LIMIT', slPrice, 'OPEN']);
    assert.equal((await trader.client.delete('/api/v1/algo/order', { algoOrderId })).code, 200000);
    const pending = await algo(algoOrderId);
    assert.deepEqual([pending.orderState, pending.reason], ['PENDING_CANCEL', 'Cancelled by the client; its child orders in flight are being cancelled']);
    assert.equal((await trader.client.delete('/api/v1/algo/order', { clientOrderId: pending.clientOrderId })).code, 401209);
    assert.equal((await trader.client.put('/api/v1/algo/order', { algoOrderId, slTriggerPrice })).code, 401209);
    await quoteBooks(server);
    const done = await algo(algoOrderId);
    assert.deepEqual([done.orderState, done.reason], ['CANCELLED', pending.reason]);
    const [cancelled] = await subOrders(algoOrderId, 'history/subOrders');
    assert.deepEqual([cancelled.orderId, cancelled.orderState], [child.orderId, 'CANCELLED']);
    await restorePrice();
  });

  it('answers every refused field and rule with its code, and changes nothing', async () => {
    assert.notEqual(await position(), '0');
    const mark = fixed<'price'>(await markPrice(trader.client, BTC_PERP));
    const below = await markTimes('0.95');
    const above = await markTimes('1.05');
    const far = await markTimes('1.2');
    const before = await hash();
    const cases: [Record<string, string>, number][] = [
      [{ algoOrderType: 'ICEBERG', conditionType: 'CONDITIONAL' }, 401201],
      [{ conditionType: 'SOMETIMES' }, 401233],
      [{ sym: SPOT_BTC, conditionType: 'CONDITIONAL', side: 'SELL', orderQty: '0.1', slTriggerPrice: below }, 401243],
      [{ conditionType: 'CONDITIONAL', side: 'SELL', orderQty: '0.1' }, 401214],
      [{ conditionType: 'CONDITIONAL', orderQty: '0.1', slTriggerPrice: below }, 401202],
      [{ conditionType: 'CONDITIONAL', side: 'SELL', slTriggerPrice: below }, 401202],
      [{ conditionType: 'CONDITIONAL', side: 'SELL', orderQty: '0.1', slTriggerPrice: below, tpTriggerPrice: above }, 401202],
      [{ conditionType: 'OCO', side: 'SELL', orderQty: '0.1', slTriggerPrice: below }, 401202],
      [{ conditionType: 'ENTIRE_CLOSE_POSITION', slTriggerPrice: below, slPrice: below }, 401235],
      [{ conditionType: 'ENTIRE_CLOSE_POSITION', side: 'BUY', slTriggerPrice: below }, 401245],
      [{ conditionType: 'PARTIAL_CLOSE_POSITION', orderQty: '5', slTriggerPrice: below }, 401244],
      [{ conditionType: 'CONDITIONAL', side: 'SELL', orderQty: '0.1', tpTriggerPrice: far }, 401215],
      [{ conditionType: 'CONDITIONAL', side: 'BUY', orderQty: '0.1', slTriggerPrice: far }, 401218],
      [{ conditionType: 'CONDITIONAL', side: 'SELL', orderQty: '0.1', conditionalTriggerPrice: far }, 401236],
      [{ conditionType: 'CONDITIONAL', side: 'SELL', orderQty: '0.1', tpTriggerPrice: '0' }, 401215],
      [{ conditionType: 'CONDITIONAL', side: 'SELL', orderQty: '0.1', slTriggerPrice: '0.05' }, 401100],
      [{ conditionType: 'CONDITIONAL', side: 'SELL', orderQty: '0.1', slTriggerPrice: formatFixed(add(fixed<'price'>(below), fixed<'price'>('0.05'))) }, 401098],
      [{ conditionType: 'CONDITIONAL', side: 'SELL', orderQty: '0.1', tpTriggerPrice: above, tpTriggerType: 'INDEX_PRICE' }, 401216],
      [{ conditionType: 'CONDITIONAL', side: 'SELL', orderQty: '0.1', tpTriggerPrice: above, tpPrice: 'cheap' }, 401217],
      [{ conditionType: 'CONDITIONAL', side: 'SELL', orderQty: '0.1', slTriggerPrice: below, slTriggerType: 'LAST' }, 401219],
      [{ conditionType: 'CONDITIONAL', side: 'SELL', orderQty: '0.1', slTriggerPrice: below, slPrice: 'x' }, 401220],
      [{ conditionType: 'CONDITIONAL', side: 'SELL', orderQty: '0.1', conditionalTriggerPrice: below, conditionalTriggerType: 'X' }, 401234],
      [{ conditionType: 'CONDITIONAL', side: 'SELL', orderQty: '0.1', conditionalTriggerPrice: below, conditionalPrice: 'x' }, 401237],
      [{ conditionType: 'CONDITIONAL', side: 'SELL', orderQty: '0.1', slTriggerPrice: below, clientOrderId: 'no-dash' }, 401202],
    ];
    for (const [fields, code] of cases) {
      const answer = await placeAlgo(fields);
      assert.equal(answer.code, code, `${JSON.stringify(fields)} → ${JSON.stringify(answer)}`);
    }
    // M1: a trigger the price has already reached would fire at once; the message tells the price now.
    const tpBelow = await placeAlgo({ conditionType: 'CONDITIONAL', side: 'SELL', orderQty: '0.1', tpTriggerPrice: below, tpTriggerType: 'MARK_PRICE' });
    assert.deepEqual([tpBelow.code, tpBelow.message], [401246, `Invalid tpTriggerPrice , current price: ${formatFixed(mark)}`]);
    const slAbove = await placeAlgo({ conditionType: 'CONDITIONAL', side: 'SELL', orderQty: '0.1', slTriggerPrice: above, slTriggerType: 'MARK_PRICE' });
    assert.deepEqual([slAbove.code, slAbove.message], [401247, `Invalid slTriggerPrice , current price: ${formatFixed(mark)}`]);
    const refs: [string, string, Record<string, string>, number][] = [
      ['DELETE', '/api/v1/algo/order', {}, 401208],
      ['DELETE', '/api/v1/algo/order', { algoOrderId: '1234567890123456' }, 401203],
      ['DELETE', '/api/v1/algo/order', { algoOrderId: '12345' }, 401207],
      ['PUT', '/api/v1/algo/order', { clientOrderId: 'nobody', slTriggerPrice: below }, 401203],
      ['GET', '/api/v1/algo/order', { algoOrderId: '1234567890123456' }, 401203],
      ['GET', '/api/v1/algo/history/subOrders', {}, 401206],
      ['GET', '/api/v1/algo/openSubOrders', { algoOrderId: 'abc' }, 401207],
    ];
    for (const [method, url, fields, code] of refs) {
      const answer = method === 'GET' ? await trader.client.get(url, fields) : method === 'PUT' ? await trader.client.put(url, fields) : await trader.client.delete(url, fields);
      assert.equal(answer.code, code, `${method} ${url} ${JSON.stringify(fields)} → ${JSON.stringify(answer)}`);
    }
    assert.equal(await hash(), before, 'refused algo requests change nothing');

    const kept = await placed({ clientOrderId: 'dup1', conditionType: 'CONDITIONAL', side: 'SELL', orderQty: '0.1', slTriggerPrice: below });
    assert.equal((await placeAlgo({ clientOrderId: 'dup1', conditionType: 'CONDITIONAL', side: 'SELL', orderQty: '0.1', slTriggerPrice: below })).code, 401229);
    const noChange = await trader.client.put('/api/v1/algo/order', { algoOrderId: kept });
    assert.equal(noChange.code, 401202, JSON.stringify(noChange));
    assert.equal((await trader.client.delete('/api/v1/algo/order', { clientOrderId: 'dup1' })).code, 200000);
    assert.equal((await trader.client.put('/api/v1/algo/order', { algoOrderId: kept, slTriggerPrice: below })).code, 401203, 'a finished algo is no longer open');
  });

  it('/v1/private-algo: the actions answer as REST does; ALGO_ORDER for every state change, SUB_ORDER and SUB_TRADE for the child', async () => {
    const held = await position();
    await marketOrder(trader.client, BTC_PERP, 'BUY', '0.1');
    const ws = await WsClient.open(server.baseUrl, '/v1/private-algo');
    try {
      const login = await ws.request({ id: 'login', ...wsLoginMessage(trader.client.credentials) });
      assert.equal(login.code, 200000, login.msg);
      const act = (id: string, action: string, args: Record<string, string>) => ws.request({ id, action, args });
      assert.equal((await act('bad', 'place_algo_order', { algoOrderType: 'TPSL', sym: BTC_PERP, conditionType: 'NEVER' })).code, 401233);
      assert.equal((await act('noref', 'cancel_algo_order', {})).code, 401208);
      const slTriggerPrice = await markTimes('0.96');
      const placedWs = await act('p1', 'place_algo_order', { algoOrderType: 'TPSL', sym: BTC_PERP, conditionType: 'CONDITIONAL', side: 'SELL', orderQty: '0.1', reduceOnly: 'true', slTriggerPrice, slTriggerType: 'MARK_PRICE', clientOrderId: 'ws1' });
      assert.equal(placedWs.code, 200000, JSON.stringify(placedWs));
      const { algoOrderId } = placedWs.data;
      assert.deepEqual(placedWs.data, { algoOrderId, clientOrderId: 'ws1' });
      const algoPush = (state: string) => ws.next((f) => f.json?.channel === 'ALGO_ORDER' && f.json.data.algoOrderId === algoOrderId && f.json.data.orderState === state);
      const created = await algoPush('NEW');
      assert.deepEqual([created.json.instId, created.json.data.slTriggerPrice], [BTC_PERP, slTriggerPrice]);
      const moved = await markTimes('0.95');
      assert.equal((await act('r1', 'replace_algo_order', { algoOrderId, slTriggerPrice: moved })).code, 200000);
      assert.equal((await algoPush('NEW')).json.data.slTriggerPrice, moved);

      await moveUntilFinished('0.9', algoOrderId);
      const child = await ws.find((f) => f.json?.channel === 'SUB_ORDER' && f.json.data.algoOrderId === algoOrderId);
      assert.deepEqual([child.json.data.side, child.json.data.exchangeOrderType], ['SELL', 'MARKET']);
      const trade = await ws.find((f) => f.json?.channel === 'SUB_TRADE' && f.json.data.algoOrderId === algoOrderId);
      assert.equal(trade.json.data.orderId, child.json.data.orderId);
      assert.equal((await algoPush('PROCESSING')).json.data.orderState, 'PROCESSING');
      const done = await algoPush('COMPLETED');
      assert.equal(done.json.data.executedQty, '0.1');
      assert.equal(await position(), held, 'the child closed what the test opened');
    } finally {
      ws.close();
    }
    await restorePrice();
  });

  it('at most 100 open algo orders per portfolio (401204)', async () => {
    const below = await markTimes('0.95');
    for (let i = 0; i < 100; i++) await placed({ clientOrderId: `many${i}`, conditionType: 'CONDITIONAL', side: 'SELL', orderQty: '0.01', slTriggerPrice: below, slTriggerType: 'MARK_PRICE' });
    const over = await placeAlgo({ conditionType: 'CONDITIONAL', side: 'SELL', orderQty: '0.01', slTriggerPrice: below, slTriggerType: 'MARK_PRICE' });
    assert.equal(over.code, 401204, JSON.stringify(over));
    const open = await trader.client.get('/api/v1/algo/openOrders', { pageSize: '1000' });
    assert.equal(open.data.totalSize, 100);
    const cancelled = await trader.client.delete('/api/v1/algo/cancelAll', {});
    assert.equal(cancelled.data?.length, 100, JSON.stringify(cancelled).slice(0, 300));
  });
});
