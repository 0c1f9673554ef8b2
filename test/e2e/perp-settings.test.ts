import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ConnexClient } from '../../src/client/connex-client.ts';
import { formatFixed, type Fixed } from '../../src/domain/money.ts';
import { accountRow, BTC_PERP, fixed, marketOrder, markPrice, PERP_ENV, perpPortfolio, perpTrader, quoteBooks, setLeverage } from '../support/perp.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { place, tick } from '../support/trading.ts';

const SET_LEVERAGE = '/api/v1/trading/position/leverage';
const LEVERAGES = '/api/v1/trading/perp/leverage';
const MAX_LEVERAGE = '/api/v1/trading/perp/maxLeverage';
const ACCOUNT = '/api/v1/trading/account';
const BRACKETS = '/api/v1/trading/positionBracket';
const BROKER_BRACKETS = '/api/v1/trading/broker/positionBracket';
const DISCOUNT = '/api/v1/trading/coin/discount';
const ADA_PERP = 'BINANCE_PERP_ADA_USDT';
const ETH_PERP = 'BINANCE_PERP_ETH_USDT';
const OKX_BTC_PERP = 'OKX_PERP_BTC_USDT';

const ONE = 10n ** 18n;
const times = (a: bigint, b: bigint) => (a * b) / ONE;
const text = (value: bigint) => formatFixed(value as Fixed);

/** The code of each call, with the data a refusal carries (null). */
async function codes(calls: [string, Promise<{ code: number; data: unknown }>][]): Promise<void> {
  for (const [name, call] of calls) {
    const answer = await call;
    assert.deepEqual([answer.code, answer.code === 200000 ? null : answer.data], [Number(name.split(' ')[0]), null], `${name}: ${JSON.stringify(answer)}`);
  }
}

async function leverages(client: ConnexClient, params: Record<string, string> = {}): Promise<[string, string][]> {
  const answer = await client.get(LEVERAGES, params);
  assert.equal(answer.code, 200000, JSON.stringify(answer));
  return answer.data.map((row: any) => [row.sym, row.leverage]);
}

async function maxLeverage(client: ConnexClient, sym: string, side: string, orderQty: string, limitPrice = '0'): Promise<string> {
  const answer = await client.get(MAX_LEVERAGE, { sym, side, limitPrice, orderQty });
  assert.equal(answer.code, 200000, JSON.stringify(answer));
  assert.deepEqual(Object.keys(answer.data), ['sym', 'maxLeverage', 'timestamp']);
  assert.equal(answer.data.sym, sym);
  return answer.data.maxLeverage;
}

describe('perp settings: leverage, max leverage, position mode, brackets and discounts (connex-api.md §4.3, §4.8; decisions L1–L5)', () => {
  let server: TestServer;
  let traders = 0;
  const trader = (usdt = '10000') => perpTrader(server, `PerpSet${String(++traders).padStart(6, '0')}`, usdt);

  before(async () => {
    server = await startTestServer({ env: PERP_ENV });
    await quoteBooks(server);
  });
  after(() => server.stop());

  describe('POST /api/v1/trading/position/leverage and GET /api/v1/trading/perp/leverage', () => {
    it('sets a leverage per sym; the GET lists the syms set, in sym order, filtered by sym or exchange; a sym never set has no row', async () => {
      const { client } = await trader();
      assert.deepEqual(await leverages(client), []);
      await setLeverage(client, ETH_PERP, '20');
      await setLeverage(client, OKX_BTC_PERP, '5');
      await setLeverage(client, BTC_PERP, '150');
      await setLeverage(client, BTC_PERP, '10');
      assert.deepEqual(await leverages(client), [[BTC_PERP, '10'], [ETH_PERP, '20'], [OKX_BTC_PERP, '5']]);
      assert.deepEqual(await leverages(client, { exchange: 'OKX' }), [[OKX_BTC_PERP, '5']]);
      assert.deepEqual(await leverages(client, { sym: ETH_PERP }), [[ETH_PERP, '20']]);
      assert.deepEqual(await leverages(client, { sym: 'OKX_PEPR_BTC_USDT' }), [[OKX_BTC_PERP, '5']]);
      assert.deepEqual(await leverages(client, { sym: ETH_PERP, exchange: 'OKX' }), []);
      assert.deepEqual(await leverages(client, { sym: ADA_PERP }), [], 'never set: no row (an order would meet 401037)');
    });

    it('refuses a leverage that is not a positive integer (401033), above the sym’s highest tier (401034), a sym that is not PERP (401041) or unknown (401011), and changes nothing', async () => {
      const { client } = await trader();
      await setLeverage(client, BTC_PERP, '7');
      const set = (params: Record<string, string>) => client.post(SET_LEVERAGE, params);
      await codes([
        ['401033 zero', set({ sym: BTC_PERP, leverage: '0' })],
        ['401033 negative', set({ sym: BTC_PERP, leverage: '-3' })],
        ['401033 fraction', set({ sym: BTC_PERP, leverage: '2.5' })],
        ['401033 words', set({ sym: BTC_PERP, leverage: 'ten' })],
        ['400009 missing', set({ sym: BTC_PERP })],
        ['400009 no sym', set({ leverage: '5' })],
        ['401034 above 150', set({ sym: BTC_PERP, leverage: '151' })],
        ['401034 ETH above 100', set({ sym: ETH_PERP, leverage: '101' })],
        ['401041 spot', set({ sym: 'BINANCE_SPOT_BTC_USDT', leverage: '5' })],
        ['401041 margin', set({ sym: 'BINANCE_MARGIN_BTC_USDT', leverage: '5' })],
        ['401011 unknown', set({ sym: 'BINANCE_PERP_NOPE_USDT', leverage: '5' })],
        ['400000 no sym at all', set({ sym: 'nonsense', leverage: '5' })],
        ['400000 unknown field', set({ sym: BTC_PERP, leverage: '5', extra: '1' })],
      ]);
      const refused = await set({ sym: BTC_PERP, leverage: '151' });
      assert.equal(refused.message, 'Requested leverage exceeds the maximum allowed');
      assert.deepEqual(await leverages(client), [[BTC_PERP, '7']]);
      await codes([
        ['401041 GET spot', client.get(LEVERAGES, { sym: 'BINANCE_SPOT_BTC_USDT' })],
        ['401011 GET unknown', client.get(LEVERAGES, { sym: 'BINANCE_PERP_NOPE_USDT' })],
        ['401023 GET exchange', client.get(LEVERAGES, { exchange: 'KRAKEN' })],
      ]);
    });

    it('a lower leverage whose added initial margin the account cannot carry: 401036; a higher one frees margin', async () => {
      const { client } = await trader('200');
      await setLeverage(client, BTC_PERP, '10');
      await marketOrder(client, BTC_PERP, 'BUY', '0.01');
      const before = await accountRow(client);
      const answer = await client.post(SET_LEVERAGE, { sym: BTC_PERP, leverage: '2' });
      assert.deepEqual([answer.code, answer.message], [401036, 'Insufficient available balance to set this leverage']);
      assert.deepEqual(await leverages(client), [[BTC_PERP, '10']]);
      assert.equal((await accountRow(client)).perpMargin, before.perpMargin);

      await setLeverage(client, BTC_PERP, '20');
      const after = await accountRow(client);
      assert.equal(fixed(after.perpMargin) * 2n, fixed(before.perpMargin), 'half the initial margin at twice the leverage');
      assert.equal(fixed(after.availableMargin) - fixed(before.availableMargin), fixed(after.perpMargin));
    });

    it('a leverage whose notional cap the position exceeds: 401060 (ADA: 75x up to 5 000 USDT, 50x up to 25 000)', async () => {
      const { client } = await trader('2000');
      await setLeverage(client, ADA_PERP, '20');
      const mark = fixed(await markPrice(client, ADA_PERP));
      const qty = (fixed('6000') * ONE) / mark / ONE + 1n; // whole ADA worth a little above 6 000 USDT
      await marketOrder(client, ADA_PERP, 'BUY', String(qty));
      const answer = await client.post(SET_LEVERAGE, { sym: ADA_PERP, leverage: '51' });
      assert.deepEqual([answer.code, answer.message], [401060, 'Position notional exceeds the limit for the current leverage — reduce leverage']);
      assert.deepEqual(await leverages(client), [[ADA_PERP, '20']]);
      assert.equal(await maxLeverage(client, ADA_PERP, 'BUY', '1'), '50', 'maxLeverage counts the position');
      await setLeverage(client, ADA_PERP, '50');
      assert.deepEqual(await leverages(client), [[ADA_PERP, '50']]);
    });

    it('a portfolio key sees and changes only its own leverage (401010); the primary key acts on any of its portfolios', async () => {
      const first = await perpPortfolio(server, 'PerpSetOwn001', '1000');
      const second = await perpPortfolio(server, 'PerpSetOwn002', '1000');
      await setLeverage(first.client, BTC_PERP, '3');
      assert.deepEqual(await leverages(second.client), []);
      await codes([
        ['401010 read another', second.client.get(LEVERAGES, { portfolioId: first.portfolioId })],
        ['401010 set another', second.client.post(SET_LEVERAGE, { portfolioId: first.portfolioId, sym: BTC_PERP, leverage: '9' })],
        ['401010 account of another', second.client.get(ACCOUNT, { portfolioId: first.portfolioId })],
        ['401010 mode of another', second.client.post(ACCOUNT, { portfolioId: first.portfolioId, exchangeType: 'BINANCE', positionMode: 'BOTH' })],
        ['401000 malformed portfolioId', second.client.get(LEVERAGES, { portfolioId: '12' })],
      ]);
      assert.deepEqual(await leverages(first.client), [[BTC_PERP, '3']]);
      assert.deepEqual(await leverages(server.client, { portfolioId: first.portfolioId }), [[BTC_PERP, '3']]);
      const primarySet = await server.client.post(SET_LEVERAGE, { portfolioId: second.portfolioId, sym: BTC_PERP, leverage: '4' });
      assert.equal(primarySet.code, 200000);
      assert.deepEqual(await leverages(second.client), [[BTC_PERP, '4']]);
      assert.deepEqual(await leverages(server.client), [], 'the demo’s main portfolio set none');
    });
  });

  describe('GET /api/v1/trading/perp/maxLeverage', () => {
    it('the leverage of the first tier that holds the position plus the order, its notional at the higher of limitPrice and the mark', async () => {
      const { client } = await trader();
      const mark = fixed(await markPrice(client, BTC_PERP));
      assert.equal(await maxLeverage(client, BTC_PERP, 'BUY', '1'), '150'); // ≈ 95 000 USDT: tier 1 (≤ 300 000)
      assert.equal(await maxLeverage(client, BTC_PERP, 'SELL', '4'), '100'); // ≈ 380 000: tier 2 (≤ 800 000)
      assert.equal(await maxLeverage(client, BTC_PERP, 'BUY', '10'), '75'); // ≈ 950 000: tier 3 (≤ 3 000 000)
      assert.equal(await maxLeverage(client, BTC_PERP, 'BUY', '2', '200000'), '100', '2 at 200 000 = 400 000');
      assert.equal(await maxLeverage(client, BTC_PERP, 'BUY', '2', '1000'), '150', 'a limit below the mark counts at the mark');

      // The largest size within tier 1, then the same with a long of 0.01 beside it.
      const withinTier1 = (fixed('300000') * 1000n) / mark; // thousandths of a BTC
      const size = text(withinTier1 * 10n ** 15n);
      assert.equal(await maxLeverage(client, BTC_PERP, 'BUY', size), '150');
      await setLeverage(client, BTC_PERP, '10');
      await marketOrder(client, BTC_PERP, 'BUY', '0.01');
      assert.equal(await maxLeverage(client, BTC_PERP, 'BUY', size), '100', 'the long adds to a BUY');
      const sizeAndLong = text((withinTier1 + 10n) * 10n ** 15n);
      assert.equal(await maxLeverage(client, BTC_PERP, 'SELL', sizeAndLong), '150', 'NET: a SELL first closes the long');

      const hedged = await trader();
      assert.equal((await hedged.client.post(ACCOUNT, { exchangeType: 'BINANCE', positionMode: 'BOTH' })).code, 200000);
      await setLeverage(hedged.client, BTC_PERP, '10');
      await marketOrder(hedged.client, BTC_PERP, 'BUY', '0.01', { positionSide: 'LONG' });
      assert.equal(await maxLeverage(hedged.client, BTC_PERP, 'BUY', size), '100', 'BOTH: a BUY adds to the LONG');
      assert.equal(await maxLeverage(hedged.client, BTC_PERP, 'SELL', sizeAndLong), '100', 'BOTH: a SELL opens the SHORT, the LONG aside');
      assert.equal(await maxLeverage(hedged.client, BTC_PERP, 'SELL', size), '150');
    });

    it('refuses an OKX perp (401095), a sym that is not PERP (401041) or unknown (401011), bad side, price and quantity, and a size beyond every tier (401070)', async () => {
      const { client } = await trader();
      const ask = (params: Record<string, string>) => client.get(MAX_LEVERAGE, { sym: BTC_PERP, side: 'BUY', limitPrice: '0', orderQty: '1', ...params });
      await codes([
        ['401095 OKX', ask({ sym: OKX_BTC_PERP })],
        ['401041 spot', ask({ sym: 'BINANCE_SPOT_BTC_USDT' })],
        ['401011 unknown', ask({ sym: 'BINANCE_PERP_NOPE_USDT' })],
        ['401002 side', ask({ side: 'HOLD' })],
        ['401006 negative price', ask({ limitPrice: '-1' })],
        ['401006 price text', ask({ limitPrice: 'abc' })],
        ['401005 zero quantity', ask({ orderQty: '0' })],
        ['401005 quantity text', ask({ orderQty: 'one' })],
        ['401070 beyond every tier', ask({ orderQty: '100000' })],
        ['400009 no quantity', client.get(MAX_LEVERAGE, { sym: BTC_PERP, side: 'BUY', limitPrice: '0' })],
        ['400009 no price', client.get(MAX_LEVERAGE, { sym: BTC_PERP, side: 'BUY', orderQty: '1' })],
      ]);
      const okx = await ask({ sym: OKX_BTC_PERP });
      assert.equal(okx.message, 'Your business scope only supports Binance perp');
    });
  });

  describe('POST /api/v1/trading/account (position mode) and GET /api/v1/trading/account', () => {
    const setMode = (client: ConnexClient, exchangeType: string, positionMode: string) => client.post(ACCOUNT, { exchangeType, positionMode });

    it('switches a venue’s perps between NET and BOTH, shown per venue in GET /trading/account; the mode already set: 401094', async () => {
      const { client } = await trader();
      const modes = async () => (await client.get(ACCOUNT)).data.map((row: any) => [row.exchangeType, row.positionMode]);
      assert.deepEqual(await modes(), [['BINANCE', 'NET'], ['OKX', 'NET']]);
      await codes([['401094 NET already', setMode(client, 'BINANCE', 'NET')]]);
      assert.deepEqual(await setMode(client, 'BINANCE', 'BOTH'), { code: 200000, message: 'Success', data: {} });
      assert.deepEqual(await modes(), [['BINANCE', 'BOTH'], ['OKX', 'NET']]);
      const again = await setMode(client, 'BINANCE', 'BOTH');
      assert.deepEqual([again.code, again.message], [401094, 'Position mode is already set to the requested value']);
      assert.equal((await setMode(client, 'BINANCE', 'NET')).code, 200000);
      assert.deepEqual(await modes(), [['BINANCE', 'NET'], ['OKX', 'NET']]);
    });

    it('refuses a bad positionMode (401088) or exchangeType (401023), and missing fields (400009)', async () => {
      const { client } = await trader();
      await codes([
        ['401088 HEDGE', setMode(client, 'BINANCE', 'HEDGE')],
        ['401088 lower case', setMode(client, 'BINANCE', 'both')],
        ['401023 KRAKEN', setMode(client, 'KRAKEN', 'BOTH')],
        ['400009 no mode', client.post(ACCOUNT, { exchangeType: 'BINANCE' })],
        ['400009 no exchange', client.post(ACCOUNT, { positionMode: 'BOTH' })],
      ]);
      assert.equal((await setMode(client, 'BINANCE', 'HEDGE')).message, 'Invalid positionMode');
    });

    it('refuses a change while a PERP order is open on the venue (401089), then takes it once the order is cancelled', async () => {
      const { client } = await trader();
      await setLeverage(client, BTC_PERP, '10');
      await place(client, { sym: BTC_PERP, side: 'BUY', orderType: 'LIMIT', orderQty: '0.01', limitPrice: '80000' });
      await codes([['401089 open order', setMode(client, 'BINANCE', 'BOTH')]]);
      assert.equal((await setMode(client, 'OKX', 'BOTH')).code, 200000, 'the other venue is free');
      assert.equal((await client.delete('/api/v1/trading/cancelAll', {})).code, 200000);
      await tick(server); // the venue confirms the cancel
      assert.equal((await setMode(client, 'BINANCE', 'BOTH')).code, 200000);
    });

    it('refuses a change while the venue holds a position (401090)', async () => {
      const { client } = await trader();
      await setLeverage(client, BTC_PERP, '10');
      await marketOrder(client, BTC_PERP, 'SELL', '0.01');
      const answer = await setMode(client, 'BINANCE', 'BOTH');
      assert.deepEqual([answer.code, answer.message], [401090, 'Change failed. Please cancel any open order and close positions first.']);
      assert.equal((await accountRow(client)).positionMode, 'NET');
    });

    it('refuses a change on an account the operator restricted (401103)', async () => {
      const { portfolioId, client } = await trader();
      const restrict = (restricted: string) => server.admin.call('POST', '/portfolios/restriction', { portfolioId, exchangeType: 'BINANCE', restricted });
      assert.equal((await restrict('true')).code, 200000);
      const answer = await setMode(client, 'BINANCE', 'BOTH');
      assert.deepEqual([answer.code, answer.message], [401103, "Can't change positionMode for this exchange"]);
      assert.equal((await restrict('false')).code, 200000);
      assert.equal((await setMode(client, 'BINANCE', 'BOTH')).code, 200000);
    });
  });

  describe('GET /api/v1/trading/positionBracket and /broker/positionBracket', () => {
    it('an object keyed by sym: BINANCE BTCUSDT’s twelve brackets as the venue gives them', async () => {
      const answer = await server.client.get(BRACKETS, { sym: BTC_PERP });
      assert.equal(answer.code, 200000);
      assert.deepEqual(Object.keys(answer.data), [BTC_PERP]);
      const rows = answer.data[BTC_PERP];
      assert.equal(rows.length, 12);
      assert.deepEqual(rows[0], { sym: BTC_PERP, minNotionalValue: '0', maxNotionalValue: '300000', maxLeverage: '150', mmRate: '0.004', riskLevel: '1' });
      assert.deepEqual(rows[1], { sym: BTC_PERP, minNotionalValue: '300000', maxNotionalValue: '800000', maxLeverage: '100', mmRate: '0.005', riskLevel: '2' });
      assert.deepEqual(rows[11], { sym: BTC_PERP, minNotionalValue: '1200000000', maxNotionalValue: '1800000000', maxLeverage: '1', mmRate: '0.5', riskLevel: '12' });
    });

    it('OKX tiers in contracts: their bounds as notional at the mark now (contracts × contractSize × mark)', async () => {
      const contractSize = fixed((await server.client.get('/api/v1/trading/sym/info', { sym: OKX_BTC_PERP })).data[OKX_BTC_PERP].contractSize);
      const mark = fixed(await markPrice(server.client, OKX_BTC_PERP));
      const rows = (await server.client.get(BRACKETS, { sym: OKX_BTC_PERP })).data[OKX_BTC_PERP];
      const notional = (contracts: string) => text(times(mark, times(fixed(contracts), contractSize)));
      assert.deepEqual(rows[0], { sym: OKX_BTC_PERP, minNotionalValue: '0', maxNotionalValue: notional('1000'), maxLeverage: '100', mmRate: '0.004', riskLevel: '1' });
      assert.deepEqual(rows[1], { sym: OKX_BTC_PERP, minNotionalValue: notional('1000'), maxNotionalValue: notional('2000'), maxLeverage: '75', mmRate: '0.005', riskLevel: '2' });
    });

    it('every PERP sym without a sym; the broker endpoint answers the same tiers to primary and portfolio keys; 401041 / 401011', async () => {
      const info = (await server.client.get('/api/v1/trading/sym/info')).data;
      const perps = Object.keys(info).filter((sym) => info[sym].sym.includes('_PERP_'));
      const all = (await server.client.get(BRACKETS)).data;
      assert.deepEqual(Object.keys(all).sort(), perps.sort());
      const { client } = await trader();
      assert.deepEqual((await client.get(BROKER_BRACKETS)).data, all);
      assert.deepEqual((await server.client.get(BROKER_BRACKETS, { sym: ETH_PERP })).data, { [ETH_PERP]: all[ETH_PERP] });
      await codes([
        ['401041 spot', server.client.get(BRACKETS, { sym: 'BINANCE_SPOT_BTC_USDT' })],
        ['401011 unknown', server.client.get(BRACKETS, { sym: 'BINANCE_PERP_NOPE_USDT' })],
        ['401041 broker spot', client.get(BROKER_BRACKETS, { sym: 'OKX_SPOT_BTC_USDT' })],
      ]);
    });
  });

  describe('GET /api/v1/trading/coin/discount', () => {
    it('every coin the venues list with its discount (stable 1, BTC and ETH 0.95, others 0.9); one coin; unknown 401035', async () => {
      const answer = await server.client.get(DISCOUNT);
      assert.equal(answer.code, 200000);
      const discounts = Object.fromEntries(answer.data.map((row: any) => [row.coin, row.discount]));
      assert.deepEqual(answer.data.map((row: any) => row.coin), Object.keys(discounts).sort());
      assert.deepEqual([discounts.USDT, discounts.USDC, discounts.BTC, discounts.ETH, discounts.SOL, discounts.TRX], ['1', '1', '0.95', '0.95', '0.9', '0.9']);
      assert.deepEqual((await server.client.get(DISCOUNT, { coin: 'ETH' })).data, [{ coin: 'ETH', discount: '0.95' }]);
      const unknown = await server.client.get(DISCOUNT, { coin: 'NOPE' });
      assert.deepEqual([unknown.code, unknown.message, unknown.data], [401035, 'Asset does not exist', null]);
      await codes([['401035 lower case', server.client.get(DISCOUNT, { coin: 'btc' })]]);
    });
  });
});
