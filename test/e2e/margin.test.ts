/**
 * MARGIN orders through the API (issue 11 item 4; decisions K1; research-perps.md §3): an order borrows
 * what the account lacks of the coin it spends, the debt shows on the order, the asset row and the
 * account's debtMargin, a fill that brings the coin back repays it, and every loan limit refuses with
 * its code, changing nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ConnexClient } from '../../src/client/connex-client.ts';
import { div, formatFixed, mul, roundToStep, sub } from '../../src/domain/money.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { BTC_PERP, PERP_ENV, accountRow, fixed, markPrice, perpTrader, quoteBooks } from '../support/perp.ts';
import { assetRow, eventually } from '../support/lending.ts';
import { fund, order, place } from '../support/trading.ts';

const BTC_MARGIN = 'BINANCE_MARGIN_BTC_USDT';

/** PERP_ENV with the lending endpoints' limits out of the way too. */
const MARGIN_ENV = {
  RATE_LIMITS: JSON.stringify({ '*': { ...JSON.parse(PERP_ENV.RATE_LIMITS)['*'], loanInfo: [100000, 1000], loanRead: [100000, 1000] } }),
};

/** A BTC quantity worth about `usdt` at the BTC perp's mark, on the margin book's lot. */
async function btcWorth(client: ConnexClient, usdt: string): Promise<string> {
  const price = fixed<'price'>(await markPrice(client, BTC_PERP));
  return formatFixed(roundToStep(div(fixed<'amount'>(usdt), price), fixed<'qty'>('0.00001'), 'down'));
}

async function code(client: ConnexClient, params: Record<string, string>): Promise<number> {
  return (await client.post('/api/v1/trading/order', params)).code;
}

describe('MARGIN orders borrow what the account lacks (decisions K1)', () => {
  let server: TestServer;
  let trader: Awaited<ReturnType<typeof perpTrader>>;
  before(async () => {
    server = await startTestServer({ env: MARGIN_ENV });
    trader = await perpTrader(server, 'Margin1', '10000');
    await quoteBooks(server);
  });
  after(() => server.stop());

  it('a market buy of 15000 USDT with 10000 borrows the 5000 it lacks: on the order, the asset row and debtMargin', async () => {
    const filled = await order(trader.client, await place(trader.client, { sym: BTC_MARGIN, side: 'BUY', orderType: 'MARKET', quoteOrderQty: '15000' }));
    assert.equal(filled.orderState, 'FILLED', JSON.stringify(filled));
    assert.deepEqual([filled.borrowAmount, filled.borrowAsset], ['5000', 'USDT']);
    const usdt = await assetRow(trader.client, 'USDT');
    // The first hour's interest is charged at borrow time (research-perps.md §3): 5000 × 0.0000045, owed on top.
    assert.equal(usdt.borrow, '5000.0225');
    assert.equal(usdt.frozen, '0');
    const account = await accountRow(trader.client);
    // Tier 1 of BINANCE USDT loans: mmRate 5 %.
    assert.equal(account.debtMargin, '250.001125');
    assert.ok(fixed<'amount'>(account.maintainMargin) >= fixed<'amount'>('250'), JSON.stringify(account));
    assert.deepEqual([usdt.debt, usdt.debtMargin], ['5000.0225', '250.001125'], 'the coin\'s row shows its debt and its share of debtMargin');
    const interest = await eventually(async () => {
      const list = (await trader.client.get('/api/v1/trading/statement', { statementType: 'DEDUCT_INTEREST' })).data.list;
      return list.length > 0 ? list : undefined;
    });
    assert.deepEqual(interest.map((row: any) => [row.coin, row.deltaAmount, row.requestId]), [['USDT', '-0.0225', filled.orderId]]);
  });

  it('selling the BTC back brings USDT that repays the debt first', async () => {
    const btc = (await assetRow(trader.client, 'BTC')).available;
    const sold = await order(trader.client, await place(trader.client, { sym: BTC_MARGIN, side: 'SELL', orderType: 'MARKET', orderQty: formatFixed(roundToStep(fixed<'qty'>(btc), fixed<'qty'>('0.00001'), 'down')) }));
    assert.equal(sold.orderState, 'FILLED', JSON.stringify(sold));
    assert.deepEqual([sold.borrowAmount, sold.borrowAsset], ['0', '']);
    assert.equal((await assetRow(trader.client, 'USDT')).borrow, '0');
    assert.equal((await accountRow(trader.client)).debtMargin, '0');
  });

  it('a coin the venue does not lend answers 401087; borrowing beyond (leverage − 1) × equity 401085; beyond the tier cap 401086; nothing changes', async () => {
    const before = await assetRow(trader.client, 'USDT');
    assert.equal(await code(trader.client, { sym: 'BINANCE_MARGIN_TRX_USDT', side: 'SELL', orderType: 'MARKET', orderQty: '100' }), 401087);
    // 10x BTC: 9 × equity (≈ 10000 USDT) of borrowing power; a short of 180000 USDT of BTC exceeds it.
    assert.equal(await code(trader.client, { sym: BTC_MARGIN, side: 'SELL', orderType: 'MARKET', orderQty: await btcWorth(trader.client, '180000') }), 401085);
    const rich = await perpTrader(server, 'Margin2', '5000000');
    // 10x BTC: at most tier 1's 10 BTC owed.
    assert.equal(await code(rich.client, { sym: BTC_MARGIN, side: 'SELL', orderType: 'MARKET', orderQty: '10.5' }), 401086);
    assert.equal((await assetRow(rich.client, 'BTC'))?.borrow ?? '0', '0');
    assert.deepEqual(await assetRow(trader.client, 'USDT'), before);
  });

  it('an order within the limits borrows the coin it sells (a short): BTC owed and its debtMargin at the index', async () => {
    const filled = await order(trader.client, await place(trader.client, { sym: BTC_MARGIN, side: 'SELL', orderType: 'MARKET', orderQty: '0.01' }));
    assert.equal(filled.orderState, 'FILLED', JSON.stringify(filled));
    assert.deepEqual([filled.borrowAmount, filled.borrowAsset], ['0.01', 'BTC']);
    const btc = await assetRow(trader.client, 'BTC');
    // 0.01 BTC and its first hour, 0.01 × 0.0000012 rounded up to 8 decimals.
    assert.deepEqual([btc.borrow, btc.available], ['0.01000002', '0']);
    const expected = mul(mul(fixed<'amount'>('0.01000002'), fixed<'price'>(btc.indexPrice), 'up'), fixed<'rate'>('0.05'), 'up');
    assert.equal((await accountRow(trader.client)).debtMargin, formatFixed(expected));
  });

  it('loan tiers: per coin (legacy rows) and keyed by margin sym; a coin not lent is 401087', async () => {
    const detail = await trader.client.get('/api/v1/trading/loan/info_detail', { exchangeType: 'BINANCE', coin: 'BTC' });
    assert.equal(detail.code, 200000, JSON.stringify(detail));
    assert.deepEqual(Object.keys(detail.data).sort(), ['BINANCE_MARGIN_BTC_USDC', 'BINANCE_MARGIN_BTC_USDT']);
    assert.deepEqual(detail.data.BINANCE_MARGIN_BTC_USDT, {
      exchangeType: 'BINANCE',
      coin: 'BTC',
      tiers: [
        { tier: '1', minSize: '0', maxSize: '10', mmRate: '0.05', maxLeverage: '10' },
        { tier: '2', minSize: '10', maxSize: '50', mmRate: '0.1', maxLeverage: '5' },
        { tier: '3', minSize: '50', maxSize: '100', mmRate: '0.15', maxLeverage: '3' },
      ],
    });
    const all = await trader.client.get('/api/v1/trading/loan/info_detail', { exchangeType: 'OKX' });
    assert.equal(all.data.OKX_MARGIN_ETH_USDT.coin, 'ETH');
    assert.equal(all.data.OKX_MARGIN_TRX_USDT, undefined);
    const legacy = await trader.client.get('/api/v1/trading/loan/info', { exchangeType: 'BINANCE', coin: 'USDT' });
    assert.deepEqual(legacy.data[0], { exchangeType: 'BINANCE', coin: 'USDT', tier: '1', minSize: '0', maxSize: '1000000', mmRate: '0.05', maxLeverage: '10' });
    assert.equal((await trader.client.get('/api/v1/trading/loan/info', { exchangeType: 'OKX', coin: 'TRX' })).code, 401087);
  });

  it('interest: the hourly rate and loan limit of every coin lent', async () => {
    const answer = await trader.client.get('/api/v1/interest/user', { exchangeType: 'BINANCE' });
    assert.equal(answer.code, 200000, JSON.stringify(answer));
    const usdt = answer.data.find((row: any) => row.coin === 'USDT');
    assert.deepEqual(usdt, { level: 0, exchangeType: 'BINANCE', coin: 'USDT', hourInterestRate: '0.0000045', loanLimit: '3000000', updateTime: Date.UTC(2026, 11, 1) });
    assert.ok(answer.data.every((row: any) => row.exchangeType === 'BINANCE' && row.coin !== 'TRX'));
  });

  it('margin leverage: the highest the tiers allow until set; 401034 above it; a lower one that the debts outgrow 401036; nothing changes', async () => {
    const read = async (client: ConnexClient) => (await client.get('/api/v1/trading/margin/leverage', { exchangeType: 'BINANCE', coin: 'BTC' })).data;
    assert.deepEqual(await read(trader.client), { page: 1, pageSize: 1000, pageNum: 1, totalSize: 1, list: [{ coin: 'BTC', exchangeType: 'BINANCE', leverage: '10' }] });
    const set = (client: ConnexClient, leverage: string, coin = 'BTC') => client.post('/api/v1/trading/margin/leverage', { exchangeType: 'BINANCE', coin, leverage });
    assert.equal((await set(trader.client, '11')).code, 401034);
    assert.equal((await set(trader.client, '0')).code, 401033);
    assert.equal((await set(trader.client, '5', 'TRX')).code, 401087);
    // The trader owes 0.01 BTC: at 1x its borrowing power is 0.
    assert.equal((await set(trader.client, '1')).code, 401036);
    assert.equal((await read(trader.client)).list[0].leverage, '10');
    assert.deepEqual((await set(trader.client, '5')).data, {});
    assert.equal((await read(trader.client)).list[0].leverage, '5');
  });

  it('at 3x the tier cap (100 BTC) is above the user limit (80 BTC): a short of 85 BTC meets 401085', async () => {
    const whale = await perpTrader(server, 'Margin3', '1000');
    await fund(server, whale.portfolioId, 'USDT', '30000000');
    assert.equal((await whale.client.post('/api/v1/trading/margin/leverage', { exchangeType: 'BINANCE', coin: 'BTC', leverage: '3' })).code, 200000);
    const limitPrice = formatFixed(roundToStep(fixed<'price'>(await markPrice(whale.client, BTC_PERP)), fixed<'price'>('0.01'), 'down'));
    assert.equal(await code(whale.client, { sym: BTC_MARGIN, side: 'SELL', orderType: 'LIMIT', orderQty: '85', limitPrice }), 401085);
    assert.equal((await assetRow(whale.client, 'BTC'))?.borrow ?? '0', '0');
  });

  it('interest: one hour at borrow time, then every full hour of venue time a DEDUCT_INTEREST statement charges what is owed × the hourly rate; an explicit repay pays back from what is available', async () => {
    const borrower = await perpTrader(server, 'Margin4', '1000');
    const bought = await order(borrower.client, await place(borrower.client, { sym: BTC_MARGIN, side: 'BUY', orderType: 'MARKET', quoteOrderQty: '1500' }));
    assert.deepEqual([bought.orderState, bought.borrowAmount], ['FILLED', '500']);
    const answer = await server.admin.call('POST', '/sim/tick', { count: '1', elapsedMs: String(2 * 3_600_000) });
    assert.equal(answer.code, 200000, JSON.stringify(answer));
    const rows = await eventually(async () => {
      const list = (await borrower.client.get('/api/v1/trading/statement', { statementType: 'DEDUCT_INTEREST', pageSize: '100' })).data.list;
      return list.length === 3 ? list : undefined;
    });
    // Newest first: two hours on 500.00225 owed (× 0.0000045, rounded up to 8 decimals), then the first hour on the 500 borrowed.
    assert.deepEqual(rows.map((row: any) => [row.coin, row.deltaAmount]), [['USDT', '-0.00225002'], ['USDT', '-0.00225002'], ['USDT', '-0.00225']]);
    await fund(server, borrower.portfolioId, 'USDT', '300');
    const owed = fixed<'amount'>((await assetRow(borrower.client, 'USDT')).borrow);
    const repay = (amount: string, coin = 'USDT') => borrower.client.post('/api/v1/trading/rapidxLoan/loan/repay', { exchange: 'BINANCE', coin, amount });
    const repaid = await repay('200');
    assert.equal(repaid.code, 200000, JSON.stringify(repaid));
    const left = formatFixed(sub(owed, fixed<'amount'>('200')));
    assert.deepEqual([repaid.data.repaid, repaid.data.interestPaid, repaid.data.loanBalance], [200, 0, Number(left)]);
    assert.equal((await assetRow(borrower.client, 'USDT')).borrow, left);
    assert.equal((await repay('1000000')).code, 401055);
    assert.equal((await repay('0')).code, 400000);
    assert.equal((await repay('1', 'TRX')).code, 401087);
    assert.equal((await assetRow(borrower.client, 'USDT')).borrow, left);
  });
});
