import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ConnexClient } from '../../src/client/connex-client.ts';
import { DocumentedClient } from '../support/documented.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const FUNDING_RATE = '/api/v1/market/fundingRate';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('GET /api/v1/market/fundingRate', () => {
  let server: TestServer;
  let users = 0;
  // The server's wall clock, at 02:30 UTC today: the 8 h interval running ends at 08:00, the 4 h one at 04:00.
  const midnight = Math.floor(Date.now() / DAY) * DAY;
  let now = midnight + 2.5 * HOUR;
  before(async () => {
    server = await startTestServer({ clock: () => now });
  });
  after(() => server.stop());

  /** A key of its own: the endpoint allows 3 calls in 10 s per key, shared with markPrice and sym/info (connex-api.md §3). */
  async function newClient(): Promise<ConnexClient> {
    const created = await server.admin.call('POST', '/users', { name: `fundingRate${++users}` });
    assert.equal(created.code, 200000, JSON.stringify(created));
    return new DocumentedClient(server.baseUrl, { apiKey: created.data.apiKey, secretKey: created.data.secretKey }, () => Math.floor(now / 1000));
  }

  async function fundingRate(sym: string): Promise<Record<string, string>> {
    const answer = await (await newClient()).get(FUNDING_RATE, { sym });
    assert.equal(answer.code, 200000, answer.message);
    assert.equal(answer.data.length, 1);
    return answer.data[0];
  }

  it('answers [{sym, fundingRate, fundingTime, nextFundingTime}]: the interest rate before any premium, the running 8 h interval’s end and the boundary after', async () => {
    for (const sym of ['BINANCE_PERP_BTC_USDT', 'OKX_PERP_ETH_USDT', 'BINANCE_PERP_BTC_USDC']) {
      const row = await fundingRate(sym);
      assert.deepEqual(row, { sym, fundingRate: '0.0001', fundingTime: String(midnight + 8 * HOUR), nextFundingTime: String(midnight + 16 * HOUR) });
    }
  });

  it('runs 4 h intervals for BINANCE TRX and OKX DOGE, at half the interest', async () => {
    for (const sym of ['BINANCE_PERP_TRX_USDT', 'OKX_PERP_DOGE_USDT']) {
      const row = await fundingRate(sym);
      assert.deepEqual(row, { sym, fundingRate: '0.00005', fundingTime: String(midnight + 4 * HOUR), nextFundingTime: String(midnight + 8 * HOUR) });
    }
    assert.equal((await fundingRate('OKX_PERP_TRX_USDT')).nextFundingTime, String(midnight + 16 * HOUR), 'OKX TRX: 8 h');
  });

  it('predicts from the premium of the books the house quotes around the index, and follows venue time when it is fast-forwarded', async () => {
    const tick = await server.admin.call('POST', '/sim/tick', { count: '3', elapsedMs: '60000' });
    assert.equal(tick.code, 200000, JSON.stringify(tick));
    const quoted = await fundingRate('BINANCE_PERP_ETH_USDT');
    assert.equal(quoted.fundingRate, '0.0001', 'a premium within 0.05 % of the interest pays the interest');

    const forward = await server.admin.call('POST', '/sim/tick', { count: '1', elapsedMs: String(DAY) });
    assert.equal(forward.code, 200000, JSON.stringify(forward));
    const venueNow = (await (await newClient()).get('/api/v1/market/depth', { sym: 'BINANCE_PERP_ETH_USDT', limit: '1' })).data.ts;
    assert.ok(Number(venueNow) >= now + DAY, `venue time ${venueNow} is a day ahead of the wall`);
    for (const sym of ['BINANCE_PERP_ETH_USDT', 'OKX_PERP_DOGE_USDT']) {
      const row = await fundingRate(sym);
      const interval = sym === 'OKX_PERP_DOGE_USDT' ? 4 * HOUR : 8 * HOUR;
      const fundingTime = Number(row.fundingTime);
      assert.equal(fundingTime % interval, 0, `${sym}: on a boundary from 00:00 UTC`);
      assert.ok(fundingTime > Number(venueNow) && fundingTime - interval <= Number(venueNow), `${sym}: the end of the interval running at ${venueNow}`);
      assert.equal(Number(row.nextFundingTime), fundingTime + interval);
      assert.match(row.fundingRate, /^-?0\.\d{1,8}$|^0$/, `${sym}: a rate of at most 8 decimals`);
    }
  });

  it('needs a sym (400009), a PERP one (401041) that is listed (401011); text that is no sym and unknown parameters: 400000', async () => {
    const cases: [Record<string, string>, number, string?][] = [
      [{}, 400009],
      [{ sym: 'BINANCE_SPOT_BTC_USDT' }, 401041, 'The sym should be PERP businessType'],
      [{ sym: 'OKX_MARGIN_ETH_USDT' }, 401041],
      [{ sym: 'BINANCE_PERP_NOPE_USDT' }, 401011],
      [{ sym: 'nonsense' }, 400000],
      [{ sym: 'BINANCE_PERP_BTC_USDT', extra: '1' }, 400000],
    ];
    for (const [params, code, message] of cases) {
      const answer = await (await newClient()).get(FUNDING_RATE, params);
      assert.deepEqual([answer.code, answer.data], [code, null], JSON.stringify(params));
      if (message) assert.equal(answer.message, message);
    }
    assert.deepEqual((await fundingRate('OKX_PEPR_ETH_USDT')).sym, 'OKX_PERP_ETH_USDT', 'the PEPR spelling names the perp');
  });

  it('shares the reference’s 3 calls in 10 s with markPrice and sym/info', async () => {
    const client = await newClient();
    assert.equal((await client.get(FUNDING_RATE, { sym: 'BINANCE_PERP_BTC_USDT' })).code, 200000);
    assert.equal((await client.get('/api/v1/market/markPrice', {})).code, 200000);
    assert.equal((await client.get('/api/v1/trading/sym/info', {})).code, 200000);
    const response = await client.send('GET', FUNDING_RATE, { sym: 'BINANCE_PERP_BTC_USDT' });
    assert.deepEqual([response.status, ((await response.json()) as { code: number }).code], [429, 100429]);
  });
});
