/**
 * Loans through the API (issue 11 item 4; connex-api.md §4.11): the pool each venue lends, an explicit
 * borrow within the limits MARGIN orders borrow within (401087, 401085, 401086), and the borrows,
 * repayments and interest as loan orders and loan statement rows.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ConnexClient } from '../../src/client/connex-client.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { PERP_ENV, perpTrader, quoteBooks } from '../support/perp.ts';
import { rowsOnce as rows } from '../support/lending.ts';
import { fund, order, place } from '../support/trading.ts';

const LOAN_ENV = {
  RATE_LIMITS: JSON.stringify({ '*': { ...JSON.parse(PERP_ENV.RATE_LIMITS)['*'], loanPool: [100000, 1000], loanRead: [100000, 1000], loanWrite: [100000, 1000] } }),
};

const HOUR_MS = 3_600_000;

async function usdtBorrow(client: ConnexClient): Promise<string> {
  const answer = await client.get('/api/v1/trading/portfolio/assets', {});
  assert.equal(answer.code, 200000, JSON.stringify(answer));
  return answer.data.list.find((row: any) => row.exchangeType === 'BINANCE' && row.coin === 'USDT')?.borrow ?? '0';
}

describe('Loans: pool, borrow, loan orders and loan statement (connex-api.md §4.11)', () => {
  let server: TestServer;
  let borrower: Awaited<ReturnType<typeof perpTrader>>;
  const borrow = (amount: string, coin = 'USDT', extra: Record<string, string> = {}) =>
    borrower.client.post('/api/v1/trading/rapidxLoan/loan/borrow', { exchange: 'BINANCE', coin, amount, ...extra });
  const repay = (amount: string) => borrower.client.post('/api/v1/trading/rapidxLoan/loan/repay', { exchange: 'BINANCE', coin: 'USDT', amount });

  before(async () => {
    server = await startTestServer({ env: LOAN_ENV });
    borrower = await perpTrader(server, 'Loans1', '1000');
  });
  after(() => server.stop());

  it('loan/pool: per venue and coin lent, the loan limit and hourly rate of its loan terms; a coin not lent 401087', async () => {
    const all = await borrower.client.get('/api/v1/trading/loan/pool', {});
    assert.equal(all.code, 200000, JSON.stringify(all));
    assert.deepEqual(all.data.find((row: any) => row.exchangeType === 'BINANCE' && row.coin === 'USDT'), { exchangeType: 'BINANCE', coin: 'USDT', maxAviLoan: '3000000', hourInterestRate: '0.0000045' });
    assert.deepEqual(all.data.find((row: any) => row.exchangeType === 'BINANCE' && row.coin === 'BTC')?.maxAviLoan, '80');
    assert.ok(!all.data.some((row: any) => row.coin === 'TRX'));
    const okx = await borrower.client.get('/api/v1/trading/loan/pool', { exchangeType: 'OKX' });
    assert.ok(okx.data.length > 0 && okx.data.every((row: any) => row.exchangeType === 'OKX'), JSON.stringify(okx));
    const btc = await borrower.client.get('/api/v1/trading/loan/pool', { exchangeType: 'BINANCE', coin: 'BTC' });
    assert.deepEqual(btc.data.map((row: any) => row.coin), ['BTC']);
    assert.equal((await borrower.client.get('/api/v1/trading/loan/pool', { coin: 'TRX' })).code, 401087);
  });

  it('loan/borrow: owes and makes available the amount; beyond the limits of order borrowing it answers their codes and changes nothing', async () => {
    const borrowed = await borrow('500', 'USDT', { clientOrderId: 'loan1' });
    assert.equal(borrowed.code, 200000, JSON.stringify(borrowed));
    // The first hour's interest (500 × 0.0000045) is charged at once, from what is available (research-perps.md §3).
    assert.deepEqual([borrowed.data.borrowed, borrowed.data.loanBalance, borrowed.data.availableBalance], [500, 500, 1499.99775], 'JSON numbers (connex-api.md §4.11)');
    assert.match(borrowed.data.orderId, /^[0-9]+$/);
    assert.equal(await usdtBorrow(borrower.client), '500');
    // BTC: loanLimit 80; at the default margin leverage 10 the tier cap is 10 BTC.
    assert.equal((await borrow('81', 'BTC')).code, 401085);
    assert.equal((await borrow('11', 'BTC')).code, 401086);
    // Borrowing power: (10 − 1) × equity 1000 USDT.
    assert.equal((await borrow('9000')).code, 401085);
    assert.equal((await borrow('1', 'TRX')).code, 401087);
    assert.equal((await borrow('0')).code, 400000);
    assert.equal((await borrow('-1')).code, 400000);
    // A client id as an order's (decisions E3): letters and digits, fewer than 64.
    assert.equal((await borrow('1', 'USDT', { clientOrderId: 'loan-2' })).code, 401051);
    assert.equal((await borrow('1', 'USDT', { clientOrderId: 'a'.repeat(64) })).code, 401001);
    assert.equal(await usdtBorrow(borrower.client), '500');
  });

  it('loan/orders: the borrows and repayments, newest first, with the client’s id (absent: the orderId), filtered by type, coin and either id', async () => {
    await fund(server, borrower.portfolioId, 'USDT', '100');
    const repaid = await repay('200');
    assert.equal(repaid.code, 200000, JSON.stringify(repaid));
    const url = '/api/v1/trading/rapidxLoan/loan/orders';
    const list = await rows(borrower.client, url, {}, 2);
    assert.deepEqual(
      list.map((row: any) => [row.type, row.coin, row.exchange, row.amount, row.status]),
      [
        ['repay', 'USDT', 'BINANCE', '200', 'filled'],
        ['borrow', 'USDT', 'BINANCE', '500', 'filled'],
      ],
    );
    assert.equal(list[0].orderId, repaid.data.orderId);
    assert.equal(list[0].clientOrderId, repaid.data.orderId);
    assert.equal(list[1].clientOrderId, 'loan1');
    assert.ok(list[0].createTime >= list[1].createTime);
    assert.deepEqual((await rows(borrower.client, url, { type: 'borrow' }, 1)).map((row: any) => row.amount), ['500']);
    assert.deepEqual((await rows(borrower.client, url, { orderId: repaid.data.orderId }, 1)).map((row: any) => row.type), ['repay']);
    assert.deepEqual((await rows(borrower.client, url, { clientOrderId: repaid.data.orderId }, 1)).map((row: any) => row.type), ['repay']);
    assert.deepEqual((await rows(borrower.client, url, { clientOrderId: 'loan1' }, 1)).map((row: any) => [row.type, row.amount]), [['borrow', '500']]);
    assert.deepEqual(await rows(borrower.client, url, { coin: 'BTC' }, 0), []);
    assert.equal((await borrower.client.get(url, { type: 'interest' })).code, 400000);
  });

  it('loan/statement: borrow, repay and each hour’s interest with the debt after it; filtered by type', async () => {
    // The first market tick starts the interest schedule; the next one charges the two hours it crosses.
    assert.equal((await server.admin.call('POST', '/sim/tick', { count: '1', elapsedMs: '1' })).code, 200000);
    const ticked = await server.admin.call('POST', '/sim/tick', { count: '1', elapsedMs: String(2 * HOUR_MS) });
    assert.equal(ticked.code, 200000, JSON.stringify(ticked));
    const url = '/api/v1/trading/rapidxLoan/loan/statement';
    const list = await rows(borrower.client, url, {}, 5);
    // 300 USDT owed × 0.0000045 an hour; the borrow's first hour on its 500 at once.
    assert.deepEqual(
      list.map((row: any) => [row.type, row.coin, row.exchange, row.delta, row.balance]),
      [
        ['loan_interest', 'USDT', 'BINANCE', '-0.00135', '300'],
        ['loan_interest', 'USDT', 'BINANCE', '-0.00135', '300'],
        ['loan_repay', 'USDT', 'BINANCE', '-200', '300'],
        ['loan_interest', 'USDT', 'BINANCE', '-0.00225', '500'],
        ['loan_borrow', 'USDT', 'BINANCE', '500', '500'],
      ],
    );
    assert.equal(new Set(list.map((row: any) => row.statementId)).size, 5);
    assert.deepEqual((await rows(borrower.client, url, { type: 'repay' }, 1)).map((row: any) => row.delta), ['-200']);
    assert.deepEqual(await rows(borrower.client, url, { type: 'liquidation_fee' }, 0), []);
    assert.equal((await borrower.client.get(url, { type: 'fee' })).code, 400000);
  });

  it('loan/orders also holds what a MARGIN order borrowed and a fill repaid, under the order’s id', async () => {
    await quoteBooks(server);
    const trader = await perpTrader(server, 'Loans2', '1000');
    const bought = await order(trader.client, await place(trader.client, { sym: 'BINANCE_MARGIN_BTC_USDT', side: 'BUY', orderType: 'MARKET', quoteOrderQty: '1500', clientOrderId: 'long1' }));
    assert.deepEqual([bought.orderState, bought.borrowAmount], ['FILLED', '500'], JSON.stringify(bought));
    const list = await rows(trader.client, '/api/v1/trading/rapidxLoan/loan/orders', {}, 1);
    assert.deepEqual(list.map((row: any) => [row.orderId, row.clientOrderId, row.type, row.coin, row.amount]), [[bought.orderId, 'long1', 'borrow', 'USDT', '500']]);
  });
});
