/**
 * MARGIN orders through the API (issue 11 item 4; decisions K1; research-perps.md §3): an order borrows
 * what the account lacks of the coin it spends, the debt shows on the order, the asset row and the
 * account's debtMargin, a fill that brings the coin back repays it, and every loan limit refuses with
 * its code, changing nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ConnexClient } from '../../src/client/connex-client.ts';
import { div, formatFixed, mul, roundToStep } from '../../src/domain/money.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { BTC_PERP, PERP_ENV, accountRow, fixed, markPrice, perpTrader, quoteBooks } from '../support/perp.ts';
import { order, place } from '../support/trading.ts';

const BTC_MARGIN = 'BINANCE_MARGIN_BTC_USDT';

/** The portfolio's BINANCE asset row of a coin, as GET portfolio/assets shows it. */
async function assetRow(client: ConnexClient, coin: string): Promise<any> {
  const answer = await client.get('/api/v1/trading/portfolio/assets', {});
  assert.equal(answer.code, 200000, JSON.stringify(answer));
  return answer.data.list.find((row: any) => row.exchangeType === 'BINANCE' && row.coin === coin);
}

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
    server = await startTestServer({ env: PERP_ENV });
    trader = await perpTrader(server, 'Margin1', '10000');
    await quoteBooks(server);
  });
  after(() => server.stop());

  it('a market buy of 15000 USDT with 10000 borrows the 5000 it lacks: on the order, the asset row and debtMargin', async () => {
    const filled = await order(trader.client, await place(trader.client, { sym: BTC_MARGIN, side: 'BUY', orderType: 'MARKET', quoteOrderQty: '15000' }));
    assert.equal(filled.orderState, 'FILLED', JSON.stringify(filled));
    assert.deepEqual([filled.borrowAmount, filled.borrowAsset], ['5000', 'USDT']);
    const usdt = await assetRow(trader.client, 'USDT');
    assert.equal(usdt.borrow, '5000');
    assert.equal(usdt.frozen, '0');
    const account = await accountRow(trader.client);
    // Tier 1 of BINANCE USDT loans: mmRate 5 %.
    assert.equal(account.debtMargin, '250');
    assert.ok(fixed<'amount'>(account.maintainMargin) >= fixed<'amount'>('250'), JSON.stringify(account));
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
    assert.deepEqual([btc.borrow, btc.available], ['0.01', '0']);
    const expected = mul(mul(fixed<'amount'>('0.01'), fixed<'price'>(btc.indexPrice), 'up'), fixed<'rate'>('0.05'), 'up');
    assert.equal((await accountRow(trader.client)).debtMargin, formatFixed(expected));
  });
});
