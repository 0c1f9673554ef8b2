/**
 * Fees and broker through the API (connex-api.md §4.9, decisions J1): the venue schedules userFeeRate shows are
 * what fills are charged; a mark-up set on a sub-portfolio takes effect at its effDate in venue time, its fills
 * then pay venue fee + mark-up, and the mark-up reaches the main portfolio in the same step (BROKER_FEE
 * statements, clearingStatement, collectionRecord); every 406xxx refusal changes nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ConnexClient } from '../../src/client/connex-client.ts';
import { add, formatFixed, mul, sub, type Amount, type Rate } from '../../src/domain/money.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { BTC_PERP, PERP_ENV, fixed, quoteBooks, setLeverage } from '../support/perp.ts';
import { BTC, fund, newTrader, order, place } from '../support/trading.ts';

const HOUR = 3_600_000;
const BROKER_ENV = { RATE_LIMITS: JSON.stringify({ '*': { ...JSON.parse(PERP_ENV.RATE_LIMITS)['*'], userFeeRate: [100000, 1000], statement: [100000, 1000], executions: [100000, 1000], brokerFee: [100000, 1000] } }) };

type Row = Record<string, any>;

function yyyyMMdd(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10).replaceAll('-', '');
}

async function ok(answer: Promise<any>): Promise<any> {
  const response = await answer;
  assert.equal(response.code, 200000, JSON.stringify(response));
  return response.data;
}

async function usdt(client: ConnexClient, portfolioId?: string): Promise<Amount> {
  const data = await ok(client.get('/api/v1/trading/portfolio/assets', portfolioId ? { portfolioId } : {}));
  return fixed(data.list.find((row: Row) => row.exchangeType === 'BINANCE' && row.coin === 'USDT')?.available ?? '0');
}

/** A MARKET order filled at once; the order and its one execution. */
async function marketFill(client: ConnexClient, params: Record<string, string>): Promise<{ order: Row; execution: Row }> {
  const filled = await order(client, await place(client, { orderType: 'MARKET', ...params }));
  assert.equal(filled.orderState, 'FILLED', JSON.stringify(filled));
  const executions = await ok(client.get('/api/v1/trading/executions', { orderId: filled.orderId }));
  assert.equal(executions.length, 1, JSON.stringify(executions));
  return { order: filled, execution: executions[0] };
}

describe('broker fees', () => {
  let server: TestServer;
  let primary: ConnexClient;
  let spotSub: { portfolioId: string; client: ConnexClient };
  let perpSub: { portfolioId: string; client: ConnexClient };
  let schedules: Row[];
  let effTime: number;
  /** Venue time runs ahead of the wall clock by what the ticks fast-forwarded. */
  let aheadMs = 0;
  const venueNow = () => Date.now() + aheadMs;

  const rateOf = (venue: string, business: string, side: 'takerFeeRate' | 'makerFeeRate'): Rate =>
    fixed(schedules.find((row) => row.exchangeType === venue && row.businessType === business)![side]);
  const setFee = (params: Record<string, string>) => primary.post('/api/v1/broker/subFeeRate', params);

  before(async () => {
    server = await startTestServer({ env: BROKER_ENV });
    primary = server.client;
    spotSub = await newTrader(server, 'SpotClient1');
    perpSub = await newTrader(server, 'PerpClient1');
    await fund(server, spotSub.portfolioId, 'USDT', '100000');
    await fund(server, perpSub.portfolioId, 'USDT', '100000');
    await quoteBooks(server);
    aheadMs += 1000;
  });
  after(() => server.stop());

  it('shows each venue’s schedule per business type, grouped by rate, as the fills are charged', async () => {
    schedules = await ok(primary.get('/api/v1/trading/userFeeRate'));
    assert.deepEqual(schedules.map((row) => `${row.exchangeType}_${row.businessType}`).sort(), ['BINANCE_MARGIN', 'BINANCE_PERP', 'BINANCE_SPOT', 'OKX_MARGIN', 'OKX_PERP', 'OKX_SPOT']);
    const perp = schedules.find((row) => row.exchangeType === 'BINANCE' && row.businessType === 'PERP')!;
    assert.deepEqual([perp.takerFeeRate, perp.makerFeeRate, perp.level], ['0.0005', '0.0002', 'T1']);
    assert.equal(perp.groupList[0].groupName, 'A');
    assert.ok(perp.groupList[0].symList.includes(BTC_PERP));
    const okxSpot = schedules.find((row) => row.exchangeType === 'OKX' && row.businessType === 'SPOT')!;
    assert.deepEqual([okxSpot.takerFeeRate, okxSpot.makerFeeRate], ['0.001', '0.0008']);
    // A sub-portfolio's key of a user who is no broker sees the same schedule.
    assert.deepEqual(await ok(spotSub.client.get('/api/v1/trading/userFeeRate')), schedules);
    const { order: filled } = await marketFill(primary, { sym: BTC, side: 'BUY', orderQty: '0.01' });
    assert.equal(filled.fee, formatFixed(mul(fixed<'amount'>(filled.executedAmount), rateOf('BINANCE', 'SPOT', 'takerFeeRate'))));
  });

  it('keeps the broker endpoints to broker users until one sets a mark-up (406011)', async () => {
    for (const path of ['/api/v1/broker/feeRate', '/api/v1/broker/clearingStatement', '/api/v1/broker/collectionRecord']) {
      assert.equal((await primary.get(path)).code, 406011, path);
    }
    assert.equal((await spotSub.client.get('/api/v1/broker/sub/feeRate')).code, 406011);
  });

  it('refuses each malformed mark-up with its code and changes nothing', async () => {
    const base = { portfolioId: spotSub.portfolioId, exchange: 'BINANCE', instType: 'SPOT', chgType: 'ABSOLUTE', chgTaker: '1' };
    const refusals: [Record<string, string>, number][] = [
      [{ portfolioId: server.demo.portfolioId }, 406000],
      [{ chgType: 'FIXED' }, 406001],
      [{ chgType: '' }, 406001],
      [{ chgTaker: '' }, 406002],
      [{ chgTaker: '1000.01' }, 406003],
      [{ chgTaker: '-0.01' }, 406003],
      [{ chgMaker: '0.015' }, 406004],
      [{ chgTaker: '1e2' }, 406005],
      [{ chgType: 'PERCENTAGE', chgTaker: '10001' }, 406006],
      [{ chgType: 'PERCENTAGE', chgTaker: '12.5' }, 406007],
      [{ chgType: 'PERCENTAGE', chgMaker: 'ten' }, 406008],
      [{ effDate: '20260231' }, 406009],
      [{ effDate: '2026-07-01' }, 406009],
      [{ effDate: yyyyMMdd(venueNow() - 86_400_000) }, 406009],
      [{ portfolioId: '1111111111111111' }, 401010],
    ];
    for (const [change, code] of refusals) {
      const params = Object.fromEntries(Object.entries({ ...base, ...change }).filter(([, value]) => value !== ''));
      assert.equal((await setFee(params)).code, code, JSON.stringify(change));
    }
    assert.equal((await primary.get('/api/v1/broker/feeRate')).code, 406011);
    assert.equal((await spotSub.client.post('/api/v1/broker/subFeeRate', base)).code, 100003);
  });

  it('schedules a mark-up from the next full hour of venue time, and the sub-portfolio pays only the venue fee until then', async () => {
    const before = venueNow();
    const scheduled = await ok(setFee({ portfolioId: spotSub.portfolioId, exchange: 'BINANCE', instType: 'SPOT', chgType: 'ABSOLUTE', chgTaker: '10', chgMaker: '2.5' }));
    effTime = scheduled.effTime;
    assert.ok(effTime % HOUR === 0 && effTime > before && effTime <= venueNow() + HOUR, JSON.stringify(scheduled));
    assert.equal(scheduled.effDate, yyyyMMdd(effTime));
    assert.equal((await primary.get('/api/v1/trading/userFeeRate')).code, 406010);
    assert.equal((await spotSub.client.get('/api/v1/trading/userFeeRate')).code, 406012);
    const { order: filled } = await marketFill(spotSub.client, { sym: BTC, side: 'BUY', orderQty: '0.01' });
    assert.equal(filled.fee, formatFixed(mul(fixed<'amount'>(filled.executedAmount), rateOf('BINANCE', 'SPOT', 'takerFeeRate'))));
    const collected = await ok(primary.get('/api/v1/broker/collectionRecord'));
    assert.equal(collected.totalSize, 0);
  });

  it('shows the sub-portfolio its rate from effDate and the main portfolio’s before it', async () => {
    const rows = await ok(spotSub.client.get('/api/v1/broker/sub/feeRate', { exchange: 'BINANCE', instType: 'SPOT' }));
    assert.deepEqual(
      rows.map((row: Row) => [row.portfolioId, row.taker, row.maker, row.effTime, row.groupList[0].takerFee]),
      [
        [spotSub.portfolioId, '0.002', '0.00125', effTime, '0.002'],
        [server.demo.portfolioId, '0.001', '0.001', rows[1].effTime, '0.001'],
      ],
    );
    assert.ok(rows[1].effTime < effTime && rows[1].effTime <= venueNow(), 'the main portfolio’s rates apply from the user’s creation');
    // The broker's primary key reads the same rows by naming the sub-portfolio; a sub-portfolio's key may name only its own.
    const query = { exchange: 'BINANCE', instType: 'SPOT' };
    assert.deepEqual(await ok(primary.get('/api/v1/broker/sub/feeRate', { ...query, subPortfolioId: spotSub.portfolioId })), rows);
    assert.deepEqual(await ok(spotSub.client.get('/api/v1/broker/sub/feeRate', { ...query, subPortfolioId: spotSub.portfolioId })), rows);
    const refusals: [ConnexClient, Record<string, string>, number, string][] = [
      [primary, query, 402008, 'subPortfolioId is required'],
      [primary, { ...query, subPortfolioId: server.demo.portfolioId }, 401102, 'Invalid subPortfolioId'],
      [primary, { ...query, subPortfolioId: '9999999999999999' }, 401102, 'Invalid subPortfolioId'],
      [primary, { ...query, subPortfolioId: '12ab' }, 401102, 'Invalid subPortfolioId'],
      [spotSub.client, { ...query, subPortfolioId: perpSub.portfolioId }, 401102, 'Invalid subPortfolioId'],
    ];
    for (const [client, params, code, message] of refusals) {
      const answer = await client.get('/api/v1/broker/sub/feeRate', params);
      assert.deepEqual([answer.code, answer.message], [code, message], JSON.stringify(params));
    }
    const broker = await ok(primary.get('/api/v1/broker/feeRate', { portfolio: spotSub.portfolioId }));
    assert.equal(broker.length, 8);
    assert.deepEqual(broker.filter((row: Row) => row.exchange === 'BINANCE' && row.instType === 'SPOT').map((row: Row) => [row.portfolioId, row.taker]), [
      [spotSub.portfolioId, '0.002'],
      [server.demo.portfolioId, '0.001'],
    ]);
    const perpRows = await ok(primary.get('/api/v1/broker/feeRate', { portfolios: `${perpSub.portfolioId},${spotSub.portfolioId}`, instType: 'PERP', exchange: 'OKX' }));
    assert.deepEqual(perpRows.map((row: Row) => [row.portfolioId, row.taker]), [[perpSub.portfolioId, '0.0005'], [spotSub.portfolioId, '0.0005']]);
    assert.equal((await primary.get('/api/v1/broker/feeRate', { portfolio: '1111111111111111' })).code, 401010);
    assert.equal((await primary.get('/api/v1/broker/feeRate', { portfolios: 'abc' })).code, 401000);
  });

  it('once in effect, a fill pays venue fee + mark-up and the mark-up reaches the main portfolio in the same step', async () => {
    await ok(server.admin.call('POST', '/sim/tick', { count: '1', elapsedMs: String(HOUR) }));
    await quoteBooks(server);
    aheadMs += HOUR + 1000;
    const [subBefore, mainBefore] = [await usdt(spotSub.client), await usdt(primary)];
    const { order: filled, execution } = await marketFill(spotSub.client, { sym: BTC, side: 'BUY', orderQty: '0.01' });
    const notional = fixed<'amount'>(filled.executedAmount);
    const venueFee = mul(notional, rateOf('BINANCE', 'SPOT', 'takerFeeRate'));
    const markup = sub(mul(notional, fixed<'rate'>('0.002')), venueFee);
    assert.ok(markup > 0n);
    assert.equal(filled.fee, formatFixed(add(venueFee, markup)));
    assert.equal(execution.fee, filled.fee);
    assert.equal(await usdt(spotSub.client), sub(subBefore, add(notional, add(venueFee, markup))));
    assert.equal(await usdt(primary), add(mainBefore, markup));

    const collected = await ok(primary.get('/api/v1/broker/collectionRecord'));
    assert.equal(collected.totalSize, 1);
    assert.deepEqual(collected.list[0], {
      userId: collected.list[0].userId,
      portfolioId: server.demo.portfolioId,
      subPortfolioId: spotSub.portfolioId,
      exchangeType: 'BINANCE',
      businessType: 'SPOT',
      transactionId: execution.transactionId,
      coin: 'USDT',
      amount: formatFixed(markup),
      status: 'SUCCESS',
      createdAt: collected.list[0].createdAt,
    });
    const cleared = await ok(primary.get('/api/v1/broker/clearingStatement', { exchange: 'BINANCE', coin: 'USDT' }));
    assert.deepEqual(
      cleared.list.map((row: Row) => [row.portfolioId, row.transactionId, row.statementFlowType, row.amount]),
      [[spotSub.portfolioId, execution.transactionId, 'BROKER_FEE', formatFixed(markup)]],
    );
    assert.equal((await ok(primary.get('/api/v1/broker/clearingStatement', { exchange: 'OKX' }))).totalSize, 0);

    const mainRows = await ok(primary.get('/api/v1/trading/statement', { statementType: 'BROKER_FEE' }));
    assert.deepEqual(mainRows.list.map((row: Row) => [row.requestId, row.deltaAmount]), [[execution.transactionId, formatFixed(markup)]]);
    const subRows = await ok(spotSub.client.get('/api/v1/trading/statement', { statementType: 'BROKER_FEE' }));
    assert.deepEqual(subRows.list.map((row: Row) => [row.requestId, row.sym]), [[filled.orderId, BTC]]);
  });

  it('a SELL pays its mark-up out of the proceeds', async () => {
    const [subBefore, mainBefore] = [await usdt(spotSub.client), await usdt(primary)];
    const { order: filled } = await marketFill(spotSub.client, { sym: BTC, side: 'SELL', orderQty: '0.01' });
    const notional = fixed<'amount'>(filled.executedAmount);
    const markup = sub(mul(notional, fixed<'rate'>('0.002')), mul(notional, rateOf('BINANCE', 'SPOT', 'takerFeeRate')));
    assert.equal(await usdt(spotSub.client), sub(add(subBefore, notional), fixed<'amount'>(filled.fee)));
    assert.equal(await usdt(primary), add(mainBefore, markup));
  });

  it('a mark-up for every sub-portfolio dated today applies at once, PERCENTAGE of the venue rate, on PERP', async () => {
    const [before, today] = [venueNow(), yyyyMMdd(venueNow())];
    const scheduled = await ok(setFee({ exchange: 'BINANCE', instType: 'PERP', chgType: 'PERCENTAGE', chgTaker: '50', effDate: today }));
    assert.equal(scheduled.effDate, today);
    assert.ok(scheduled.effTime >= before && scheduled.effTime <= venueNow(), 'a day already begun: at once');
    await setLeverage(perpSub.client, BTC_PERP, '10');
    const mainBefore = await usdt(primary);
    const { order: filled, execution } = await marketFill(perpSub.client, { sym: BTC_PERP, side: 'BUY', orderQty: '0.01' });
    const venueFee = mul(fixed<'amount'>(filled.executedAmount), rateOf('BINANCE', 'PERP', 'takerFeeRate'));
    const markup = mul(venueFee, fixed<'rate'>('0.5'));
    assert.equal(filled.fee, formatFixed(add(venueFee, markup)));
    assert.equal(await usdt(primary), add(mainBefore, markup));
    const collected = await ok(primary.get('/api/v1/broker/collectionRecord', { instType: 'PERP' }));
    assert.deepEqual(collected.list.map((row: Row) => [row.subPortfolioId, row.transactionId, row.amount]), [[perpSub.portfolioId, execution.transactionId, formatFixed(markup)]]);
    // Newest first, paged, within the time bounds asked.
    const all = await ok(primary.get('/api/v1/broker/collectionRecord', {}));
    assert.deepEqual([all.totalSize, all.list.map((row: Row) => row.businessType)], [3, ['PERP', 'SPOT', 'SPOT']]);
    const second = await ok(primary.get('/api/v1/broker/clearingStatement', { pageNum: '2', pageSize: '1' }));
    assert.deepEqual([second.totalSize, second.pageNum, second.list[0].id], [3, 3, all.list[1].transactionId]);
    const earlier = await ok(primary.get('/api/v1/broker/collectionRecord', { end: String(all.list[2].createdAt - 1) }));
    assert.equal(earlier.totalSize, 0);
    // The all-sub-portfolios change reaches a sub-portfolio created after it.
    const later = await newTrader(server, 'LateClient1');
    const rows = await ok(later.client.get('/api/v1/broker/sub/feeRate', { exchange: 'BINANCE', instType: 'PERP' }));
    assert.deepEqual(rows.map((row: Row) => row.taker), ['0.00075', '0.0005']);
  });
});
