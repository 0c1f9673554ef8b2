import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ConnexClient } from '../../src/client/connex-client.ts';
import { baseQty } from '../../src/domain/instrument.ts';
import { add, formatFixed, mul, sum, ZERO, type Amount } from '../../src/domain/money.ts';
import { BTC_PERP, fixed, marketOrder, PERP_ENV, perpPortfolio, quoteBooks, setLeverage } from '../support/perp.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { fund } from '../support/trading.ts';

const PATH = '/api/v1/trading/user/tradingStats';
const OKX_BTC_PERP = 'OKX_PERP_BTC_USDT';
const CONTRACT_SIZES: Record<string, string> = { [OKX_BTC_PERP]: '0.01' };
const STATS_ENV = {
  RATE_LIMITS: JSON.stringify({ '*': { ...JSON.parse(PERP_ENV.RATE_LIMITS)['*'], tradingStats: [100000, 1000] } }),
};

async function stats(client: ConnexClient, params: Record<string, string>): Promise<any> {
  const answer = await client.get(PATH, params);
  assert.equal(answer.code, 200000, JSON.stringify(answer));
  return answer.data;
}

/** Σ price × quantity in base coin of fills (OKX perp quantities are contracts). */
const traded = (fills: any[]): Amount =>
  sum(fills.map((e) => mul(fixed<'price'>(e.price), baseQty({ contractSize: CONTRACT_SIZES[e.sym] ? fixed(CONTRACT_SIZES[e.sym]) : undefined }, fixed(e.quantity)))));

describe('tradingStats: traded volume per venue and business type', () => {
  let server: TestServer;
  let trader: { portfolioId: string; client: ConnexClient };
  let other: { portfolioId: string; client: ConnexClient };
  let fills: any[];
  let span: { begin: string; end: string };

  before(async () => {
    server = await startTestServer({ env: STATS_ENV });
    trader = await perpPortfolio(server, 'Stats01', '50000');
    await fund(server, trader.portfolioId, 'USDT', '50000', 'OKX');
    other = await perpPortfolio(server, 'Stats02', '1000');
    await quoteBooks(server);
    await setLeverage(trader.client, BTC_PERP, '10');
    await setLeverage(trader.client, OKX_BTC_PERP, '10');
    await marketOrder(trader.client, 'BINANCE_SPOT_BTC_USDT', 'BUY', '0.01');
    await marketOrder(trader.client, 'BINANCE_SPOT_BTC_USDT', 'SELL', '0.004');
    await marketOrder(trader.client, BTC_PERP, 'BUY', '0.02');
    await marketOrder(trader.client, OKX_BTC_PERP, 'BUY', '150');
    const answer = await trader.client.get('/api/v1/trading/executions', {});
    assert.equal(answer.code, 200000, JSON.stringify(answer));
    fills = answer.data;
    const times = fills.map((e) => Number(e.createAt));
    span = { begin: String(Math.floor(Math.min(...times) / 1000)), end: String(Math.floor(Math.max(...times) / 1000)) };
  });
  after(() => server.stop());

  const of = (venue: string, business: string) => traded(fills.filter((e) => e.exchangeType === venue && e.businessType === business));

  it('sums the notional of the fills of each venue and business type, OKX contracts at their contract size', async () => {
    const data = await stats(trader.client, span);
    const spot = of('BINANCE', 'SPOT');
    const perps = add(of('BINANCE', 'PERP'), of('OKX', 'PERP'));
    assert.notEqual(of('OKX', 'PERP'), ZERO);
    assert.deepEqual(data, {
      begin: span.begin,
      end: span.end,
      allSpot: formatFixed(spot),
      allPerp: formatFixed(perps),
      details: [
        { exchange: 'BINANCE', businessType: 'SPOT', executedAmount: formatFixed(spot) },
        { exchange: 'BINANCE', businessType: 'PERP', executedAmount: formatFixed(of('BINANCE', 'PERP')) },
        { exchange: 'BINANCE', businessType: 'MARGIN', executedAmount: '0' },
        { exchange: 'OKX', businessType: 'SPOT', executedAmount: '0' },
        { exchange: 'OKX', businessType: 'PERP', executedAmount: formatFixed(of('OKX', 'PERP')) },
        { exchange: 'OKX', businessType: 'MARGIN', executedAmount: '0' },
      ],
    });
  });

  it('narrows to an exchange and a business type; a span without fills sums to 0', async () => {
    const okxPerp = await stats(trader.client, { ...span, exchange: 'OKX', businessType: 'PERP' });
    assert.deepEqual([okxPerp.allSpot, okxPerp.allPerp, okxPerp.details], ['0', formatFixed(of('OKX', 'PERP')), [{ exchange: 'OKX', businessType: 'PERP', executedAmount: formatFixed(of('OKX', 'PERP')) }]]);
    const earlier = await stats(trader.client, { begin: '0', end: String(Number(span.begin) - 1), businessType: 'SPOT' });
    assert.deepEqual([earlier.allSpot, earlier.details.map((d: any) => d.executedAmount)], ['0', ['0', '0']]);
  });

  it("counts only the portfolio's own fills", async () => {
    const data = await stats(other.client, span);
    assert.deepEqual([data.allSpot, data.allPerp], ['0', '0']);
    assert.equal((await other.client.get(PATH, { ...span, portfolioId: trader.portfolioId })).code, 401010);
    assert.equal((await stats(server.client, { ...span, portfolioId: trader.portfolioId })).allPerp, formatFixed(add(of('BINANCE', 'PERP'), of('OKX', 'PERP'))));
  });

  it('refuses a bad businessType (401069) or exchange (401023), a missing begin or end (400009), a malformed one (401039, 401040), begin after end (400004)', async () => {
    for (const [params, code] of [
      [{ ...span, businessType: 'FUTURES' }, 401069],
      [{ ...span, exchange: 'KRAKEN' }, 401023],
      [{ end: span.end }, 400009],
      [{ begin: span.begin }, 400009],
      [{ begin: 'today', end: span.end }, 401039],
      [{ begin: span.begin, end: '1.5' }, 401040],
      [{ begin: span.end, end: String(Number(span.end) - 1) }, 400004],
    ] as const) {
      assert.equal((await trader.client.get(PATH, params)).code, code, JSON.stringify(params));
    }
  });
});
