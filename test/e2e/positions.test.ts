import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { wsLoginMessage } from '../../src/client/ws-login.ts';
import type { ConnexClient } from '../../src/client/connex-client.ts';
import { div, formatFixed, fromInt, mul, roundTo, sub, sum, type Amount } from '../../src/domain/money.ts';
import { BTC_PERP, fixed, liquidationPrice, marketOrder, markPrice, PERP_ENV, perpPortfolio, quoteBooks, setLeverage, TIER1_MMR } from '../support/perp.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { fund } from '../support/trading.ts';
import { WsClient } from '../support/ws.ts';

const OKX_BTC_PERP = 'OKX_PERP_BTC_USDT';
const ETH_PERP = 'BINANCE_PERP_ETH_USDT';
const POSITIONS_ENV = {
  RATE_LIMITS: JSON.stringify({
    '*': { ...JSON.parse(PERP_ENV.RATE_LIMITS)['*'], positionRead: [100000, 1000], positionClose: [100000, 1000], positionsClose: [100000, 1000] },
  }),
};
async function positions(client: ConnexClient, params: Record<string, string> = {}): Promise<any[]> {
  const answer = await client.get('/api/v1/trading/position', params);
  assert.equal(answer.code, 200000, JSON.stringify(answer));
  return answer.data;
}

async function fills(client: ConnexClient, orderId: string): Promise<any[]> {
  const answer = await client.get('/api/v1/trading/executions', { orderId });
  assert.equal(answer.code, 200000, JSON.stringify(answer));
  return answer.data;
}

async function account(client: ConnexClient, venue: string): Promise<any> {
  const answer = await client.get('/api/v1/trading/account', {});
  assert.equal(answer.code, 200000, JSON.stringify(answer));
  return answer.data.find((row: any) => row.exchangeType === venue);
}

/** Σ price × quantity × contractSize of fills, and their fees. */
function filled(executions: any[], contractSize = '1'): { cost: Amount; fee: Amount } {
  const cost = sum(executions.map((e) => mul(fixed<'price'>(e.price), mul(fixed<'contracts'>(e.quantity), fixed<'qty'>(contractSize)))));
  return { cost, fee: sum(executions.map((e) => fixed<'amount'>(e.fee))) };
}

describe('positions: the live rows, the Positions push, closing at market', () => {
  let server: TestServer;
  let trader: { portfolioId: string; client: ConnexClient };
  let other: { portfolioId: string; client: ConnexClient };
  let ws: WsClient;

  before(async () => {
    server = await startTestServer({ env: POSITIONS_ENV });
    trader = await perpPortfolio(server, 'Positions01', '2000');
    await fund(server, trader.portfolioId, 'USDT', '25000', 'OKX');
    other = await perpPortfolio(server, 'Positions02', '5000');
    await quoteBooks(server);
    await setLeverage(trader.client, BTC_PERP, '10');
    await setLeverage(trader.client, OKX_BTC_PERP, '5');
    ws = await WsClient.open(server.baseUrl, '/v1/private');
    const login = await ws.request({ id: 'login', ...wsLoginMessage(trader.client.credentials) });
    assert.equal(login.code, 200000, login.msg);
  });
  after(async () => {
    ws.close();
    await server.stop();
  });

  it('a market buy on BINANCE opens a position whose row adds up at the mark, with the liqPrice a fresh solve gives', async () => {
    const order = await marketOrder(trader.client, BTC_PERP, 'BUY', '0.1');
    const executions = await fills(trader.client, order.orderId);
    const { cost, fee } = filled(executions);
    const [row] = await positions(trader.client, { sym: BTC_PERP });
    const mark = fixed<'price'>(await markPrice(trader.client, BTC_PERP));
    const value = mul(mark, fixed<'qty'>('0.1'));
    const margin = div(value, fromInt<'rate'>(10), 'up');
    const upnl = sub(value, cost);
    assert.deepEqual(
      {
        portfolioId: row.portfolioId,
        sym: row.sym,
        positionSide: row.positionSide,
        positionQty: row.positionQty,
        avgPrice: row.avgPrice,
        markPrice: row.markPrice,
        positionValue: row.positionValue,
        positionMargin: row.positionMargin,
        positionMM: row.positionMM,
        unrealizedPNL: row.unrealizedPNL,
        unrealizedPNLRate: row.unrealizedPNLRate,
        leverage: row.leverage,
        maxLeverage: row.maxLeverage,
        riskLevel: row.riskLevel,
        fee: row.fee,
        fundingFee: row.fundingFee,
        tpslOrder: row.tpslOrder,
      },
      {
        portfolioId: trader.portfolioId,
        sym: BTC_PERP,
        positionSide: 'NONE',
        positionQty: '0.1',
        avgPrice: order.executedAvgPrice,
        markPrice: formatFixed(mark),
        positionValue: formatFixed(value),
        positionMargin: formatFixed(margin),
        positionMM: formatFixed(mul(value, TIER1_MMR)),
        unrealizedPNL: formatFixed(upnl),
        unrealizedPNLRate: formatFixed(roundTo(div(upnl, margin, 'halfUp'), 8, 'halfUp')),
        leverage: '10',
        maxLeverage: '150',
        riskLevel: '1',
        fee: formatFixed(fee),
        fundingFee: '0',
        tpslOrder: [],
      },
    );
    if (executions.length === 1) assert.equal(row.avgPrice, executions[0].price);
    assert.match(row.positionId, /^\d{16}$/);
    assert.equal(row.createAt, executions.at(-1).createAt);
    const figures = await account(trader.client, 'BINANCE');
    const otherMaintenance = sub(fixed<'amount'>(figures.maintainMargin), fixed<'amount'>(row.positionMM));
    assert.equal(row.liqPrice, liquidationPrice(fixed(figures.validMargin), otherMaintenance, fixed('0.1'), mark));
    assert.ok(fixed<'price'>(row.liqPrice) > 0n && fixed<'price'>(row.liqPrice) < mark, row.liqPrice);
    const push = await ws.next((frame) => frame.json?.channel === 'Positions' && frame.json.instId === BTC_PERP);
    assert.deepEqual([push.json.data.positionId, push.json.data.positionQty, push.json.data.avgPrice, push.json.data.leverage], [row.positionId, '0.1', row.avgPrice, '10']);
  });

  it('a market buy of 100 contracts on OKX holds 1 BTC: value, margin and MM of contracts × contractSize', async () => {
    const order = await marketOrder(trader.client, OKX_BTC_PERP, 'BUY', '100');
    const executions = await fills(trader.client, order.orderId);
    const { cost, fee } = filled(executions, '0.01');
    const [row] = await positions(trader.client, { sym: OKX_BTC_PERP });
    const mark = fixed<'price'>(await markPrice(trader.client, OKX_BTC_PERP));
    const value = mul(mark, fixed<'qty'>('1'));
    const margin = div(value, fromInt<'rate'>(5), 'up');
    assert.deepEqual(
      [row.positionQty, row.avgPrice, row.positionValue, row.positionMargin, row.positionMM, row.unrealizedPNL, row.fee, row.leverage, row.maxLeverage, row.riskLevel],
      [
        '100',
        order.executedAvgPrice,
        formatFixed(value),
        formatFixed(margin),
        formatFixed(mul(value, TIER1_MMR)),
        formatFixed(sub(value, cost)),
        formatFixed(fee),
        '5',
        '100',
        '1',
      ],
    );
    const figures = await account(trader.client, 'OKX');
    const otherMaintenance = sub(fixed<'amount'>(figures.maintainMargin), fixed<'amount'>(row.positionMM));
    assert.equal(row.liqPrice, liquidationPrice(fixed(figures.validMargin), otherMaintenance, fixed('1'), mark));
    const push = await ws.next((frame) => frame.json?.channel === 'Positions' && frame.json.instId === OKX_BTC_PERP);
    assert.equal(push.json.data.positionQty, '100');
  });

  it('without a sym: every position, then a flat row for each sym whose leverage was set; zeroFilter and exchange narrow it', async () => {
    await setLeverage(trader.client, ETH_PERP, '20');
    const rows = await positions(trader.client);
    assert.deepEqual(
      rows.map((r) => [r.sym, r.positionQty, r.leverage]),
      [
        [BTC_PERP, '0.1', '10'],
        [OKX_BTC_PERP, '100', '5'],
        [ETH_PERP, '0', '20'],
      ],
    );
    const flat = rows[2];
    assert.deepEqual(
      [flat.positionId, flat.positionSide, flat.positionValue, flat.positionMargin, flat.avgPrice, flat.liqPrice, flat.riskLevel, flat.maxLeverage],
      ['', 'NONE', '0', '0', '0', '', '1', '100'],
    );
    assert.deepEqual((await positions(trader.client, { zeroFilter: 'true' })).map((r) => r.sym), [BTC_PERP, OKX_BTC_PERP]);
    assert.deepEqual((await positions(trader.client, { exchange: 'OKX' })).map((r) => r.sym), [OKX_BTC_PERP]);
    assert.deepEqual((await positions(trader.client, { sym: ETH_PERP })).map((r) => r.positionQty), ['0']);
    assert.deepEqual(await positions(trader.client, { sym: ETH_PERP, zeroFilter: 'true' }), []);
  });

  it('refuses a sym that is not PERP (401041), an unknown one (401011), a bad exchange (401023)', async () => {
    for (const [params, code] of [
      [{ sym: 'BINANCE_SPOT_BTC_USDT' }, 401041],
      [{ sym: 'BINANCE_PERP_NOPE_USDT' }, 401011],
      [{ exchange: 'KRAKEN' }, 401023],
    ] as const) {
      assert.equal((await trader.client.get('/api/v1/trading/position', params)).code, code, JSON.stringify(params));
    }
  });

  it("a portfolio key never sees another portfolio's positions; the user's primary key names the portfolio", async () => {
    assert.deepEqual(await positions(other.client), []);
    assert.equal((await other.client.get('/api/v1/trading/position', { portfolioId: trader.portfolioId })).code, 401010);
    assert.deepEqual((await positions(server.client, { portfolioId: trader.portfolioId, zeroFilter: 'true' })).map((r) => r.sym), [BTC_PERP, OKX_BTC_PERP]);
    assert.equal((await other.client.delete('/api/v1/trading/position', { sym: BTC_PERP })).code, 401097);
  });

  it('DELETE position closes at market: the position leaves, a Positions push says 0, a second close finds none (401097)', async () => {
    const answer = await trader.client.delete('/api/v1/trading/position', { sym: BTC_PERP });
    assert.equal(answer.code, 200000, JSON.stringify(answer));
    assert.match(answer.data.orderId, /^\d{16}$/);
    const close = (await fills(trader.client, answer.data.orderId))[0];
    assert.deepEqual([close.side, close.quantity], ['SELL', '0.1']);
    assert.deepEqual(await positions(trader.client, { sym: BTC_PERP, zeroFilter: 'true' }), []);
    assert.deepEqual((await positions(trader.client, { sym: BTC_PERP })).map((r) => [r.positionId, r.positionQty]), [['', '0']]);
    const push = await ws.next((frame) => frame.json?.channel === 'Positions' && frame.json.instId === BTC_PERP);
    assert.deepEqual([push.json.data.positionQty, push.json.data.positionValue, push.json.data.liqPrice], ['0', '0', '']);
    assert.equal((await trader.client.delete('/api/v1/trading/position', { sym: BTC_PERP })).code, 401097);
  });

  it('refuses a close with TP/SL fields (401101), of a spot sym (401041), without a sym (400009), with a bad positionSide (401096)', async () => {
    for (const [params, code] of [
      [{ sym: OKX_BTC_PERP, tpPrice: '120000' }, 401101],
      [{ sym: OKX_BTC_PERP, slTriggerPrice: '80000' }, 401101],
      [{ sym: 'BINANCE_SPOT_BTC_USDT' }, 401041],
      [{}, 400009],
      [{ sym: OKX_BTC_PERP, positionSide: 'UP' }, 401096],
    ] as const) {
      assert.equal((await trader.client.delete('/api/v1/trading/position', params)).code, code, JSON.stringify(params));
    }
    assert.deepEqual((await positions(trader.client, { zeroFilter: 'true' })).map((r) => r.positionQty), ['100']);
  });

  it('DELETE positions closes a list, a row each: refused rows say why and change nothing', async () => {
    await marketOrder(trader.client, BTC_PERP, 'BUY', '0.01');
    const answer = await trader.client.delete('/api/v1/trading/positions', { symList: `${BTC_PERP},${ETH_PERP},BINANCE_SPOT_BTC_USDT` });
    assert.equal(answer.code, 200000, JSON.stringify(answer));
    const [btc, eth, spot] = answer.data;
    assert.deepEqual([btc.sym, btc.positionSide, btc.success, btc.errorMsg], [BTC_PERP, 'NONE', 'true', '']);
    assert.match(btc.orderId, /^\d{16}$/);
    assert.deepEqual(eth, { sym: ETH_PERP, positionSide: 'NONE', orderId: '', success: 'false', errorMsg: 'No open position to close — position quantity is zero' });
    assert.deepEqual(spot, { sym: 'BINANCE_SPOT_BTC_USDT', positionSide: 'NONE', orderId: '', success: 'false', errorMsg: 'The sym should be PERP businessType' });
    assert.deepEqual((await positions(trader.client, { zeroFilter: 'true' })).map((r) => r.sym), [OKX_BTC_PERP]);
  });

  it('DELETE positions with closeAllPos closes every position of the exchange asked for', async () => {
    await marketOrder(trader.client, BTC_PERP, 'BUY', '0.01');
    const okx = await trader.client.delete('/api/v1/trading/positions', { closeAllPos: 'true', exchangeType: 'OKX' });
    assert.deepEqual(
      okx.data.map((r: any) => [r.sym, r.success]),
      [[OKX_BTC_PERP, 'true']],
    );
    assert.deepEqual((await positions(trader.client, { zeroFilter: 'true' })).map((r) => r.sym), [BTC_PERP]);
    const all = await trader.client.delete('/api/v1/trading/positions', { closeAllPos: 'true' });
    assert.deepEqual(all.data.map((r: any) => [r.sym, r.success]), [[BTC_PERP, 'true']]);
    assert.deepEqual(await positions(trader.client, { zeroFilter: 'true' }), []);
    assert.deepEqual((await trader.client.delete('/api/v1/trading/positions', { closeAllPos: 'true' })).data, []);
  });

  it('refuses a batch without symList unless closeAllPos (400009), over 20 syms (401104), a bad exchangeType (401023), and closes nothing', async () => {
    await marketOrder(trader.client, BTC_PERP, 'BUY', '0.01');
    const held = async () => (await positions(trader.client, { zeroFilter: 'true' })).map((r) => [r.sym, r.positionQty]);
    assert.deepEqual(await held(), [[BTC_PERP, '0.01']]);
    const many = Array.from({ length: 21 }, () => BTC_PERP).join(',');
    for (const [params, code] of [
      [{ positionSide: 'NONE' }, 400009],
      [{ closeAllPos: 'false' }, 400009],
      [{ symList: many }, 401104],
      [{ symList: many.split(',') }, 401104],
      [{ closeAllPos: 'true', exchangeType: 'KRAKEN' }, 401023],
    ] as const) {
      const answer = await trader.client.delete('/api/v1/trading/positions', params);
      assert.equal(answer.code, code, JSON.stringify(params));
      if (code === 401104) assert.equal(answer.message, 'Trade exceed multi limit');
    }
    assert.deepEqual(await held(), [[BTC_PERP, '0.01']]);
    assert.equal((await trader.client.delete('/api/v1/trading/position', { sym: BTC_PERP })).code, 200000);
  });

  it('in BOTH mode a sym shows a LONG and a SHORT row, and a close names the side it closes (401091 without)', async () => {
    const mode = await trader.client.post('/api/v1/trading/account', { exchangeType: 'OKX', positionMode: 'BOTH' });
    assert.equal(mode.code, 200000, JSON.stringify(mode));
    assert.deepEqual((await positions(trader.client, { exchange: 'OKX' })).map((r) => [r.positionSide, r.positionQty]), [['LONG', '0'], ['SHORT', '0']]);
    await marketOrder(trader.client, OKX_BTC_PERP, 'BUY', '10', { positionSide: 'LONG' });
    assert.deepEqual((await positions(trader.client, { exchange: 'OKX' })).map((r) => [r.positionSide, r.positionQty]), [['LONG', '10'], ['SHORT', '0']]);
    assert.equal((await trader.client.delete('/api/v1/trading/position', { sym: OKX_BTC_PERP })).code, 401091);
    assert.equal((await trader.client.delete('/api/v1/trading/position', { sym: OKX_BTC_PERP, positionSide: 'SHORT' })).code, 401097);
    const closed = await trader.client.delete('/api/v1/trading/position', { sym: OKX_BTC_PERP, positionSide: 'LONG' });
    assert.equal(closed.code, 200000, JSON.stringify(closed));
    assert.deepEqual(await positions(trader.client, { exchange: 'OKX', zeroFilter: 'true' }), []);
  });
});
