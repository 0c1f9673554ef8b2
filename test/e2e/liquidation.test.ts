/**
 * Liquidation, the insurance fund and ADL through the API (issue 10 items 2–4; decisions L8; research-perps.md
 * §8.6): the operator drops BTC through the liquidation price in one move and the next tick liquidates. The open
 * orders are cancelled (LIQUIDATING), the position is closed against the book by an order and execution of the
 * portfolio (orderType SYSTEM_LIQ), a tier-2 position is first cut to tier 1 (SYSTEM_REDUCE), the fee is taken
 * from what is left (LIQUIDATION_FEE), a gap past bankruptcy is made good by the fund (LIQ_COMPENSATION), no
 * wallet ends below zero, the account is NORMAL again and the fund moved by exactly fees − compensations. With
 * an empty fund the short on the other side is deleveraged at the bankruptcy price; GET /api/v1/adl/rank ranks it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ConnexClient } from '../../src/client/connex-client.ts';
import { add, formatFixed, mul, neg, sub, sum, ZERO, type Amount, type Price } from '../../src/domain/money.ts';
import { liquidationTick, statements } from '../support/liquidation.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { accountRow, BTC_PERP, fixed, markPrice, marketOrder, PERP_ENV, perpTrader, quoteBooks, setLeverage } from '../support/perp.ts';
import { runAdminCli } from '../support/process.ts';
import { scrape } from '../support/prometheus.ts';
import { order, place } from '../support/trading.ts';
import { WsClient, type Received } from '../support/ws.ts';
import { wsLoginMessage } from '../../src/client/ws-login.ts';

const ENV = {
  RATE_LIMITS: JSON.stringify({
    '*': { ...JSON.parse(PERP_ENV.RATE_LIMITS)['*'], statement: [100000, 1000], positionRead: [100000, 1000], adlRank: [100000, 1000], positionHistory: [100000, 1000] },
  }),
};

/** Moves BTC so that the perp's mark lands on `target`: the index moves, the basis stays until the next tick. */
async function moveMarkTo(server: TestServer, client: ConnexClient, target: Price): Promise<void> {
  const mark = fixed<'price'>(await markPrice(client, BTC_PERP));
  const index = fixed<'price'>((await server.admin.call('POST', '/sim/price', { asset: 'BTC', price: formatFixed(target) })).data.price);
  const moved = fixed<'price'>(await markPrice(client, BTC_PERP));
  const answer = await server.admin.call('POST', '/sim/price', { asset: 'BTC', price: formatFixed(add(index, sub(target, moved))) });
  assert.equal(answer.code, 200000, JSON.stringify(answer));
  assert.ok(mark !== moved, 'the mark moved with the index');
}

const total = (rows: any[]): Amount => sum(rows.map((row) => fixed<'amount'>(row.deltaAmount)));

async function systemOrders(client: ConnexClient): Promise<any[]> {
  const answer = await client.get('/api/v1/trading/history/orders', { pageSize: '1000' });
  assert.equal(answer.code, 200000, JSON.stringify(answer));
  return answer.data.list.filter((o: any) => o.orderType !== 'DMA');
}

async function executionsOf(client: ConnexClient, orderId: string): Promise<any[]> {
  const answer = await client.get('/api/v1/trading/executions', { orderId });
  assert.equal(answer.code, 200000, JSON.stringify(answer));
  return answer.data;
}

async function usdt(client: ConnexClient): Promise<{ available: Amount; overdraw: Amount }> {
  const answer = await client.get('/api/v1/trading/portfolio/assets', { exchangeType: 'BINANCE' });
  assert.equal(answer.code, 200000, JSON.stringify(answer));
  const row = answer.data.list.find((r: any) => r.coin === 'USDT');
  return { available: fixed(row.available), overdraw: fixed(row.overdraw) };
}

async function btcPosition(client: ConnexClient): Promise<any | undefined> {
  const answer = await client.get('/api/v1/trading/position', { sym: BTC_PERP, zeroFilter: 'true' });
  assert.equal(answer.code, 200000, JSON.stringify(answer));
  return answer.data[0];
}

/** The closed BTC position of the position history: closedType and liqFee. */
async function closedBtc(client: ConnexClient): Promise<{ closedType: string; liqFee: string }> {
  const answer = await client.get('/api/v1/trading/history/position', { sym: BTC_PERP });
  assert.equal(answer.code, 200000, JSON.stringify(answer));
  const [{ closedType, liqFee }] = answer.data.list ?? answer.data;
  return { closedType, liqFee };
}

async function risk(server: TestServer): Promise<any> {
  const answer = await server.admin.call('GET', '/risk', {});
  assert.equal(answer.code, 200000, JSON.stringify(answer));
  return answer.data;
}

const binanceFund = (overview: any): Amount => fixed(overview.insuranceFunds.find((f: any) => f.exchangeType === 'BINANCE' && f.coin === 'USDT').balance);

describe('liquidation through the API (decisions L8)', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ env: ENV });
    await quoteBooks(server);
  });
  after(async () => {
    await server.stop();
  });

  it('starts each venue’s insurance fund at 10 000 000 USDT and shows no account at risk (admin API, CLI `risk`, /metrics)', async () => {
    const overview = await risk(server);
    assert.deepEqual(
      overview.insuranceFunds.map((f: any) => [f.exchangeType, f.coin, f.balance]),
      [
        ['BINANCE', 'USDT', '10000000'],
        ['OKX', 'USDT', '10000000'],
      ],
    );
    assert.deepEqual(overview.accountsAtRisk, []);
    const cli = await runAdminCli(['risk'], { OPENCONNEX_URL: server.baseUrl, ADMIN_TOKEN: server.app.adminToken });
    assert.equal(cli.code, 0, cli.stderr);
    assert.deepEqual(JSON.parse(cli.stdout).data, overview);
    assert.equal((await scrape(server)).value('openconnex_insurance_fund', { exchange: 'OKX', coin: 'USDT' }), 10_000_000);
  });

  it('a gap through the liquidation price: orders cancelled, SYSTEM_LIQ at the book, the fee from what is left, a bankrupt made good by the fund, no wallet below zero, NORMAL again', async () => {
    const gap = await perpTrader(server, 'GapLong', '2000');
    const edge = await perpTrader(server, 'EdgeLong', '4500');
    for (const trader of [gap, edge]) {
      await setLeverage(trader.client, BTC_PERP, '50');
      await marketOrder(trader.client, BTC_PERP, 'BUY', '1');
    }
    const resting = await place(gap.client, { sym: BTC_PERP, side: 'BUY', orderType: 'LIMIT', orderQty: '0.002', limitPrice: formatFixed(mul(fixed<'price'>(await markPrice(gap.client, BTC_PERP)), fixed<'rate'>('0.8'))).replace(/\.\d+$/, '') });
    const liqPrice = fixed<'price'>((await btcPosition(edge.client)).liqPrice);
    const fundBefore = binanceFund(await risk(server));
    const ws = await WsClient.open(server.baseUrl, '/v1/private');
    assert.equal((await ws.request({ id: 'login', ...wsLoginMessage(edge.credentials) })).code, 200000);

    await moveMarkTo(server, edge.client, sub(liqPrice, fixed('100')));
    assert.equal((await accountRow(edge.client)).accountStatus, 'LIQUIDATING');
    assert.equal((await accountRow(gap.client)).accountStatus, 'TAKEOVER');
    await liquidationTick(server);

    const cancelled = await order(gap.client, resting);
    assert.deepEqual([cancelled.orderState, cancelled.cancelType], ['CANCELLED', 'LIQUIDATING']);
    for (const trader of [gap, edge]) {
      const [liq] = await systemOrders(trader.client);
      assert.deepEqual([liq.orderType, liq.orderState, liq.side, liq.reduceOnly, liq.executedQty], ['SYSTEM_LIQ', 'FILLED', 'SELL', true, '1']);
      const fills = await executionsOf(trader.client, liq.orderId);
      assert.equal(formatFixed(sum(fills.map((fill) => fixed<'qty'>(fill.quantity)))), '1', 'executions of the portfolio at the book');
      assert.equal(await btcPosition(trader.client), undefined, 'closed');
      assert.equal((await accountRow(trader.client)).accountStatus, 'NORMAL');
      const wallet = await usdt(trader.client);
      assert.ok(wallet.available >= 0n && wallet.overdraw === 0n, `no wallet below zero: ${formatFixed(wallet.available)} available, ${formatFixed(wallet.overdraw)} overdrawn`);
    }
    // The account's status changes are pushed (the margin-call push): LIQUIDATING, then NORMAL once it is done.
    const isAccount = (f: Received) => f.json?.channel === 'Account' && f.json.data.exchangeType === 'BINANCE';
    assert.equal((await ws.next(isAccount)).json.data.accountStatus, 'LIQUIDATING');
    assert.equal((await ws.next(isAccount)).json.data.accountStatus, 'NORMAL');
    const closedPushes = ws.frames.filter((f) => f.json?.channel === 'Positions' && f.json.data.sym === BTC_PERP && f.json.data.positionQty === '0');
    assert.equal(closedPushes.length, 1, 'the closed position is pushed once (history alone hears how it closed)');
    ws.close();
    const [edgeFee] = await statements(edge.client, 'LIQUIDATION_FEE');
    assert.ok(fixed(edgeFee.deltaAmount) < 0n && fixed(edgeFee.afterAvailable) === 0n, 'what the edge long had left paid the fee');
    assert.deepEqual(await statements(edge.client, 'LIQ_COMPENSATION'), []);
    assert.deepEqual(await statements(gap.client, 'LIQUIDATION_FEE'), [], 'nothing from a bankrupt account');
    const [compensation] = await statements(gap.client, 'LIQ_COMPENSATION');
    assert.ok(fixed(compensation.deltaAmount) > 0n);
    assert.deepEqual([compensation.afterAvailable, compensation.afterOverdraw], ['0', '0']);
    assert.deepEqual(await closedBtc(edge.client), { closedType: 'LIQUIDATED', liqFee: formatFixed(neg(fixed(edgeFee.deltaAmount))) }, 'position history: the fee it was charged');
    assert.deepEqual(await closedBtc(gap.client), { closedType: 'LIQUIDATED', liqFee: '0' });

    const fees = total([...(await statements(gap.client, 'LIQUIDATION_FEE')), ...(await statements(edge.client, 'LIQUIDATION_FEE'))]);
    const compensations = total([...(await statements(gap.client, 'LIQ_COMPENSATION')), ...(await statements(edge.client, 'LIQ_COMPENSATION'))]);
    const fundAfter = binanceFund(await risk(server));
    assert.equal(formatFixed(sub(fundAfter, fundBefore)), formatFixed(sub(neg(fees), compensations)), 'the fund moved by fees − compensations');
    assert.equal((await scrape(server)).value('openconnex_insurance_fund', { exchange: 'BINANCE', coin: 'USDT' }), Number(formatFixed(fundAfter)));
  });

  it('CANCEL_OPEN (uniMMR below 1.25): the orders that add risk are cancelled at the next tick, a reduce-only one stays', async () => {
    const trader = await perpTrader(server, 'CancelOpen', '3000');
    await setLeverage(trader.client, BTC_PERP, '50');
    await marketOrder(trader.client, BTC_PERP, 'BUY', '1');
    const mark = fixed<'price'>(await markPrice(trader.client, BTC_PERP));
    const bid = await place(trader.client, { sym: BTC_PERP, side: 'BUY', orderType: 'LIMIT', orderQty: '0.002', limitPrice: formatFixed(mul(mark, fixed<'rate'>('0.8'))).replace(/\.\d+$/, '') });
    const ask = await place(trader.client, { sym: BTC_PERP, side: 'SELL', orderType: 'LIMIT', orderQty: '0.5', limitPrice: formatFixed(mul(mark, fixed<'rate'>('1.2'))).replace(/\.\d+$/, ''), reduceOnly: 'true' });
    // The mark at which uniMMR is 1.15 (a long of 1 BTC in tier 1, MMR 0.4 %): validMargin + (P − mark) = 1.15 × 0.004 × P.
    const account = await accountRow(trader.client);
    const target = ((fixed<'amount'>(account.validMargin) - mark) * 10n ** 18n) / (fixed<'rate'>('0.0046') - 10n ** 18n);
    await moveMarkTo(server, trader.client, target as Price);
    assert.equal((await accountRow(trader.client)).accountStatus, 'CANCEL_OPEN');
    await liquidationTick(server);
    const cancelled = await order(trader.client, bid);
    assert.deepEqual([cancelled.orderState, cancelled.cancelType, cancelled.reason], ['CANCELLED', 'SYSTEM', 'Account status CANCEL_OPEN: orders that add risk are cancelled']);
    assert.equal((await order(trader.client, ask)).orderState, 'OPEN');
    assert.ok(await btcPosition(trader.client), 'no liquidation: the position is kept');
  });

  it('tier by tier: a tier-2 position just past its liquidation price is cut to tier 1’s cap (SYSTEM_REDUCE) and kept; the operator sees the account at risk', async () => {
    const big = await perpTrader(server, 'TierTwo', '9000');
    await setLeverage(big.client, BTC_PERP, '75');
    await marketOrder(big.client, BTC_PERP, 'BUY', '5');
    const held = await btcPosition(big.client);
    assert.equal(held.riskLevel, '2');
    await moveMarkTo(server, big.client, sub(fixed<'price'>(held.liqPrice), fixed('60')));
    await liquidationTick(server);
    const [reduce, ...more] = await systemOrders(big.client);
    assert.deepEqual([reduce.orderType, reduce.orderState, reduce.side, more.length], ['SYSTEM_REDUCE', 'FILLED', 'SELL', 0]);
    const kept = await btcPosition(big.client);
    assert.equal(kept.positionQty, formatFixed(sub(fixed('5'), fixed(reduce.executedQty))));
    assert.equal(kept.riskLevel, '1');
    assert.ok(fixed<'amount'>(kept.positionValue) <= fixed('300000') && fixed<'amount'>(kept.positionValue) > fixed('299000'), 'down to tier 1’s cap');
    const account = await accountRow(big.client);
    assert.ok(fixed(account.uniMMR) > fixed('1.05'), `uniMMR ${account.uniMMR}`);
    assert.ok(['MARGIN_CALL', 'CANCEL_OPEN'].includes(account.accountStatus));
    assert.equal((await statements(big.client, 'LIQUIDATION_FEE')).length, 1);
    const [atRisk] = (await risk(server)).accountsAtRisk.filter((row: any) => row.portfolioId === big.portfolioId);
    assert.deepEqual([atRisk.exchangeType, atRisk.accountStatus, atRisk.uniMMR], ['BINANCE', account.accountStatus, account.uniMMR]);
  });
});

describe('ADL through the API: an empty insurance fund (INSURANCE_FUND_USDT=0)', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ env: { ...ENV, INSURANCE_FUND_USDT: '0' } });
    await quoteBooks(server);
  });
  after(async () => {
    await server.stop();
  });

  it('ranks the positions (GET /api/v1/adl/rank), then deleverages the short on the other side at the bankruptcy price: both fills at one price, no fee, the long at 0, the fund untouched', async () => {
    const long = await perpTrader(server, 'AdlLong', '3000');
    const short = await perpTrader(server, 'AdlShort', '30000');
    await setLeverage(long.client, BTC_PERP, '50');
    await setLeverage(short.client, BTC_PERP, '10');
    await marketOrder(long.client, BTC_PERP, 'BUY', '1');
    await marketOrder(short.client, BTC_PERP, 'SELL', '1');
    const shortPosition = await btcPosition(short.client);
    const ranks = await short.client.get('/api/v1/adl/rank', { sym: BTC_PERP });
    assert.equal(ranks.code, 200000, JSON.stringify(ranks));
    assert.deepEqual(ranks.data, { adlRanks: [{ sym: BTC_PERP, adlRank: 5, positionId: shortPosition.positionId, positionSide: 'NONE' }] });
    assert.equal((await long.client.get('/api/v1/adl/rank', {})).data.adlRanks[0].adlRank, 5, 'alone on its side');
    assert.equal((await short.client.get('/api/v1/adl/rank', { sym: 'BINANCE_SPOT_BTC_USDT' })).code, 401041);
    assert.equal(binanceFund(await risk(server)), ZERO);

    await moveMarkTo(server, long.client, mul(fixed<'price'>(await markPrice(long.client, BTC_PERP)), fixed<'rate'>('0.92')));
    const shortBefore = await usdt(short.client);
    await liquidationTick(server);

    const [liq] = await systemOrders(long.client);
    const [reduced] = await systemOrders(short.client);
    assert.deepEqual([liq.orderType, liq.orderState, liq.exchangeOrderType, liq.executedQty, liq.fee], ['SYSTEM_LIQ', 'FILLED', 'LIMIT', '1', '0']);
    assert.deepEqual([reduced.orderType, reduced.orderState, reduced.side, reduced.executedQty, reduced.fee], ['SYSTEM_REDUCE', 'FILLED', 'BUY', '1', '0']);
    assert.equal(liq.executedAvgPrice, reduced.executedAvgPrice, 'one price for both: the bankruptcy price');
    assert.ok(fixed<'price'>(liq.executedAvgPrice) > fixed<'price'>(await markPrice(long.client, BTC_PERP)), 'above the mark: the short gives up what the long lost beyond its margin');
    const [shortFill] = await executionsOf(short.client, reduced.orderId);
    assert.equal(formatFixed(sub((await usdt(short.client)).available, shortBefore.available)), shortFill.rpnl, 'the short got its PnL at that price, nothing taken');
    assert.equal(await btcPosition(short.client), undefined);
    assert.deepEqual(await closedBtc(short.client), { closedType: 'ADL', liqFee: '0' }, 'position history: deleveraged');
    assert.equal((await closedBtc(long.client)).closedType, 'LIQUIDATED');
    const wallet = await usdt(long.client);
    assert.ok(wallet.overdraw === 0n && wallet.available >= 0n && wallet.available < fixed('0.1'), `the long ends at 0: ${formatFixed(wallet.available)} available, ${formatFixed(wallet.overdraw)} overdrawn`);
    assert.deepEqual(await statements(long.client, 'LIQ_COMPENSATION'), []);
    assert.equal((await accountRow(long.client)).accountStatus, 'NORMAL');
    assert.equal(formatFixed(binanceFund(await risk(server))), formatFixed(neg(total(await statements(long.client, 'LIQUIDATION_FEE')))));
  });
});
