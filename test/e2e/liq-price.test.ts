/**
 * liqPrice follows every change of the account (research-perps.md §8.5; decisions L9): after an add to the
 * position, a funding debit, a leverage change and a tier crossing, GET /api/v1/trading/position's liqPrice
 * equals a fresh solve from GET /api/v1/trading/account's figures and the position's tier (positionBracket).
 * In hedge mode the LONG and the SHORT of a sym share the mark, and so one liqPrice (research-perps.md §1.2).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ConnexClient } from '../../src/client/connex-client.ts';
import { abs, mul, sub, sum, type Amount, type Qty } from '../../src/domain/money.ts';
import { accountRow, BTC_PERP, fixed, hedgeTrader, liquidationPrice, marketOrder, PERP_ENV, perpTrader, quoteBooks, setLeverage, TIER1_MMR } from '../support/perp.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const ENV = {
  RATE_LIMITS: JSON.stringify({ '*': { ...JSON.parse(PERP_ENV.RATE_LIMITS)['*'], statement: [100000, 1000], positionRead: [100000, 1000] } }),
};

async function held(client: ConnexClient): Promise<any> {
  const answer = await client.get('/api/v1/trading/position', { sym: BTC_PERP, zeroFilter: 'true' });
  assert.equal(answer.code, 200000, JSON.stringify(answer));
  return answer.data[0];
}

/** The position's liqPrice and the one solved afresh from the account's figures in the position's tier. */
async function liqPrices(client: ConnexClient): Promise<{ shown: string; solved: string; row: any }> {
  const row = await held(client);
  const figures = await accountRow(client);
  const brackets = (await client.get('/api/v1/trading/positionBracket', { sym: BTC_PERP })).data[BTC_PERP];
  const mmr = fixed<'rate'>(brackets.find((tier: any) => String(tier.riskLevel) === row.riskLevel).mmRate);
  // The maintenance of everything else, less the tier's maintenance amount: maintainMargin − positionValue × mmr.
  const other = sub(fixed<'amount'>(figures.maintainMargin), mul(fixed<'amount'>(row.positionValue), mmr)) as Amount;
  return { shown: row.liqPrice, solved: liquidationPrice(fixed(figures.validMargin), other, fixed(row.positionQty), fixed(row.markPrice), mmr), row };
}

async function assertFresh(client: ConnexClient, after: string): Promise<any> {
  const { shown, solved, row } = await liqPrices(client);
  assert.equal(shown, solved, `liqPrice after ${after}`);
  return row;
}

describe('liqPrice is solved afresh after every change (research §8.5)', () => {
  let server: TestServer;
  let trader: Awaited<ReturnType<typeof perpTrader>>;
  before(async () => {
    server = await startTestServer({ env: ENV });
    trader = await perpTrader(server, 'LiqPriceLong', '70000');
    await quoteBooks(server);
    await setLeverage(trader.client, BTC_PERP, '20');
  });
  after(async () => {
    await server.stop();
  });

  it('after an open and an add to the position', async () => {
    await marketOrder(trader.client, BTC_PERP, 'BUY', '1');
    const first = await assertFresh(trader.client, 'the open');
    await marketOrder(trader.client, BTC_PERP, 'BUY', '1');
    const added = await assertFresh(trader.client, 'the add');
    assert.equal(added.positionQty, '2');
    assert.ok(fixed<'price'>(added.liqPrice) > fixed<'price'>(first.liqPrice), 'a larger long is liquidated sooner');
  });

  it('after a funding boundary settled against the position', async () => {
    const venueNow = Number((await trader.client.get('/api/v1/market/markPrice', { sym: BTC_PERP })).data[0].time);
    const boundary = Number((await trader.client.get('/api/v1/market/fundingRate', { sym: BTC_PERP })).data[0].fundingTime);
    const ticked = await server.admin.call('POST', '/sim/tick', { count: '1', elapsedMs: String(boundary - venueNow + 1) });
    assert.equal(ticked.code, 200000, JSON.stringify(ticked));
    const statements = (await trader.client.get('/api/v1/trading/statement', { statementType: 'FUNDING_FEE', pageSize: '10' })).data.list;
    assert.equal(statements.length, 1, 'one boundary settled');
    const row = await assertFresh(trader.client, 'funding');
    assert.equal(row.fundingFee, statements[0].deltaAmount);
    assert.notEqual(row.fundingFee, '0');
  });

  it('after a leverage change', async () => {
    const before = await held(trader.client);
    await setLeverage(trader.client, BTC_PERP, '10');
    const row = await assertFresh(trader.client, 'the leverage change');
    assert.deepEqual([row.leverage, row.positionMargin !== before.positionMargin], ['10', true]);
  });

  it('after an add that crosses into tier 2 (its maintenance rate and amount)', async () => {
    const tier1 = await held(trader.client);
    assert.equal(tier1.riskLevel, '1');
    await marketOrder(trader.client, BTC_PERP, 'BUY', '3');
    const row = await assertFresh(trader.client, 'the tier crossing');
    assert.equal(row.riskLevel, '2');
    assert.ok(mul(fixed<'price'>(row.liqPrice), fixed<'qty'>(row.positionQty)) > fixed('300000'), 'the solution lands in tier 2');
  });
});

describe('liqPrice in hedge mode: the legs of one sym share the mark (research §1.2, §8.4)', () => {
  let server: TestServer;
  let hedger: Awaited<ReturnType<typeof perpTrader>>;
  before(async () => {
    server = await startTestServer({ env: ENV });
    hedger = await hedgeTrader(server, 'LiqPriceHedge', '10000');
  });
  after(async () => {
    await server.stop();
  });

  it('LONG 0.5 and SHORT 0.2 show one liqPrice: the net 0.3 moves the equity, both legs the maintenance margin', async () => {
    await marketOrder(hedger.client, BTC_PERP, 'BUY', '0.5', { positionSide: 'LONG' });
    await marketOrder(hedger.client, BTC_PERP, 'SELL', '0.2', { positionSide: 'SHORT' });
    const rows: any[] = (await hedger.client.get('/api/v1/trading/position', { sym: BTC_PERP })).data;
    assert.deepEqual(rows.map((row) => [row.positionSide, row.positionQty]).sort(), [['LONG', '0.5'], ['SHORT', '-0.2']]);
    const figures = await accountRow(hedger.client);
    const other = sub(fixed<'amount'>(figures.maintainMargin), sum(rows.map((row) => mul(fixed<'amount'>(row.positionValue), TIER1_MMR)))) as Amount;
    const sizes = rows.map((row) => fixed<'qty'>(row.positionQty));
    const solved = liquidationPrice(fixed(figures.validMargin), other, sum(sizes), fixed(rows[0].markPrice), TIER1_MMR, sum(sizes.map(abs)) as Qty);
    assert.deepEqual(rows.map((row) => row.liqPrice), [solved, solved]);
  });
});
