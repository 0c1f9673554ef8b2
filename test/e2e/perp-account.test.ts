import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { formatFixed, type Fixed } from '../../src/domain/money.ts';
import { accountRow, BTC_PERP, fixed, marketOrder, markPrice, PERP_ENV, perpTrader, quoteBooks, setLeverage } from '../support/perp.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { WsClient } from '../support/ws.ts';
import { wsLoginMessage } from '../../src/client/ws-login.ts';
import { fund } from '../support/trading.ts';

const ONE = 10n ** 18n;
/** a × b and a / b of 18-decimal values, rounded down at 18 decimals. */
const times = (a: bigint, b: bigint) => (a * b) / ONE;
const over = (a: bigint, b: bigint) => (a * ONE) / b;
const text = (value: bigint) => formatFixed(value as Fixed);
const CENT = fixed('0.01');

/** Within a cent of the hand-computed value. */
function toTheCent(shown: string, expected: bigint, name: string): void {
  const gap = fixed(shown) - expected;
  assert.ok(gap < CENT && gap > -CENT, `${name}: shown ${shown}, computed ${text(expected)}`);
}

async function assetRows(client: { get: (path: string, params?: Record<string, string>) => Promise<any> }, venue = 'BINANCE'): Promise<Record<string, any>> {
  const answer = await client.get('/api/v1/trading/portfolio/assets', { exchangeType: venue });
  assert.equal(answer.code, 200000, JSON.stringify(answer));
  return Object.fromEntries(answer.data.list.map((row: any) => [row.coin, row]));
}

describe('the unified margin account: GET /api/v1/trading/account and the asset rows (decisions L1–L3, connex-api.md §4.4)', () => {
  let server: TestServer;

  before(async () => {
    server = await startTestServer({ env: PERP_ENV });
    await quoteBooks(server);
  });
  after(() => server.stop());

  it('an account without positions: its collateral at the discounts, uniMMR 999999, NET, NORMAL', async () => {
    const { portfolioId, client } = await perpTrader(server, 'AcctSpotOnly1', '1000');
    await fund(server, portfolioId, 'BTC', '0.1');
    const btcIndex = fixed((await assetRows(client)).BTC.indexPrice);
    const btcValue = times(fixed('0.1'), btcIndex);
    const btcMargin = times(btcValue, fixed('0.95'));

    const answer = await client.get('/api/v1/trading/account');
    assert.equal(answer.code, 200000);
    assert.deepEqual(answer.data.map((row: any) => [row.portfolioId, row.exchangeType]), [[portfolioId, 'BINANCE'], [portfolioId, 'OKX']]);
    const [binance, okx] = answer.data;
    assert.deepEqual(
      [binance.equity, binance.marginValue, binance.validMargin, binance.availableMargin, binance.perpAvailableMargin],
      [text(fixed('1000') + btcValue), text(fixed('1000') + btcMargin), text(fixed('1000') + btcMargin), text(fixed('1000') + btcMargin), text(fixed('1000') + btcMargin)],
    );
    for (const row of answer.data) {
      assert.deepEqual(
        [row.maintainMargin, row.positionValue, row.perpMargin, row.frozenMargin, row.openLossMargin, row.debtMargin, row.upnl, row.uniMMR, row.riskRatio, row.accountStatus, row.positionMode],
        ['0', '0', '0', '0', '0', '0', '0', '999999', '0', 'NORMAL', 'NET'],
      );
    }
    assert.equal(okx.equity, '0');

    const rows = await assetRows(client);
    assert.deepEqual(
      [rows.BTC.balance, rows.BTC.equity, rows.BTC.marginValue, rows.BTC.equityValue, rows.BTC.maxTransferable, rows.BTC.upnl, rows.BTC.perpMargin, rows.BTC.overdraw],
      ['0.1', '0.1', text(btcMargin), text(btcValue), '0.1', '0', '0', '0'],
    );
    assert.deepEqual([rows.USDT.marginValue, rows.USDT.maxTransferable], ['1000', '1000']);
  });

  it('long 0.01 BTC at 10x: every figure to the cent against the fills and the mark', async () => {
    const { client } = await perpTrader(server, 'AcctLongBtc01', '10000');
    await setLeverage(client, BTC_PERP, '10');
    const filled = await marketOrder(client, BTC_PERP, 'BUY', '0.01');
    const mark = fixed(await markPrice(client, BTC_PERP));

    const cost = fixed(filled.executedAmount);
    const fee = fixed(filled.fee);
    assert.equal(text(fee), text(times(cost, fixed('0.0005'))), 'taker fee: 0.05 % of what the fills cost');
    const usdt = fixed('10000') - fee;
    const notional = times(mark, fixed('0.01'));
    const upnl = notional - cost;
    const perpMargin = notional / 10n;
    const maintainMargin = times(notional, fixed('0.004'));
    const validMargin = usdt + upnl;
    const availableMargin = validMargin - perpMargin;
    const uniMmr = over(validMargin, maintainMargin);

    const row = await accountRow(client);
    toTheCent(row.equity, usdt + upnl, 'equity');
    toTheCent(row.marginValue, usdt, 'marginValue');
    toTheCent(row.positionValue, notional, 'positionValue');
    toTheCent(row.upnl, upnl, 'upnl');
    toTheCent(row.perpMargin, perpMargin, 'perpMargin = notional / 10');
    toTheCent(row.maintainMargin, maintainMargin, 'maintainMargin = notional × 0.4 %');
    toTheCent(row.validMargin, validMargin, 'validMargin');
    toTheCent(row.availableMargin, availableMargin, 'availableMargin');
    assert.ok(fixed(row.uniMMR) - uniMmr < fixed('0.00000001') && uniMmr - fixed(row.uniMMR) < fixed('0.00000001'), `uniMMR ${row.uniMMR} vs ${text(uniMmr)}`);
    const riskRatio = over(maintainMargin, validMargin);
    assert.ok(fixed(row.riskRatio) - riskRatio <= fixed('0.00005') && riskRatio - fixed(row.riskRatio) <= fixed('0.00005'), `riskRatio ${row.riskRatio} vs ${text(riskRatio)}`);
    assert.match(row.riskRatio, /^0(\.\d{1,4})?$/);
    assert.deepEqual([row.frozenMargin, row.openLossMargin, row.debtMargin, row.accountStatus, row.positionMode], ['0', '0', '0', 'NORMAL', 'NET']);
    assert.equal(row.perpAvailableMargin, row.availableMargin);

    const usdtRow = (await assetRows(client)).USDT;
    assert.equal(usdtRow.available, text(usdt));
    toTheCent(usdtRow.upnl, upnl, 'USDT upnl');
    toTheCent(usdtRow.perpMargin, perpMargin, 'USDT perpMargin');
    toTheCent(usdtRow.equity, usdt + upnl, 'USDT equity');
    assert.equal(usdtRow.marginValue, text(usdt));
    const maxTransferable = [usdt, availableMargin, validMargin - 3n * maintainMargin].reduce((a, b) => (a < b ? a : b));
    toTheCent(usdtRow.maxTransferable, maxTransferable > 0n ? maxTransferable : 0n, 'maxTransferable');
    assert.equal(usdtRow.maxTransferable, row.availableMargin, 'here availableMargin is the tightest bound');
  });

  it('the WebSocket Assets push of a perp fill carries the row as GET portfolio/assets shows it: upnl and perpMargin of the position', async () => {
    const { client, credentials } = await perpTrader(server, 'AcctWsAssets1', '5000');
    await setLeverage(client, BTC_PERP, '20');
    const ws = await WsClient.open(server.baseUrl, '/v1/private');
    assert.equal((await ws.request({ id: 'login', ...wsLoginMessage(credentials) })).code, 200000);
    await marketOrder(client, BTC_PERP, 'BUY', '0.02');
    const pushed = (await ws.next((frame) => frame.json?.channel === 'Assets')).json.data;
    const row = (await assetRows(client)).USDT;
    assert.deepEqual(pushed, row, 'nothing moved since the fill: the push and the row agree');
    assert.ok(fixed(pushed.perpMargin) > 0n && pushed.upnl !== '0', JSON.stringify(pushed));
    ws.close();
  });

  it('availableMargin is never shown below 0, and maxTransferable stops at 0', async () => {
    const { client } = await perpTrader(server, 'AcctUsedUp001', '130');
    await setLeverage(client, BTC_PERP, '10');
    await marketOrder(client, BTC_PERP, 'BUY', '0.013');
    // The operator drops BTC by 2 000: the loss takes validMargin below the initial margin (the last test here: the price stays moved).
    const dropped = text(fixed(await markPrice(client, BTC_PERP)) - fixed('2000'));
    assert.equal((await server.admin.call('POST', '/sim/price', { asset: 'BTC', price: dropped })).code, 200000);
    const row = await accountRow(client);
    assert.ok(fixed(row.validMargin) - fixed(row.perpMargin) < 0n, JSON.stringify(row));
    assert.deepEqual([row.availableMargin, row.perpAvailableMargin], ['0', '0']);
    assert.equal((await assetRows(client)).USDT.maxTransferable, '0');
  });
});
