import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { scrapeUntil, type Scrape } from '../support/prometheus.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { WsClient } from '../support/ws.ts';

const BASES = ['BTC', 'ETH', 'SOL', 'BNB', 'XRP', 'DOGE', 'ADA', 'AVAX', 'LINK', 'LTC'];
const SYMS = ['BINANCE', 'OKX'].flatMap((venue) => BASES.map((base) => `${venue}_SPOT_${base}_USDT`));

describe('WebSocket: a slow consumer', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ env: { WS_MAX_BUFFERED_BYTES: String(256 * 1024) } });
  });
  after(() => server.stop());

  it('is disconnected with a reason once its send buffer is full, while others are served', async () => {
    const slow = await WsClient.open(server.baseUrl, '/v1/public');
    const healthy = await WsClient.open(server.baseUrl, '/v1/public');
    const tcp = (slow.socket as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    tcp.pause();
    // Each round asks for about 5 KB (20 book snapshots and two acknowledgements), far past any socket buffer in
    // 4 000 rounds; the slow client reads none of it.
    for (let round = 0; round < 4000 && !slow.closed; round++) {
      slow.send({ id: `s${round}`, action: 'subscribe', args: { channel: 'ORDER_BOOK', inst: SYMS } });
      slow.send({ id: `u${round}`, action: 'unsubscribe', args: { channel: 'ORDER_BOOK', inst: SYMS } });
      if (round % 200 === 0) {
        const answer = await healthy.request({ id: `h${round}`, action: 'subscribe', args: { channel: 'BBO', inst: [SYMS[0]] } });
        assert.equal(answer.code, 200000);
      }
    }
    tcp.resume();
    const closed = await slow.waitClosed();
    assert.equal(closed.code, 4008);
    assert.equal(closed.reason, 'slow consumer: send buffer full');
    const publicConnections = (metrics: Scrape) => metrics.value('openconnex_ws_connections', { stream: '/v1/public' });
    const metrics = await scrapeUntil(server, (m) => publicConnections(m) === 1);
    assert.equal(publicConnections(metrics), 1);
    assert.equal(metrics.value('openconnex_ws_slow_consumer_drops_total', { stream: '/v1/public' }), 1, 'the operator sees the drop');
    healthy.send('ping');
    assert.equal((await healthy.next((f) => f.text === 'pong')).text, 'pong');
    healthy.close();
  });
});
