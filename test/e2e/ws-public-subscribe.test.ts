import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import WebSocket from 'ws';
import { startTestServer, type TestServer } from '../support/server.ts';
import { WsClient } from '../support/ws.ts';

const SPOT = 'BINANCE_SPOT_BTC_USDT';
const PERP = 'OKX_PERP_ETH_USDT';

describe('public WebSocket: subscribe and unsubscribe', () => {
  let server: TestServer;
  let client: WsClient;
  before(async () => {
    server = await startTestServer();
    client = await WsClient.open(server.baseUrl, '/v1/public');
  });
  after(async () => {
    client.close();
    await server.stop();
  });

  const subscribe = (args: Record<string, unknown>, id = 's') => client.request({ id, action: 'subscribe', args });

  it('answers every malformed subscription with its 601xxx code and stays usable', async () => {
    const many = Array.from({ length: 21 }, () => SPOT);
    const cases: [Record<string, unknown>, number][] = [
      [{ action: 'subscribe' }, 601008],
      [{ action: 'subscribe', args: 'BBO' }, 601001],
      [{ action: 'subscribe', args: { inst: [SPOT] } }, 601008],
      [{ action: 'subscribe', args: { channel: 'DEPTH', inst: [SPOT] } }, 601006],
      [{ action: 'subscribe', args: { channel: 'BBO' } }, 601002],
      [{ action: 'subscribe', args: { channel: 'BBO', inst: [] } }, 601002],
      [{ action: 'subscribe', args: { channel: 'BBO', inst: ['BINANCE_SPOT_NOPE_USDT'] } }, 601003],
      [{ action: 'subscribe', args: { channel: 'BBO', inst: ['not a sym'] } }, 601003],
      [{ action: 'subscribe', args: { channel: 'MARK_PRICE', inst: [SPOT] } }, 601003],
      [{ action: 'subscribe', args: { channel: 'BBO', inst: many } }, 601005],
      [{ action: 'subscribe', args: { channel: 'KLINE', inst: [SPOT] } }, 601008],
      [{ action: 'subscribe', args: { channel: 'KLINE', inst: [SPOT], interval: '7m' } }, 601001],
      [{ action: 'subscribe', args: { channel: 'BBO', inst: [SPOT], depth: '5' } }, 601001],
      [{ action: 'trade', args: {} }, 601011],
      [{ action: 'subscribe', args: { channel: 'OPEN_INTEREST', inst: [SPOT] } }, 601003],
      [{ args: {} }, 601008],
      [{ event: 'subscribe', arg: [] }, 601002],
      [{ event: 'subscribe', arg: {} }, 601001],
      [{ event: 'subscribe', arg: [{ channel: 'BBO', sym: 'OKX_SPOT_ZZZ_USDT' }] }, 601003],
    ];
    for (const [i, [message, code]] of cases.entries()) {
      const answer = await client.request({ id: `b${i}`, ...message });
      assert.equal(answer.code, code, JSON.stringify(message));
      assert.equal(answer.event, 'error');
    }
    const unread = (f: { json: any }) => f.json?.event === 'error' && f.json.id === null;
    client.send(JSON.stringify({ id: 'long', action: 'subscribe', args: { channel: 'BBO', inst: [SPOT], pad: 'x'.repeat(1100) } }));
    assert.equal((await client.next(unread)).json.code, 601014);
    client.send('{"action":');
    assert.equal((await client.next(unread)).json.code, 601004);
    assert.equal((await subscribe({ channel: 'BBO', inst: [SPOT] }, 'ok')).code, 200000);
  });

  it('acknowledges a subscription in both grammars and sends the book snapshot first', async () => {
    const answer = await subscribe({ channel: 'ORDER_BOOK', inst: [SPOT, PERP] }, 'book');
    assert.deepEqual(answer, {
      id: 'book', event: 'subscribe', code: 200000, msg: 'Success',
      data: [{ channel: 'ORDER_BOOK', sym: SPOT }, { channel: 'ORDER_BOOK', sym: PERP }],
    });
    const snapshot = (await client.next((f) => f.json?.arg?.channel === 'ORDER_BOOK')).json;
    assert.equal(snapshot.data.updatetype, 'snapshot');
    assert.match(snapshot.data.seq, /^\d+$/);
    client.send({ event: 'subscribe', arg: [{ channel: 'KLINE', instId: PERP, interval: '1m' }, { channel: 'MARK_PRICE', sym: PERP }] });
    const alternative = (await client.next((f) => f.json?.event === 'subscribe')).json;
    assert.equal(alternative.code, 200000);
    assert.deepEqual(alternative.data, [{ channel: 'KLINE', sym: PERP, interval: '1m' }, { channel: 'MARK_PRICE', sym: PERP }]);
    assert.deepEqual(alternative.arg, alternative.data, "this grammar's ack carries the topics as arg too (connex-api.md §5.2)");
    const mark = (await client.next((f) => f.json?.arg?.channel === 'MARK_PRICE')).json;
    assert.match(mark.data.markpx, /^\d+(\.\d{1,8})?$/);
    client.send({ ping: 123 });
    assert.equal((await client.next((f) => f.json?.pong !== undefined)).text, '{"pong":123}', 'the milliseconds back as a JSON number');
  });

  it('pushes MARK_PRICE and INDEX_PRICE of a perp when the market moves', async () => {
    const prices = await WsClient.open(server.baseUrl, '/v1/public');
    for (const channel of ['MARK_PRICE', 'INDEX_PRICE']) {
      assert.equal((await prices.request({ id: channel, action: 'subscribe', args: { channel, inst: [PERP] } })).code, 200000);
    }
    const first = (await prices.next((f) => f.json?.arg?.channel === 'MARK_PRICE')).json.data.markpx;
    const index = (await prices.find((f) => f.json?.arg?.channel === 'INDEX_PRICE')).json.data.indexpx;
    const ticked = await server.admin.call('POST', '/sim/tick', { count: '3', elapsedMs: '60000' });
    assert.equal(ticked.code, 200000);
    const moved = (await prices.next((f) => f.json?.arg?.channel === 'MARK_PRICE')).json.data.markpx;
    const movedIndex = (await prices.find((f) => f.json?.arg?.channel === 'INDEX_PRICE' && f.json.data.indexpx !== index)).json.data.indexpx;
    assert.notEqual(moved, first);
    assert.notEqual(movedIndex, index);
    prices.close();
  });

  it('pushes OPEN_INTEREST of a perp: its value on subscribe, then each change the market ticks in', async () => {
    const oi = await WsClient.open(server.baseUrl, '/v1/public');
    const isOpenInterest = (f: { json: any }) => f.json?.arg?.channel === 'OPEN_INTEREST';
    assert.equal((await oi.request({ id: 'oi', action: 'subscribe', args: { channel: 'OPEN_INTEREST', inst: [PERP] } })).code, 200000);
    const first = (await oi.next(isOpenInterest)).json;
    assert.deepEqual(first.arg, { channel: 'OPEN_INTEREST', sym: PERP });
    assert.deepEqual(Object.keys(first.data), ['open_interest', 'ts']);
    assert.match(first.data.open_interest, /^\d+(\.\d{1,2})?$/, 'OKX counts contracts, in lots of 0.01');
    assert.equal((await server.admin.call('POST', '/sim/tick', { count: '3', elapsedMs: '600000' })).code, 200000);
    const moved = [(await oi.next(isOpenInterest)).json, (await oi.next(isOpenInterest)).json, (await oi.next(isOpenInterest)).json];
    assert.notEqual(moved[0].data.open_interest, first.data.open_interest);
    const level = Number(first.data.open_interest);
    for (const push of moved) assert.ok(Math.abs(Number(push.data.open_interest) / level - 1) < 0.25, push.data.open_interest);
    const late = await WsClient.open(server.baseUrl, '/v1/public');
    assert.equal((await late.request({ id: 'late', action: 'subscribe', args: { channel: 'OPEN_INTEREST', inst: [PERP] } })).code, 200000);
    const lateValue = (await late.next(isOpenInterest)).json.data.open_interest;
    // A tick may change open interest more than once: the answer to a request comes after every push sent before it.
    assert.equal((await oi.request({ id: 'sync', action: 'subscribe', args: { channel: 'BBO', inst: [PERP] } })).code, 200000);
    assert.equal(lateValue, oi.frames.filter(isOpenInterest).at(-1)!.json.data.open_interest, 'a new subscriber starts from the last pushed value');
    oi.close();
    late.close();
  });

  it('allows at most 50 subscriptions per connection, and unsubscribing frees room', async () => {
    const other = await WsClient.open(server.baseUrl, '/v1/public');
    const syms = ['BTC', 'ETH', 'SOL', 'BNB', 'XRP', 'DOGE', 'ADA', 'AVAX', 'LINK', 'LTC'].map((base) => `BINANCE_SPOT_${base}_USDT`);
    for (const channel of ['BBO', 'TICKER', 'TRADE', 'ORDER_BOOK', 'KLINE']) {
      const args = channel === 'KLINE' ? { channel, inst: syms, interval: '5m' } : { channel, inst: syms };
      assert.equal((await other.request({ id: channel, action: 'subscribe', args })).code, 200000);
    }
    assert.equal((await other.request({ id: 'x', action: 'subscribe', args: { channel: 'KLINE', inst: [SPOT], interval: '1h' } })).code, 601015);
    assert.equal((await other.request({ id: 'same', action: 'subscribe', args: { channel: 'BBO', inst: [SPOT] } })).code, 200000, 'already subscribed: no new room needed');
    assert.equal((await other.request({ id: 'u', action: 'unsubscribe', args: { channel: 'BBO', inst: [SPOT] } })).code, 200000);
    assert.equal((await other.request({ id: 'y', action: 'subscribe', args: { channel: 'KLINE', inst: [SPOT], interval: '1h' } })).code, 200000);
    other.close();
  });
});

describe('public WebSocket: the server pings (connex-api.md §5.2, decisions H3)', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ env: { WS_IDLE_MS: '300' } });
  });
  after(() => server.stop());

  it('a client that only listens stays while its library answers the pings; one that does not is closed as idle', async () => {
    const listener = await WsClient.open(server.baseUrl, '/v1/public');
    let pings = 0;
    listener.socket.on('ping', () => pings++);
    const silent = new WebSocket(server.baseUrl.replace(/^http/, 'ws') + '/v1/public', { autoPong: false });
    const silentClosed = new Promise<number>((resolve) => silent.once('close', (code) => resolve(code)));
    await new Promise((resolve) => setTimeout(resolve, 1200)); // four idle periods
    assert.equal(listener.closed, null, 'the listener is still connected');
    assert.ok(pings >= 4, `pinged ${pings} times`);
    assert.equal(await silentClosed, 4001, 'the client that never answered was closed as idle');
    listener.close();
  });
});
