/**
 * TWAP and VWAP algo orders through the API (issue 12 item 4; decisions M3): slices planned at placement
 * are sent as child orders when venue time reaches them (fast-forwarded with POST /admin/v1/sim/tick),
 * the parent adds up its children, what is unfilled at endTime leaves it EXPIRED, a cancel cancels the
 * slice in flight; the operator's provider list; every TWAP / VWAP code, a refused algo changing nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ConnexClient } from '../../src/client/connex-client.ts';
import { wsLoginMessage } from '../../src/client/ws-login.ts';
import { formatFixed, mul, roundTo, type Size } from '../../src/domain/money.ts';
import { BTC_PERP, fixed, markPrice, PERP_ENV, perpPortfolio, quoteBooks, setLeverage } from '../support/perp.ts';
import { runAdminCli } from '../support/process.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { WsClient } from '../support/ws.ts';

const ALGO_ENV = {
  RATE_LIMITS: JSON.stringify({
    '*': { ...JSON.parse(PERP_ENV.RATE_LIMITS)['*'], algo: [100000, 1000], algoCancelAll: [100000, 1000], positionRead: [100000, 1000], wsPlace: [100000, 1000], wsCancel: [100000, 1000] },
  }),
};
const SPOT_BTC = 'BINANCE_SPOT_BTC_USDT';
const FINISHED = new Set(['CANCELLED', 'COMPLETED', 'REJECTED', 'FAILED', 'EXPIRED']);
const INTERVAL = 10_000;

describe('algo orders: TWAP / VWAP (decisions M3)', () => {
  let server: TestServer;
  let trader: { portfolioId: string; client: ConnexClient };

  /** Venue time now, as the market data says it (the mark's `time`). */
  const venueNow = async (): Promise<number> => (await trader.client.get('/api/v1/market/markPrice', { sym: BTC_PERP })).data[0].time;
  const placeAlgo = async (fields: Record<string, string>) => {
    const now = await venueNow();
    return trader.client.post('/api/v1/algo/order', { algoOrderType: 'TWAP', sym: BTC_PERP, side: 'BUY', interval: String(INTERVAL), endTime: String(now + 5 * INTERVAL), ...fields });
  };
  const placed = async (fields: Record<string, string>): Promise<string> => {
    const answer = await placeAlgo(fields);
    assert.equal(answer.code, 200000, JSON.stringify(answer));
    return answer.data.algoOrderId;
  };
  const algo = async (algoOrderId: string, client = trader.client) => {
    const answer = await client.get('/api/v1/algo/order', { algoOrderId });
    assert.equal(answer.code, 200000, JSON.stringify(answer));
    return answer.data;
  };
  const subOrders = async (algoOrderId: string, which: 'history/subOrders' | 'openSubOrders', client = trader.client) => {
    const answer = await client.get(`/api/v1/algo/${which}`, { algoOrderId });
    assert.equal(answer.code, 200000, JSON.stringify(answer));
    return answer.data.list;
  };
  /** One interval of venue time per tick until the algo has ended. */
  const runUntilFinished = async (algoOrderId: string, client = trader.client) => {
    for (let i = 0; i < 12 && !FINISHED.has((await algo(algoOrderId, client)).orderState); i++) {
      assert.equal((await server.admin.call('POST', '/sim/tick', { count: '1', elapsedMs: String(INTERVAL) })).code, 200000);
    }
    return algo(algoOrderId, client);
  };
  /** A second of venue time: the slice due at startTime goes, the next one is an interval away. */
  const firstSlice = async () => assert.equal((await server.admin.call('POST', '/sim/tick', { count: '1', elapsedMs: '1000' })).code, 200000);
  const openAlgoCount = async (): Promise<number> => (await trader.client.get('/api/v1/algo/openOrders', { pageSize: '1000' })).data.totalSize;
  const markTimes = async (factor: string): Promise<string> => formatFixed(roundTo(mul(fixed<'price'>(await markPrice(trader.client, BTC_PERP)), fixed<'rate'>(factor)), 1, 'down'));

  before(async () => {
    server = await startTestServer({ env: ALGO_ENV });
    trader = await perpPortfolio(server, 'AlgoTwap01', '500000');
    await quoteBooks(server);
    await setLeverage(trader.client, BTC_PERP, '10');
  });
  after(() => server.stop());

  it('TWAP: n = ceil(duration / interval) equal MARKET slices, one per interval of venue time; the parent adds them up and is COMPLETED', async () => {
    const algoOrderId = await placed({ orderQty: '0.5', clientOrderId: 'twap1' });
    const fresh = await algo(algoOrderId);
    assert.deepEqual(
      [fresh.algoOrderType, fresh.orderState, fresh.algoProvider, fresh.interval, fresh.conditionType, fresh.limitPrice, fresh.executedQty],
      ['TWAP', 'NEW', 'OPENCONNEX', String(INTERVAL), '', '0', '0'],
    );
    assert.equal((await subOrders(algoOrderId, 'history/subOrders')).length, 0, 'no slice before venue time passes');
    await firstSlice();
    const first = await algo(algoOrderId);
    assert.equal(first.orderState, 'PROCESSING');
    assert.equal(first.executedQty, '0.1', 'the first slice, sent at startTime');
    const done = await runUntilFinished(algoOrderId);
    assert.equal(done.orderState, 'COMPLETED', JSON.stringify(done));
    assert.equal(done.executedQty, '0.5');
    const children = await subOrders(algoOrderId, 'history/subOrders');
    assert.equal(children.length, 5);
    assert.ok(children.every((child: any) => child.orderQty === '0.1' && child.exchangeOrderType === 'MARKET' && child.algoOrderId === algoOrderId && child.side === 'BUY'), JSON.stringify(children));
    const times = children.map((child: any) => Number(child.createAt)).sort((a: number, b: number) => a - b);
    for (let i = 1; i < times.length; i++) assert.ok(times[i] - times[i - 1] >= INTERVAL - 1_000, `slices ${i - 1} and ${i} an interval apart in venue time: ${times}`);
    const average = Number(done.executedAmount) / Number(done.executedQty);
    assert.ok(Math.abs(Number(done.executedAvgPrice) - average) / average < 1e-6, `avgPrice ${done.executedAvgPrice} = executedAmount / executedQty (${average})`);
  });

  it('TWAP: slices are lot-rounded and the remainder goes in the last', async () => {
    const now = await venueNow();
    const algoOrderId = await placed({ orderQty: '0.013', endTime: String(now + 3 * INTERVAL) });
    const done = await runUntilFinished(algoOrderId);
    assert.deepEqual([done.orderState, done.executedQty], ['COMPLETED', '0.013']);
    const sizes = (await subOrders(algoOrderId, 'history/subOrders')).map((child: any) => child.orderQty).reverse();
    assert.deepEqual(sizes, ['0.004', '0.004', '0.005']);
  });

  it('VWAP on a SPOT sym: slices weighted by the hour-of-day volume curve add up to the order; SUB_ORDER / SUB_TRADE and ALGO_ORDER pushes', async () => {
    // A portfolio without perp positions: a spot MARKET BUY freezes collateral the positions would need (401058).
    const { client } = await perpPortfolio(server, 'AlgoVwap01', '100000');
    const ws = await WsClient.open(server.baseUrl, '/v1/private-algo');
    try {
      const login = await ws.request({ id: 'login', ...wsLoginMessage(client.credentials) });
      assert.equal(login.code, 200000, login.msg);
      const now = await venueNow();
      const answer = await ws.request({ id: 'v1', action: 'place_algo_order', args: { algoOrderType: 'VWAP', sym: SPOT_BTC, side: 'BUY', orderQty: '0.03', interval: String(INTERVAL), endTime: String(now + 3 * INTERVAL) } });
      assert.equal(answer.code, 200000, JSON.stringify(answer));
      const { algoOrderId } = answer.data;
      const done = await runUntilFinished(algoOrderId, client);
      assert.deepEqual([done.algoOrderType, done.businessType, done.orderState, done.executedQty], ['VWAP', 'SPOT', 'COMPLETED', '0.03'], JSON.stringify(done));
      const children = await subOrders(algoOrderId, 'history/subOrders', client);
      assert.equal(children.length, 3);
      assert.equal(children.reduce((total: number, child: any) => total + Number(child.orderQty), 0).toFixed(8), '0.03000000');
      const subOrder = await ws.find((f) => f.json?.channel === 'SUB_ORDER' && f.json.data.algoOrderId === algoOrderId);
      assert.equal(subOrder.json.data.sym, SPOT_BTC);
      const subTrade = await ws.find((f) => f.json?.channel === 'SUB_TRADE' && f.json.data.algoOrderId === algoOrderId);
      assert.ok(children.some((child: any) => child.orderId === subTrade.json.data.orderId));
      const completed = await ws.find((f) => f.json?.channel === 'ALGO_ORDER' && f.json.data.algoOrderId === algoOrderId && f.json.data.orderState === 'COMPLETED');
      assert.equal(completed.json.data.executedQty, '0.03');
    } finally {
      ws.close();
    }
  });

  it('LIMIT slices capped at limitPrice rest unfilled; at endTime they are cancelled and the algo is EXPIRED with the remainder', async () => {
    const limitPrice = await markTimes('0.98');
    const now = await venueNow();
    const algoOrderId = await placed({ orderQty: '0.02', limitPrice, endTime: String(now + 2 * INTERVAL) });
    const done = await runUntilFinished(algoOrderId);
    assert.deepEqual([done.orderState, done.executedQty, done.limitPrice], ['EXPIRED', '0', limitPrice], JSON.stringify(done));
    const children = await subOrders(algoOrderId, 'history/subOrders');
    assert.equal(children.length, 2);
    assert.ok(children.every((child: any) => child.exchangeOrderType === 'LIMIT' && child.limitPrice === limitPrice && child.orderState === 'CANCELLED'), JSON.stringify(children));
    const history = await trader.client.get('/api/v1/algo/history/orders', { algoOrderType: 'TWAP' });
    assert.ok(history.data.list.some((row: any) => row.algoOrderId === algoOrderId && row.orderState === 'EXPIRED'));
  });

  it('cancelling cancels the slice in flight: PENDING_CANCEL, then CANCELLED with its child', async () => {
    const limitPrice = await markTimes('0.98');
    const algoOrderId = await placed({ orderQty: '0.05', limitPrice });
    await firstSlice();
    const [child] = await subOrders(algoOrderId, 'openSubOrders');
    assert.equal(child.orderQty, '0.01');
    const cancel = await trader.client.delete('/api/v1/algo/order', { algoOrderId });
    assert.equal(cancel.code, 200000, JSON.stringify(cancel));
    assert.equal((await algo(algoOrderId)).orderState, 'PENDING_CANCEL');
    assert.equal((await server.admin.call('POST', '/sim/tick', { count: '1', elapsedMs: '0' })).code, 200000);
    const done = await algo(algoOrderId);
    assert.equal(done.orderState, 'CANCELLED');
    assert.match(done.reason, /child orders in flight/);
    assert.equal((await subOrders(algoOrderId, 'history/subOrders'))[0].orderState, 'CANCELLED');
    assert.equal((await subOrders(algoOrderId, 'history/subOrders')).length, 1, 'no slice after the cancel');
  });

  it('a TWAP not started yet is cancelled at once; it takes no TP/SL leg (401231)', async () => {
    const now = await venueNow();
    const algoOrderId = await placed({ orderQty: '0.05', startTime: String(now + 60_000), endTime: String(now + 120_000) });
    assert.equal((await trader.client.put('/api/v1/algo/order', { algoOrderId, orderQty: '0.06', tpTriggerPrice: '1' })).code, 401231);
    assert.equal((await trader.client.put('/api/v1/algo/order', { algoOrderId })).code, 401202, 'no new size');
    assert.equal((await trader.client.put('/api/v1/algo/order', { algoOrderId, orderQty: '0' })).code, 401202, 'a size of 0 would complete it having done nothing');
    assert.equal((await trader.client.delete('/api/v1/algo/order', { algoOrderId })).code, 200000);
    assert.equal((await algo(algoOrderId)).orderState, 'CANCELLED');
  });

  it('the operator lists providers and deactivates one: new algos of it → 401205 until it is activated again; unknown → 401200', async () => {
    const list = await server.admin.call('GET', '/algo/providers', {});
    assert.deepEqual(list.data, [{ provider: 'OPENCONNEX', active: true }]);
    assert.equal((await server.admin.call('POST', '/algo/providers', { provider: 'ABEX', active: 'false' })).code, 401200);
    assert.deepEqual((await server.admin.call('POST', '/algo/providers', { provider: 'OPENCONNEX', active: 'false' })).data, { provider: 'OPENCONNEX', active: false });
    const before = await openAlgoCount();
    assert.equal((await placeAlgo({ orderQty: '0.05', algoProvider: 'OPENCONNEX' })).code, 401205);
    assert.equal((await placeAlgo({ orderQty: '0.05' })).code, 401205, 'absent: OPENCONNEX');
    assert.equal((await server.admin.call('POST', '/algo/providers', { provider: 'OPENCONNEX', active: 'true' })).code, 200000);
    assert.equal((await placeAlgo({ orderQty: '0.05', algoProvider: 'ABEX' })).code, 401200);
    assert.equal(await openAlgoCount(), before, 'refused algos change nothing');
  });

  it('sub orders placed by hand (POST /api/v1/algo/subOrder) meet the sub-order rules 401221–401229 and count in the parent', async () => {
    const limitPrice = await markTimes('0.98');
    const now = await venueNow();
    const algoOrderId = await placed({ orderQty: '0.05', limitPrice, startTime: String(now + 60_000), endTime: String(now + 120_000) });
    const sub = (fields: Record<string, string>) =>
      trader.client.post('/api/v1/algo/subOrder', { algoOrderId, sym: BTC_PERP, side: 'BUY', orderType: 'LIMIT', limitPrice, orderQty: '0.01', clientOrderId: 'sub1', ...fields });
    const refused: [Record<string, string>, number][] = [
      [{ algoOrderId: '1234567890123456' }, 401221],
      [{ algoOrderId: 'abc' }, 401207],
      [{ clientOrderId: '' }, 401225],
      [{ sym: 'BINANCE_PERP_ETH_USDT' }, 401226],
      [{ side: 'SELL' }, 401227],
      [{ reduceOnly: 'true' }, 401228],
      [{ orderQty: '0.06' }, 401224],
    ];
    for (const [fields, code] of refused) assert.equal((await sub(fields)).code, code, JSON.stringify(fields));
    const missing = await trader.client.post('/api/v1/algo/subOrder', { sym: BTC_PERP, side: 'BUY', orderType: 'MARKET', orderQty: '0.01', clientOrderId: 'x1' });
    assert.equal(missing.code, 401206);
    const first = await sub({ orderQty: '0.02' });
    assert.equal(first.code, 200000, JSON.stringify(first));
    const [child] = await subOrders(algoOrderId, 'openSubOrders');
    assert.deepEqual([child.orderId, child.clientOrderId, child.algoOrderId, child.orderQty], [first.data.orderId, 'sub1', algoOrderId, '0.02']);
    assert.equal((await algo(algoOrderId)).orderState, 'PROCESSING');
    assert.equal((await sub({ orderQty: '0.01' })).code, 401229, 'clientOrderId sub1 again');
    assert.equal((await sub({ orderQty: '0.04', clientOrderId: 'sub2' })).code, 401224, '0.05 less the 0.02 in flight leaves 0.03');
    const market = await sub({ orderType: 'MARKET', orderQty: '0.01', clientOrderId: 'sub3' });
    assert.equal(market.code, 200000, JSON.stringify(market));
    assert.equal((await algo(algoOrderId)).executedQty, '0.01', 'the MARKET sub order filled into the parent');
    assert.equal((await trader.client.delete('/api/v1/algo/order', { algoOrderId })).code, 200000);
    assert.equal((await algo(algoOrderId)).orderState, 'PENDING_CANCEL');
    assert.equal((await sub({ orderQty: '0.01', clientOrderId: 'sub4' })).code, 401223);
    assert.equal((await server.admin.call('POST', '/sim/tick', { count: '1', elapsedMs: '0' })).code, 200000);
    const done = await algo(algoOrderId);
    assert.deepEqual([done.orderState, done.executedQty], ['CANCELLED', '0.01']);
    assert.equal((await sub({ clientOrderId: 'sub5' })).code, 401221, 'a finished algo takes no sub order');
  });

  it('slices after a sub order take only what is left: the parent completes at its size, never beyond', async () => {
    const now = await venueNow();
    const algoOrderId = await placed({ orderQty: '0.03', startTime: String(now + 5_000), endTime: String(now + 5_000 + 3 * INTERVAL) });
    const sub = await trader.client.post('/api/v1/algo/subOrder', { algoOrderId, sym: BTC_PERP, side: 'BUY', orderType: 'MARKET', orderQty: '0.02', clientOrderId: 'byhand1' });
    assert.equal(sub.code, 200000, JSON.stringify(sub));
    const done = await runUntilFinished(algoOrderId);
    assert.deepEqual([done.orderState, done.executedQty], ['COMPLETED', '0.03']);
    const sizes = (await subOrders(algoOrderId, 'history/subOrders')).map((child: any) => child.orderQty).reverse();
    assert.deepEqual(sizes, ['0.02', '0.01'], 'the first slice took the 0.01 left; the others had nothing to send');
  });

  it('a running TWAP takes a new size: not below its executedQty (401222) nor what its children in flight may still execute (401230); the unsent slices share the rest', async () => {
    const limitPrice = await markTimes('0.98');
    const now = await venueNow();
    const startTime = now + 60_000;
    const algoOrderId = await placed({ orderQty: '0.1', startTime: String(startTime), endTime: String(startTime + 5 * INTERVAL) });
    const sub = (fields: Record<string, string>) => trader.client.post('/api/v1/algo/subOrder', { algoOrderId, sym: BTC_PERP, side: 'BUY', ...fields });
    assert.equal((await sub({ orderType: 'MARKET', orderQty: '0.02', clientOrderId: 'rsz1' })).code, 200000);
    assert.equal((await sub({ orderType: 'LIMIT', limitPrice, orderQty: '0.03', clientOrderId: 'rsz2' })).code, 200000, 'rests below the market');
    const resize = (orderQty: string) => trader.client.put('/api/v1/algo/order', { algoOrderId, orderQty });
    assert.equal((await resize('0.01')).code, 401222, 'below the 0.02 executed');
    assert.equal((await resize('0.04')).code, 401230, 'below the 0.02 executed and the 0.03 resting');
    assert.equal((await resize('0.0495')).code, 401230);
    const unchanged = await algo(algoOrderId);
    assert.deepEqual([unchanged.orderQty, unchanged.executedQty, unchanged.orderState], ['0.1', '0.02', 'PROCESSING'], 'a refused resize changes nothing');
    const resized = await resize('0.08');
    assert.equal(resized.code, 200000, JSON.stringify(resized));
    assert.equal((await algo(algoOrderId)).orderQty, '0.08');
    const done = await runUntilFinished(algoOrderId);
    assert.deepEqual([done.orderState, done.executedQty], ['EXPIRED', '0.05'], 'five MARKET slices of 0.006 filled; the resting sub order was cancelled at endTime');
    const sizes = (await subOrders(algoOrderId, 'history/subOrders')).map((child: any) => child.orderQty).sort();
    assert.deepEqual(sizes, ['0.006', '0.006', '0.006', '0.006', '0.006', '0.02', '0.03']);
    assert.equal((await resize('0.09')).code, 401203, 'a finished algo takes no new size');
  });

  it('a TWAP resized down to what it executed is COMPLETED at once', async () => {
    const now = await venueNow();
    const algoOrderId = await placed({ orderQty: '0.05', startTime: String(now + 60_000), endTime: String(now + 120_000) });
    const bought = await trader.client.post('/api/v1/algo/subOrder', { algoOrderId, sym: BTC_PERP, side: 'BUY', orderType: 'MARKET', orderQty: '0.02', clientOrderId: 'rsz3' });
    assert.equal(bought.code, 200000, JSON.stringify(bought));
    assert.equal((await trader.client.put('/api/v1/algo/order', { algoOrderId, orderQty: '0.02' })).code, 200000);
    const done = await algo(algoOrderId);
    assert.deepEqual([done.orderState, done.orderQty, done.executedQty], ['COMPLETED', '0.02', '0.02']);
  });

  it('the admin CLI lists, deactivates and activates providers', async () => {
    const env = { OPENCONNEX_URL: server.baseUrl, ADMIN_TOKEN: server.app.adminToken };
    const cli = async (args: string[]) => {
      const result = await runAdminCli(args, env);
      assert.equal(result.code, 0, result.stderr);
      return JSON.parse(result.stdout).data;
    };
    assert.deepEqual(await cli(['deactivate-algo-provider', '--provider', 'OPENCONNEX']), { provider: 'OPENCONNEX', active: false });
    assert.deepEqual(await cli(['list-algo-providers']), [{ provider: 'OPENCONNEX', active: false }]);
    assert.equal((await placeAlgo({ orderQty: '0.05' })).code, 401205);
    assert.deepEqual(await cli(['activate-algo-provider', '--provider', 'OPENCONNEX']), { provider: 'OPENCONNEX', active: true });
    assert.equal((await runAdminCli(['deactivate-algo-provider', '--provider', 'ABEX'], env)).code, 1, 'an unknown provider is refused (401200)');
  });

  it('every TWAP / VWAP field answers its code and a refused algo changes nothing', async () => {
    const now = await venueNow();
    const before = await openAlgoCount();
    const cases: [Record<string, string>, number][] = [
      [{ orderQty: '0.05', startTime: 'soon' }, 401211],
      [{ orderQty: '0.05', startTime: '-5' }, 401211],
      [{ orderQty: '0.05', startTime: String(now + 8 * 24 * 3_600_000) }, 401211],
      [{ orderQty: '0.05', endTime: 'later' }, 401212],
      [{ orderQty: '0.05', endTime: String(now - 1_000) }, 401212],
      [{ orderQty: '0.05', startTime: String(now + 60_000), endTime: String(now + 30_000) }, 401212],
      [{ orderQty: '0.05', interval: '999' }, 401213],
      [{ orderQty: '0.05', interval: 'often' }, 401213],
      [{ orderQty: '0.05', interval: '1000', endTime: String(now + 20_000_000) }, 401213],
      [{ orderQty: '0.05', side: '' }, 401202],
      [{ orderQty: '0', side: 'BUY' }, 401202],
      [{ orderQty: '0.05', limitPrice: '0' }, 401202],
      [{ algoOrderType: 'TPSL', orderQty: '0.05' }, 401233],
      [{ algoOrderType: 'ICEBERG', orderQty: '0.05' }, 401201],
      [{ sym: SPOT_BTC, orderQty: '0.05', reduceOnly: 'true' }, 401049],
      [{ sym: 'BINANCE_MARGIN_BTC_USDT', orderQty: '0.05' }, 401067],
    ];
    for (const [fields, code] of cases) {
      const answer = await placeAlgo(fields);
      assert.equal(answer.code, code, `${JSON.stringify(fields)} → ${JSON.stringify(answer)}`);
    }
    const tooSmall = await placeAlgo({ orderQty: '0.0005' });
    assert.notEqual(tooSmall.code, 200000, 'a slice off the lot is refused by the order rules');
    assert.equal(await openAlgoCount(), before);
  });

  it('VWAP weighs its slices by the venue’s trailing volume of each slice’s hour of day (the 1h klines show it)', async () => {
    const HOUR = 3_600_000;
    // From the top of the next hour, three hours of the house trading (twenty ticks an hour), then on to the same time the next day.
    const toNextHour = HOUR - ((await venueNow()) % HOUR) + 1_000;
    assert.equal((await server.admin.call('POST', '/sim/tick', { count: '1', elapsedMs: String(toNextHour) })).code, 200000);
    const start = await venueNow();
    for (let hour = 0; hour < 3; hour++) assert.equal((await server.admin.call('POST', '/sim/tick', { count: '20', elapsedMs: String(HOUR / 20) })).code, 200000);
    assert.equal((await server.admin.call('POST', '/sim/tick', { count: '1', elapsedMs: String(21 * HOUR) })).code, 200000);
    const now = await venueNow();
    assert.equal(Math.floor(now / HOUR), Math.floor(start / HOUR) + 24, 'the same hour of the next day');
    const closed = (await trader.client.get('/api/v1/market/klines', { sym: SPOT_BTC, interval: '1h', limit: '30' })).data.filter((candle: any[]) => candle[6]);
    /** The latest complete hour at each hour of day within the trailing day, as the 1h candles report its volume. */
    const volumeAt = (time: number): bigint => {
      const candle = closed.findLast((c: any[]) => Math.floor(Number(c[0]) / HOUR) % 24 === Math.floor(time / HOUR) % 24 && Number(c[0]) >= now - 25 * HOUR);
      return candle ? fixed<'qty'>(candle[5]) : 0n;
    };
    const { client } = await perpPortfolio(server, 'AlgoVwap02', '100000');
    const orderQty = '0.06';
    const times = [now, now + HOUR, now + 2 * HOUR];
    const weights = times.map(volumeAt);
    assert.ok(weights.every((weight) => weight > 0n) && new Set(weights).size > 1, `the house traded unevenly in those hours: ${weights}`);
    const total = weights.reduce((a, b) => a + b);
    const lot = 10n ** 13n; // BINANCE BTCUSDT spot: 0.00001 at 18 decimals
    const first = weights.slice(0, -1).map((weight) => ((fixed<'qty'>(orderQty) * weight) / total / lot) * lot);
    const expected = [...first, fixed<'qty'>(orderQty) - first.reduce((a, b) => a + b)].map((slice) => formatFixed(slice as Size));
    const answer = await client.post('/api/v1/algo/order', { algoOrderType: 'VWAP', sym: SPOT_BTC, side: 'BUY', orderQty, interval: String(HOUR), endTime: String(now + 3 * HOUR) });
    assert.equal(answer.code, 200000, JSON.stringify(answer));
    for (let slice = 0; slice < 3; slice++) assert.equal((await server.admin.call('POST', '/sim/tick', { count: '1', elapsedMs: String(slice === 0 ? 1_000 : HOUR) })).code, 200000);
    const sizes = (await subOrders(answer.data.algoOrderId, 'history/subOrders', client)).map((child: any) => child.orderQty).reverse();
    assert.deepEqual(sizes, expected);
    assert.deepEqual([(await algo(answer.data.algoOrderId, client)).orderState, (await algo(answer.data.algoOrderId, client)).executedQty], ['COMPLETED', orderQty]);
  });
});
