import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ConnexClient } from '../../src/client/connex-client.ts';
import { DocumentedClient } from '../support/documented.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { WsClient } from '../support/ws.ts';

const MARK_PRICE = '/api/v1/market/markPrice';
const PERP = 'BINANCE_PERP_BTC_USDT';

describe('GET /api/v1/market/markPrice', () => {
  let server: TestServer;
  let users = 0;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.stop());

  /** A key of its own: the endpoint allows 3 calls in 10 s per key (connex-api.md §3). */
  async function newClient(): Promise<ConnexClient> {
    const created = await server.admin.call('POST', '/users', { name: `markPrice${++users}` });
    assert.equal(created.code, 200000, JSON.stringify(created));
    return new DocumentedClient(server.baseUrl, { apiKey: created.data.apiKey, secretKey: created.data.secretKey });
  }

  it('lists every PERP sym, each row {publicChannelTypeEnum, sym, markPrice, time} with time a number of ms', async () => {
    const client = await newClient();
    const before = Date.now();
    const answer = await client.get(MARK_PRICE, {});
    const afterwards = Date.now();
    assert.equal(answer.code, 200000, answer.message);
    const instruments = await client.get('/api/v1/trading/sym/info', {});
    const perps = Object.keys(instruments.data).filter((sym) => sym.includes('_PERP_'));
    assert.deepEqual(answer.data.map((row: any) => row.sym).sort(), perps.sort());
    for (const row of answer.data) {
      assert.deepEqual(Object.keys(row), ['publicChannelTypeEnum', 'sym', 'markPrice', 'time']);
      assert.equal(row.publicChannelTypeEnum, 'MARK_PRICE');
      assert.match(row.markPrice, /^[1-9]\d*(\.\d{1,8})?$|^0\.\d{1,8}$/, `${row.sym}: a positive price of at most 8 decimals`);
      assert.equal(typeof row.time, 'number');
      assert.ok(row.time >= before && row.time <= afterwards, `${row.sym}: time ${row.time} is now`);
    }
  });

  it('answers the one perp named (its PEPR spelling too) at the price the MARK_PRICE stream shows, and moves with the market', async () => {
    const client = await newClient();
    const ws = await WsClient.open(server.baseUrl, '/v1/public');
    const isMark = (f: { json: any }) => f.json?.arg?.channel === 'MARK_PRICE';
    assert.equal((await ws.request({ id: 'mark', action: 'subscribe', args: { channel: 'MARK_PRICE', inst: [PERP] } })).code, 200000);
    const streamed = (await ws.next(isMark)).json.data.markpx;
    const first = await client.get(MARK_PRICE, { sym: PERP });
    assert.equal(first.code, 200000, first.message);
    assert.deepEqual(first.data.map((row: any) => [row.sym, row.markPrice]), [[PERP, streamed]]);

    assert.equal((await server.admin.call('POST', '/sim/tick', { count: '1', elapsedMs: '60000' })).code, 200000);
    const moved = (await ws.next(isMark)).json.data.markpx;
    const second = await client.get(MARK_PRICE, { sym: PERP });
    assert.equal(second.data[0].markPrice, moved);
    assert.notEqual(moved, streamed);

    const typo = await client.get(MARK_PRICE, { sym: 'OKX_PEPR_ETH_USDT' });
    assert.deepEqual(typo.data.map((row: any) => row.sym), ['OKX_PERP_ETH_USDT']);
    ws.close();
  });

  it('refuses a sym that is not PERP (401041), an unknown one (401011), text that is no sym and unknown parameters (400000)', async () => {
    const cases: [Record<string, string>, number][] = [
      [{ sym: 'BINANCE_SPOT_BTC_USDT' }, 401041],
      [{ sym: 'OKX_MARGIN_ETH_USDT' }, 401041],
      [{ sym: 'BINANCE_PERP_NOPE_USDT' }, 401011],
      [{ sym: 'nonsense' }, 400000],
      [{ sym: PERP, extra: '1' }, 400000],
    ];
    for (const [params, code] of cases) {
      const answer = await (await newClient()).get(MARK_PRICE, params);
      assert.deepEqual([answer.code, answer.data], [code, null], JSON.stringify(params));
    }
    const refused = await (await newClient()).get(MARK_PRICE, { sym: 'BINANCE_SPOT_BTC_USDT' });
    assert.equal(refused.message, 'The sym should be PERP businessType');
  });

  it('shares the reference’s 3 calls in 10 s with sym/info', async () => {
    const client = await newClient();
    assert.equal((await client.get(MARK_PRICE, { sym: PERP })).code, 200000);
    assert.equal((await client.get('/api/v1/trading/sym/info', { sym: PERP })).code, 200000);
    assert.equal((await client.get(MARK_PRICE, {})).code, 200000);
    const response = await client.send('GET', MARK_PRICE, {});
    assert.deepEqual([response.status, ((await response.json()) as { code: number }).code], [429, 100429]);
  });
});
