import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseFixed, formatFixed, type Fixed, type Unit, sum, type Size } from '../../src/domain/money.ts';
import { newRng, nextInt } from '../../src/venues/sim/random/rng.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { BTC, TRADING_ENV, fund, newTrader, tick } from '../support/trading.ts';
import { WsClient } from '../support/ws.ts';

const fixed = <U extends Unit>(text: string): Fixed<U> => parseFixed<U>(text)!;
const LIMITS = JSON.parse(TRADING_ENV.RATE_LIMITS)['*'];

type Book = { bids: Map<string, string>; asks: Map<string, string> };

function fold(book: Book, update: { Bids: string[][]; Asks: string[][] }): void {
  for (const [side, levels] of [[book.bids, update.Bids], [book.asks, update.Asks]] as const) {
    for (const [price, qty] of levels) {
      if (fixed(qty) === 0n) side.delete(price);
      else side.set(price, qty);
    }
  }
}

function sorted(side: Map<string, string>, descending: boolean): string[][] {
  return [...side.entries()].sort(([a], [b]) => (fixed(a) < fixed(b) ? -1 : 1) * (descending ? -1 : 1));
}

describe('public WebSocket: market data from the venue', () => {
  let server: TestServer;
  let ws: WsClient;
  let counterparty: Awaited<ReturnType<typeof newTrader>>;
  before(async () => {
    server = await startTestServer({ env: { ...TRADING_ENV, RATE_LIMITS: JSON.stringify({ '*': { ...LIMITS, marketData: [100000, 1000] } }) } });
    counterparty = await newTrader(server, 'Counter01');
    await fund(server, counterparty.portfolioId, 'BTC', '5');
    await fund(server, counterparty.portfolioId, 'USDT', '500000');
    ws = await WsClient.open(server.baseUrl, '/v1/public');
  });
  after(async () => {
    ws.close();
    await server.stop();
  });

  it('ORDER_BOOK: a snapshot then gapless updates that fold into exactly the venue book; BBO, TRADE, KLINE, TICKER agree', async () => {
    for (const [id, args] of [
      ['book', { channel: 'ORDER_BOOK', inst: [BTC] }],
      ['bbo', { channel: 'BBO', inst: [BTC] }],
      ['trade', { channel: 'TRADE', inst: [BTC] }],
      ['kline', { channel: 'KLINE', inst: [BTC], interval: '1m' }],
    ] as const) {
      assert.equal((await ws.request({ id, action: 'subscribe', args })).code, 200000);
    }
    const rng = newRng(7);
    const random = (n: number) => nextInt(rng, n);
    const open: string[] = [];
    const placedBy = new Map<string, typeof server.client>();
    let late: WsClient | undefined;
    for (let step = 0; step < 160; step++) {
      const client = random(2) ? server.client : counterparty.client;
      const choice = random(10);
      const side = random(2) ? 'BUY' : 'SELL';
      const qty = `0.0${1 + random(9)}`;
      if (choice < 5 || open.length === 0) {
        const price = String(side === 'BUY' ? 39_900 - random(10) * 10 : 40_000 + random(10) * 10);
        const placed = await client.post('/api/v1/trading/order', { sym: BTC, side, orderType: 'LIMIT', orderQty: qty, limitPrice: price });
        assert.equal(placed.code, 200000, placed.message);
        placedBy.set(placed.data.orderId, client);
        if (client === server.client) open.push(placed.data.orderId);
      } else if (choice < 7) {
        const crossing = await client.post('/api/v1/trading/order', { sym: BTC, side, orderType: 'MARKET', orderQty: qty });
        // 401043: it would have reached one of the client's own resting orders (self-trade prevention).
        if (crossing.code !== 401043) {
          assert.equal(crossing.code, 200000, crossing.message);
          placedBy.set(crossing.data.orderId, client);
        }
      } else if (choice < 8) {
        await server.client.put('/api/v1/trading/order', { orderId: open[random(open.length)], replaceQty: qty });
      } else {
        await server.client.delete('/api/v1/trading/order', { orderId: open.splice(random(open.length), 1)[0] });
        await tick(server);
      }
      if (step === 60) {
        late = await WsClient.open(server.baseUrl, '/v1/public');
        assert.equal((await late.request({ id: 'late', action: 'subscribe', args: { channel: 'ORDER_BOOK', inst: [BTC] } })).code, 200000);
      }
    }
    // Answered after every push queued before it on this socket.
    assert.equal((await ws.request({ id: 'sentinel', action: 'subscribe', args: { channel: 'TICKER', inst: [BTC] } })).code, 200000);
    assert.equal((await late!.request({ id: 'sentinel', action: 'subscribe', args: { channel: 'TICKER', inst: [BTC] } })).code, 200000);

    const pushes = ws.frames.map((f) => f.json).filter((m) => m?.arg);
    const bookPushes = pushes.filter((m) => m.arg.channel === 'ORDER_BOOK').map((m) => m.data);
    assert.equal(bookPushes[0].updatetype, 'snapshot');
    const book: Book = { bids: new Map(bookPushes[0].Bids), asks: new Map(bookPushes[0].Asks) };
    let seq = Number(bookPushes[0].seq);
    for (const update of bookPushes.slice(1)) {
      assert.equal(update.updatetype, 'update');
      assert.equal(Number(update.seq), ++seq, 'gapless seq');
      fold(book, update);
    }
    assert.ok(bookPushes.length > 100, `${bookPushes.length} book pushes`);
    const depth = await server.client.get('/api/v1/market/depth', { sym: BTC, limit: '1000' });
    assert.equal(depth.code, 200000);
    assert.deepEqual({ bids: sorted(book.bids, true), asks: sorted(book.asks, false) }, { bids: depth.data.bids, asks: depth.data.asks });

    const latePushes = late!.frames.map((f) => f.json).filter((m) => m?.arg?.channel === 'ORDER_BOOK').map((m) => m.data);
    const lateBook: Book = { bids: new Map(latePushes[0].Bids), asks: new Map(latePushes[0].Asks) };
    for (const update of latePushes.slice(1)) fold(lateBook, update);
    assert.deepEqual(latePushes.slice(1), bookPushes.filter((u) => Number(u.seq) > Number(latePushes[0].seq)), 'one sequence for all subscribers');
    assert.deepEqual(lateBook, book);

    const bbo = pushes.filter((m) => m.arg.channel === 'BBO').at(-1).data;
    assert.deepEqual([bbo.bid, bbo.bidqty, bbo.ask, bbo.askqty], [...depth.data.bids[0], ...depth.data.asks[0]]);

    const trades = pushes.filter((m) => m.arg.channel === 'TRADE').flatMap((m) => m.data);
    assert.ok(trades.length >= 10, `${trades.length} trades`);
    assert.equal(new Set(trades.map((t: any) => t.tradeid)).size, trades.length);
    const traded: Size = sum(trades.map((t: any) => fixed(t.qty)));
    let executed = 0n;
    for (const [orderId, client] of placedBy) executed += fixed((await client.get('/api/v1/trading/order', { orderId })).data.executedQty);
    assert.equal(executed, 2n * traded, 'each trade fills a taker and a maker');

    const candles = new Map<string, any[]>();
    for (const push of pushes.filter((m) => m.arg.channel === 'KLINE')) for (const row of push.data) candles.set(row[0], row);
    assert.equal(sum([...candles.values()].map((row) => fixed(row[5]))), traded);
    const klines = await server.client.get('/api/v1/market/klines', { sym: BTC, interval: '1m' });
    assert.deepEqual(klines.data.map((row: any[]) => row.slice(0, 6)), [...candles.values()].map((row) => row.slice(0, 6)));

    const ticker = pushes.filter((m) => m.arg.channel === 'TICKER').at(-1).data;
    assert.equal(ticker.last, trades.at(-1).price);
    assert.equal(ticker.vol24h, formatFixed(traded));
    const polled = await server.client.get('/api/v1/market/ticker', { sym: BTC });
    assert.deepEqual({ ...polled.data, ts: ticker.ts }, { sym: BTC, ...ticker });
    late!.close();
  });

  it('REST market data refuses bad input with its codes', async () => {
    const cases: [string, Record<string, string>, number][] = [
      ['/api/v1/market/depth', {}, 400009],
      ['/api/v1/market/depth', { sym: 'BINANCE_SPOT_NOPE_USDT' }, 401011],
      ['/api/v1/market/depth', { sym: 'nonsense' }, 400000],
      ['/api/v1/market/depth', { sym: BTC, limit: '0' }, 400007],
      ['/api/v1/market/depth', { sym: BTC, limit: '1001' }, 400007],
      ['/api/v1/market/klines', { sym: BTC }, 400009],
      ['/api/v1/market/klines', { sym: BTC, interval: '7m' }, 400000],
      ['/api/v1/market/klines', { sym: BTC, interval: '1m', startTime: '20', endTime: '10' }, 400004],
      ['/api/v1/market/ticker', { sym: BTC, extra: '1' }, 400000],
    ];
    for (const [path, params, code] of cases) {
      assert.equal((await server.client.get(path, params)).code, code, `${path} ${JSON.stringify(params)}`);
    }
  });
});
