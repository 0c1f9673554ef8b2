/**
 * Liquidation of MARGIN debts through the API (issue 11 item 4; decisions L3, L8; research-perps.md §3): debts
 * enter the account's maintenance margin, so when the operator moves the collateral's price the account becomes
 * LIQUIDATING (orders, borrows and margin leverage answer 401118) and the next tick buys back or sells for the debt with an order and
 * executions of the portfolio (orderType SYSTEM_LIQ), whose fill repays it (a loan/orders repay row under that
 * order); the venue's margin liquidation fee goes into the insurance fund (a LIQUIDATION_FEE statement of the
 * MARGIN sym, a loan_liquidation_fee row); a bankrupt account's debt is bought back with what the fund pays
 * (LIQ_COMPENSATION). The status changes are pushed; the account ends NORMAL with nothing below zero.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ConnexClient } from '../../src/client/connex-client.ts';
import { wsLoginMessage } from '../../src/client/ws-login.ts';
import { formatFixed, mul, neg, sub, type Amount } from '../../src/domain/money.ts';
import { assetRow, eventually, rowsOnce } from '../support/lending.ts';
import { accountRow, fixed, PERP_ENV, perpTrader, quoteBooks } from '../support/perp.ts';
import { liquidationTick, statements } from '../support/liquidation.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { order, place } from '../support/trading.ts';
import { WsClient, type Received } from '../support/ws.ts';

const BTC_MARGIN = 'BINANCE_MARGIN_BTC_USDT';

const ENV = {
  RATE_LIMITS: JSON.stringify({ '*': { ...JSON.parse(PERP_ENV.RATE_LIMITS)['*'], statement: [100000, 1000], loanRead: [100000, 1000] } }),
};

/** Moves BTC's simulated price by `factor` from its index now. */
async function moveBtc(server: TestServer, client: ConnexClient, factor: string): Promise<void> {
  const index = fixed<'price'>((await assetRow(client, 'BTC')).indexPrice);
  const answer = await server.admin.call('POST', '/sim/price', { asset: 'BTC', price: formatFixed(mul(index, fixed<'rate'>(factor))) });
  assert.equal(answer.code, 200000, JSON.stringify(answer));
}

async function liquidationOrders(client: ConnexClient): Promise<any[]> {
  const answer = await client.get('/api/v1/trading/history/orders', { pageSize: '1000' });
  assert.equal(answer.code, 200000, JSON.stringify(answer));
  return answer.data.list.filter((o: any) => o.orderType === 'SYSTEM_LIQ');
}

async function binanceFund(server: TestServer): Promise<Amount> {
  const answer = await server.admin.call('GET', '/risk', {});
  assert.equal(answer.code, 200000, JSON.stringify(answer));
  return fixed(answer.data.insuranceFunds.find((f: any) => f.exchangeType === 'BINANCE' && f.coin === 'USDT').balance);
}

/** A MARGIN market order that fills at once: a sale of `qty` BTC, or a purchase for `qty` USDT. */
async function marginOrder(client: ConnexClient, side: 'BUY' | 'SELL', qty: string): Promise<any> {
  const size: Record<string, string> = side === 'SELL' ? { orderQty: qty } : { quoteOrderQty: qty };
  const filled = await order(client, await place(client, { sym: BTC_MARGIN, side, orderType: 'MARKET', ...size }));
  assert.equal(filled.orderState, 'FILLED', JSON.stringify(filled));
  return filled;
}

describe('liquidation of MARGIN debts through the API', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ env: ENV });
    await quoteBooks(server);
  });
  after(() => server.stop());

  it('a short on borrowed BTC when BTC rises 13 %: LIQUIDATING (orders, borrows, leverage: 401118), a SYSTEM_LIQ buy repays the BTC, 2 % of it to the fund, pushed, NORMAL again', async () => {
    const short = await perpTrader(server, 'MarginShort', '5000');
    const sold = await marginOrder(short.client, 'SELL', '0.3');
    assert.equal(sold.borrowAsset, 'BTC');
    assert.equal((await accountRow(short.client)).accountStatus, 'NORMAL');
    const ws = await WsClient.open(server.baseUrl, '/v1/private');
    assert.equal((await ws.request({ id: 'login', ...wsLoginMessage(short.credentials) })).code, 200000);
    const fundBefore = await binanceFund(server);

    await moveBtc(server, short.client, '1.13');
    const liquidating = await accountRow(short.client);
    assert.equal(liquidating.accountStatus, 'LIQUIDATING', JSON.stringify(liquidating));
    assert.ok(fixed<'amount'>(liquidating.debtMargin) > 0n);
    const refused = await short.client.post('/api/v1/trading/order', { sym: BTC_MARGIN, side: 'SELL', orderType: 'MARKET', orderQty: '0.01' });
    assert.equal(refused.code, 401118, JSON.stringify(refused));
    assert.equal((await short.client.post('/api/v1/trading/rapidxLoan/loan/borrow', { exchange: 'BINANCE', coin: 'USDT', amount: '10' })).code, 401118);
    assert.equal((await short.client.post('/api/v1/trading/margin/leverage', { exchangeType: 'BINANCE', coin: 'BTC', leverage: '5' })).code, 401118);
    await liquidationTick(server);

    const [liq, ...more] = await liquidationOrders(short.client);
    assert.equal(more.length, 0);
    assert.deepEqual([liq.sym, liq.side, liq.orderState, liq.exchangeOrderType, liq.borrowAmount], [BTC_MARGIN, 'BUY', 'FILLED', 'MARKET', '0']);
    const fills = await short.client.get('/api/v1/trading/executions', { orderId: liq.orderId });
    assert.ok(fills.data.length > 0, 'executions of the portfolio at the book');
    const btc = await assetRow(short.client, 'BTC');
    assert.equal(btc.borrow, '0', 'the debt is repaid');
    const [fee, ...fees] = await statements(short.client, 'LIQUIDATION_FEE');
    assert.equal(fees.length, 0);
    assert.deepEqual([fee.coin, fee.sym], ['USDT', BTC_MARGIN]);
    assert.equal(fee.deltaAmount, formatFixed(neg(mul(fixed<'amount'>(liq.executedAmount), fixed<'rate'>('0.02')))), 'BINANCE cross margin: 2 % of what was bought back');
    assert.equal(formatFixed(sub(await binanceFund(server), fundBefore)), formatFixed(neg(fixed(fee.deltaAmount))), 'into the insurance fund');
    const repaid = await rowsOnce(short.client, '/api/v1/trading/rapidxLoan/loan/orders', { orderId: liq.orderId }, 1);
    assert.deepEqual(repaid.map((row: any) => [row.type, row.coin, row.clientOrderId]), [['repay', 'BTC', liq.clientOrderId]]);
    const charged = await rowsOnce(short.client, '/api/v1/trading/rapidxLoan/loan/statement', { type: 'liquidation_fee' }, 1);
    assert.deepEqual(charged.map((row: any) => [row.type, row.coin, row.delta]), [['loan_liquidation_fee', 'USDT', fee.deltaAmount]]);

    const after = await accountRow(short.client);
    assert.deepEqual([after.accountStatus, after.debtMargin], ['NORMAL', '0']);
    assert.ok(fixed<'amount'>((await assetRow(short.client, 'USDT')).available) > 0n);
    const isAccount = (f: Received) => f.json?.channel === 'Account' && f.json.data.exchangeType === 'BINANCE';
    assert.equal((await ws.next(isAccount)).json.data.accountStatus, 'LIQUIDATING');
    assert.equal((await ws.next(isAccount)).json.data.accountStatus, 'NORMAL');
    assert.ok(ws.frames.some((f) => f.json?.channel === 'Orders' && f.json.data.orderId === liq.orderId && f.json.data.orderType === 'SYSTEM_LIQ'), 'the order is pushed');
    ws.close();
  });

  it('a long on borrowed USDT when BTC halves: TAKEOVER; the BTC is sold, the fund pays the rest of the USDT owed (LIQ_COMPENSATION), nothing below zero', async () => {
    const long = await perpTrader(server, 'MarginLong', '5000');
    const bought = await marginOrder(long.client, 'BUY', '19000');
    assert.deepEqual([bought.borrowAsset, bought.borrowAmount], ['USDT', '14000']);
    await moveBtc(server, long.client, '0.5');
    assert.equal((await accountRow(long.client)).accountStatus, 'TAKEOVER');
    await liquidationTick(server);

    const liq = await liquidationOrders(long.client);
    assert.ok(liq.length > 0 && liq.every((o: any) => o.side === 'SELL' && o.sym === BTC_MARGIN), JSON.stringify(liq));
    const [compensation] = await statements(long.client, 'LIQ_COMPENSATION');
    assert.ok(fixed(compensation.deltaAmount) > 0n && compensation.coin === 'USDT');
    const usdt = await assetRow(long.client, 'USDT');
    assert.deepEqual([usdt.borrow, usdt.overdraw], ['0', '0'], 'no debt is left');
    assert.ok(fixed<'amount'>(usdt.available) >= 0n);
    const account = await eventually(async () => {
      const row = await accountRow(long.client);
      return row.accountStatus === 'NORMAL' ? row : undefined;
    });
    assert.equal(account.debtMargin, '0');
  });
});
