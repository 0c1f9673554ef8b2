import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ConnexClient } from '../../src/client/connex-client.ts';
import { parseFixed } from '../../src/domain/money.ts';
import { DocumentedClient } from '../support/documented.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { WsClient, type Received } from '../support/ws.ts';

const PERP = 'BINANCE_PERP_BTC_USDT';
const SPOT = 'BINANCE_SPOT_BTC_USDT';
const MINUTE = 60_000;

type Row = [openTime: string, open: string, high: string, low: string, close: string, volume: string, closed: boolean];

const on = (channel: string, sym: string, interval: string) => (f: Received) =>
  f.json?.arg?.channel === channel && f.json.arg.sym === sym && f.json.arg.interval === interval;

function assertWithin(row: Row): void {
  const [, open, high, low, close] = row.map((v) => (typeof v === 'string' ? parseFixed<'price'>(v)! : 0n));
  assert.ok(low <= open && open <= high && low <= close && close <= high, `${row}: open and close within low and high`);
}

describe('public WebSocket: MARK_PRICE_KLINE and INDEX_KLINE', () => {
  let server: TestServer;
  let client: ConnexClient;
  // Venue time as the server reads it; the tests move it to cross candle boundaries.
  let now = Math.floor(Date.now() / MINUTE) * MINUTE + 1_000;
  before(async () => {
    server = await startTestServer({ clock: () => now, env: { RATE_LIMITS: JSON.stringify({ '*': { marketReference: [1000, 1000] } }) } });
    client = new DocumentedClient(server.baseUrl, server.client.credentials, () => Math.floor(now / 1000));
  });
  after(() => server.stop());

  const tick = async (count = 1) => assert.equal((await server.admin.call('POST', '/sim/tick', { count: String(count), elapsedMs: '1000' })).code, 200000);
  const markPrice = async (sym: string) => (await client.get('/api/v1/market/markPrice', { sym })).data[0].markPrice;

  it('MARK_PRICE_KLINE: the current candle on subscribe, then one push per tick whose close is the mark price REST reports', async () => {
    const ws = await WsClient.open(server.baseUrl, '/v1/public');
    const answer = await ws.request({ id: 'k', action: 'subscribe', args: { channel: 'MARK_PRICE_KLINE', inst: [PERP], interval: '1m' } });
    assert.deepEqual([answer.code, answer.data], [200000, [{ channel: 'MARK_PRICE_KLINE', sym: PERP, interval: '1m' }]]);
    const isCandle = on('MARK_PRICE_KLINE', PERP, '1m');
    const current: Row[] = (await ws.next(isCandle)).json.data;
    assert.equal(current.length, 1);
    assert.deepEqual([current[0][0], current[0][5], current[0][6]], [String(now - 1_000), '0', false]);
    assert.equal(current[0][4], await markPrice(PERP), 'the candle starts from the price now');

    for (const count of [1, 3]) {
      await tick(count);
      let rows: Row[] = [];
      for (let i = 0; i < count; i++) rows = (await ws.next(isCandle)).json.data;
      assert.equal(rows.length, 1, 'the same minute: only the current candle');
      const [row] = rows;
      assert.deepEqual([row[0], row[5], row[6]], [String(now - 1_000), '0', false]);
      assertWithin(row);
      assert.equal(row[4], await markPrice(PERP), `after ${count} tick(s)`);
    }
    ws.close();
  });

  it('closes the candle when a tick falls in the next interval: the closed one, then the new one', async () => {
    const ws = await WsClient.open(server.baseUrl, '/v1/public');
    assert.equal((await ws.request({ id: 'k', action: 'subscribe', args: { channel: 'MARK_PRICE_KLINE', inst: [PERP], interval: '1m' } })).code, 200000);
    const isCandle = on('MARK_PRICE_KLINE', PERP, '1m');
    const [before] = (await ws.next(isCandle)).json.data as Row[];
    const opened = Number(before[0]);
    now = opened + MINUTE + 5_000;
    await tick();
    const [closed, current] = (await ws.next(isCandle)).json.data as Row[];
    assert.deepEqual(closed, [before[0], before[1], before[2], before[3], before[4], '0', true]);
    assert.deepEqual(current, [String(opened + MINUTE), current[4], current[4], current[4], current[4], '0', false]);
    assert.equal(current[4], await markPrice(PERP));
    ws.close();
  });

  it('INDEX_KLINE: candles of the index price the INDEX_PRICE channel shows, in the alternative grammar too', async () => {
    const sym = 'OKX_PERP_ETH_USDT';
    const ws = await WsClient.open(server.baseUrl, '/v1/public');
    ws.send({ event: 'subscribe', arg: [{ channel: 'INDEX_KLINE', instId: sym, interval: '5m' }, { channel: 'INDEX_PRICE', sym }] });
    const acknowledged = (await ws.next((f) => f.json?.event === 'subscribe')).json;
    assert.deepEqual([acknowledged.code, acknowledged.data], [200000, [{ channel: 'INDEX_KLINE', sym, interval: '5m' }, { channel: 'INDEX_PRICE', sym }]]);
    const isCandle = on('INDEX_KLINE', sym, '5m');
    const isIndex = (f: Received) => f.json?.arg?.channel === 'INDEX_PRICE';
    const [first] = (await ws.next(isCandle)).json.data as Row[];
    assert.equal(first[4], (await ws.find(isIndex)).json.data.indexpx);
    await tick();
    const [row] = (await ws.next(isCandle)).json.data as Row[];
    const index = (await ws.next(isIndex)).json.data.indexpx;
    assert.notEqual(index, first[4], 'the index moved');
    assert.deepEqual([row[0], row[1], row[4], row[5]], [first[0], first[1], index, '0']);
    assertWithin(row);
    ws.close();
  });

  it('refuses both on a SPOT sym as MARK_PRICE is refused (601003), and wants an interval like KLINE', async () => {
    const ws = await WsClient.open(server.baseUrl, '/v1/public');
    const cases: [Record<string, unknown>, number][] = [
      [{ channel: 'MARK_PRICE', inst: [SPOT] }, 601003],
      [{ channel: 'MARK_PRICE_KLINE', inst: [SPOT], interval: '1m' }, 601003],
      [{ channel: 'INDEX_KLINE', inst: [SPOT], interval: '1m' }, 601003],
      [{ channel: 'INDEX_KLINE', inst: [PERP, SPOT], interval: '1m' }, 601003],
      [{ channel: 'MARK_PRICE_KLINE', inst: [PERP] }, 601008],
      [{ channel: 'MARK_PRICE_KLINE', inst: [PERP], interval: '7m' }, 601001],
      [{ channel: 'MARK_PRICE', inst: [PERP], interval: '1m' }, 601001],
    ];
    for (const [i, [args, code]] of cases.entries()) {
      const answer = await ws.request({ id: `r${i}`, action: 'subscribe', args });
      assert.deepEqual([answer.event, answer.code], ['error', code], JSON.stringify(args));
    }
    await tick();
    assert.equal((await ws.request({ id: 'last', action: 'subscribe', args: { channel: 'BBO', inst: [SPOT] } })).code, 200000);
    assert.deepEqual(ws.frames.filter((f) => f.json?.arg?.channel?.endsWith('KLINE')), [], 'a refused subscribe changes nothing');
    ws.close();
  });
});
