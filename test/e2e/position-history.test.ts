import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ConnexClient } from '../../src/client/connex-client.ts';
import { baseQty } from '../../src/domain/instrument.ts';
import { div, formatFixed, fromInt, mul, roundTo, sum, type Amount } from '../../src/domain/money.ts';
import { BTC_PERP, fixed, marketOrder, PERP_ENV, perpPortfolio, quoteBooks, setLeverage } from '../support/perp.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { fund } from '../support/trading.ts';

const ETH_PERP = 'BINANCE_PERP_ETH_USDT';
const OKX_BTC_PERP = 'OKX_PERP_BTC_USDT';
const PATH = '/api/v1/trading/history/position';
const HISTORY_ENV = {
  RATE_LIMITS: JSON.stringify({
    '*': { ...JSON.parse(PERP_ENV.RATE_LIMITS)['*'], positionRead: [100000, 1000], positionClose: [100000, 1000], positionHistory: [100000, 1000] },
  }),
};

async function history(client: ConnexClient, params: Record<string, string> = {}): Promise<any> {
  const answer = await client.get(PATH, params);
  assert.equal(answer.code, 200000, JSON.stringify(answer));
  return answer.data;
}

async function symFills(client: ConnexClient, sym: string): Promise<any[]> {
  const answer = await client.get('/api/v1/trading/executions', { sym });
  assert.equal(answer.code, 200000, JSON.stringify(answer));
  return answer.data;
}

async function close(client: ConnexClient, sym: string): Promise<void> {
  const answer = await client.delete('/api/v1/trading/position', { sym });
  assert.equal(answer.code, 200000, JSON.stringify(answer));
}

/** Σ price × size × contractSize of fills. */
const notional = (fills: any[], contractSize = '1'): Amount => sum(fills.map((e) => mul(fixed<'price'>(e.price), baseQty({ contractSize: fixed(contractSize) }, fixed(e.quantity)))));
/** Quote coin per base coin, 10 decimals, as the API shows average prices. */
const average = (amount: Amount, base: string) => formatFixed(roundTo(div(amount, fixed<'qty'>(base), 'halfUp'), 10, 'halfUp'));

describe('position history: closed positions from the history store', () => {
  let server: TestServer;
  let trader: { portfolioId: string; client: ConnexClient };
  let other: { portfolioId: string; client: ConnexClient };

  before(async () => {
    server = await startTestServer({ env: HISTORY_ENV });
    trader = await perpPortfolio(server, 'History01', '20000');
    await fund(server, trader.portfolioId, 'USDT', '30000', 'OKX');
    other = await perpPortfolio(server, 'History02', '1000');
    await quoteBooks(server);
    await setLeverage(trader.client, BTC_PERP, '10');
    await setLeverage(trader.client, ETH_PERP, '20');
    await setLeverage(trader.client, OKX_BTC_PERP, '5');
    // A long built by two buys, cut by a reduce-only sell, then closed; a short opened and closed; an OKX long in contracts.
    await marketOrder(trader.client, BTC_PERP, 'BUY', '0.01');
    await marketOrder(trader.client, BTC_PERP, 'BUY', '0.01');
    await marketOrder(trader.client, BTC_PERP, 'SELL', '0.005', { reduceOnly: 'true' });
    await close(trader.client, BTC_PERP);
    await marketOrder(trader.client, ETH_PERP, 'SELL', '0.1');
    await close(trader.client, ETH_PERP);
    await marketOrder(trader.client, OKX_BTC_PERP, 'BUY', '100');
    await close(trader.client, OKX_BTC_PERP);
  });
  after(() => server.stop());

  it('a closed long: realized PnL = Σ fill rpnl, fees, sizes and average prices of its opens and closes', async () => {
    const page = await history(trader.client, { sym: BTC_PERP });
    assert.deepEqual([page.page, page.pageSize, page.pageNum, page.totalSize], [1, 1000, 1, 1]);
    const [row] = page.list;
    const fills = await symFills(trader.client, BTC_PERP);
    const buys = fills.filter((e) => e.side === 'BUY');
    const sells = fills.filter((e) => e.side === 'SELL');
    const closedPnl = sum(fills.map((e) => fixed<'amount'>(e.rpnl)));
    const opened = notional(buys);
    assert.deepEqual(row, {
      positionId: row.positionId,
      portfolioId: trader.portfolioId,
      portfolioName: 'History01',
      sym: BTC_PERP,
      closedType: 'COMPLETE_CLOSED',
      closedPnl: formatFixed(closedPnl),
      closedPnlRatio: formatFixed(roundTo(div(closedPnl, div(opened, fromInt<'rate'>(10), 'up'), 'halfUp'), 8, 'halfUp')),
      closedAvgPrice: average(notional(sells), '0.02'),
      maxPositionQty: '0.02',
      closedQty: '0.02',
      liqFee: '0',
      fundingFee: '0',
      fee: formatFixed(sum(fills.map((e) => fixed<'amount'>(e.fee)))),
      leverage: '10',
      openAvgPrice: average(opened, '0.02'),
      positionHistorySide: 'LONG',
      positionMode: 'NET',
      createAt: buys.at(-1).createAt,
      updateAt: sells[0].createAt,
    });
    assert.match(row.positionId, /^\d{16}$/);
    assert.notEqual(closedPnl, 0n);
  });

  it('a closed short and an OKX position in contracts; newest close first', async () => {
    const { list, totalSize } = await history(trader.client);
    assert.equal(totalSize, 3);
    assert.deepEqual(
      list.map((r: any) => [r.sym, r.positionHistorySide, r.closedQty, r.leverage]),
      [
        [OKX_BTC_PERP, 'LONG', '100', '5'],
        [ETH_PERP, 'SHORT', '0.1', '20'],
        [BTC_PERP, 'LONG', '0.02', '10'],
      ],
    );
    const okxFills = await symFills(trader.client, OKX_BTC_PERP);
    const okx = list[0];
    assert.equal(okx.openAvgPrice, average(notional(okxFills.filter((e) => e.side === 'BUY'), '0.01'), '1'));
    assert.equal(okx.closedAvgPrice, average(notional(okxFills.filter((e) => e.side === 'SELL'), '0.01'), '1'));
    assert.equal(okx.closedPnl, formatFixed(sum(okxFills.map((e) => fixed<'amount'>(e.rpnl)))));
    const ethFills = await symFills(trader.client, ETH_PERP);
    assert.equal(list[1].closedPnl, formatFixed(sum(ethFills.map((e) => fixed<'amount'>(e.rpnl)))));
  });

  it('filters by exchange and by the time a position closed; pages', async () => {
    assert.deepEqual((await history(trader.client, { exchange: 'OKX' })).list.map((r: any) => r.sym), [OKX_BTC_PERP]);
    const [, eth, btc] = (await history(trader.client)).list;
    const window = await history(trader.client, { begin: btc.updateAt, end: eth.updateAt });
    assert.deepEqual(window.list.map((r: any) => r.sym), [ETH_PERP, BTC_PERP]);
    assert.deepEqual((await history(trader.client, { end: String(Number(btc.updateAt) - 1) })).list, []);
    const second = await history(trader.client, { page: '2', pageSize: '2' });
    assert.deepEqual([second.pageNum, second.totalSize, second.list.map((r: any) => r.sym)], [2, 3, [BTC_PERP]]);
  });

  it('refuses a malformed begin (401039) or end (401040), a sym that is not PERP (401041), a bad exchange (401023)', async () => {
    for (const [params, code] of [
      [{ begin: 'yesterday' }, 401039],
      [{ begin: '-5' }, 401039],
      [{ end: '1.5' }, 401040],
      [{ sym: 'BINANCE_SPOT_BTC_USDT' }, 401041],
      [{ sym: 'BINANCE_PERP_NOPE_USDT' }, 401011],
      [{ exchange: 'KRAKEN' }, 401023],
      [{ begin: String(Date.now() + 86_400_000) }, 400005],
    ] as const) {
      assert.equal((await trader.client.get(PATH, params)).code, code, JSON.stringify(params));
    }
  });

  it("a portfolio key never sees another portfolio's history; the user's primary key names the portfolio", async () => {
    assert.deepEqual((await history(other.client)).list, []);
    assert.equal((await other.client.get(PATH, { portfolioId: trader.portfolioId })).code, 401010);
    assert.equal((await history(server.client, { portfolioId: trader.portfolioId })).totalSize, 3);
    assert.equal((await history(server.client)).totalSize, 0);
  });
});
