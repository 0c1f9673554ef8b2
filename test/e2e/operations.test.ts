/**
 * The operators' endpoints through the real server: /health and /ready (open, for load balancers) and
 * /metrics (Prometheus text, behind the admin token), their refusals, and what the metrics show after
 * real traffic: requests by route and code, engine commands, gauges of engine state, WebSocket sessions.
 */
import assert from 'node:assert/strict';
import { readdirSync, statSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { handlers } from '../../src/engine/core/commands.ts';
import { rawRequest, signedRequest } from '../support/http.ts';
import { POSTGRES_URL, testSchema, type TestSchema } from '../support/postgres.ts';
import { scrape, scrapeUntil, type Scrape } from '../support/prometheus.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { TcpProxy } from '../support/tcp-proxy.ts';
import { BTC, TRADING_ENV, place, tick } from '../support/trading.ts';
import { openDemoPrivate, WsClient } from '../support/ws.ts';

const ORDER_ROUTE = { method: 'POST', route: '/api/v1/trading/order' };
const restingBuy = (clientOrderId: string) => ({ sym: BTC, side: 'BUY', orderType: 'LIMIT', orderQty: '0.01', limitPrice: '40000', clientOrderId });

async function get(server: TestServer, path: string, init: RequestInit = {}) {
  const response = await fetch(server.baseUrl + path, init);
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, json: () => JSON.parse(text) };
}

describe('GET /health and GET /ready', () => {
  let server: TestServer;
  let proxy: TcpProxy;
  let schema: TestSchema;

  before(async () => {
    // History on the machine's PostgreSQL through a proxy the test can cut: a store that is really unreachable.
    const target = new URL(POSTGRES_URL);
    proxy = await TcpProxy.open(target.hostname, Number(target.port || 5432));
    const proxied = new URL(POSTGRES_URL);
    proxied.port = String(proxy.port);
    schema = testSchema();
    server = await startTestServer({ env: { ...TRADING_ENV, DATABASE_URL: proxied.href, DATABASE_SCHEMA: schema.name } });
  });
  after(async () => {
    proxy.restore();
    await server.stop();
    await proxy.close();
    await schema.drop();
  });

  it('answers /health 200 {status:"ok"} and /ready 200 with every check ok, without credentials', async () => {
    const health = await get(server, '/health');
    assert.equal(health.status, 200);
    assert.deepEqual(health.json(), { status: 'ok' });
    assert.equal((await get(server, '/health', { method: 'HEAD' })).status, 200);
    const ready = await get(server, '/ready');
    assert.equal(ready.status, 200);
    assert.deepEqual(ready.json(), { status: 'ready', checks: { engine: 'ok', history: 'ok' } });
  });

  it('answers only their own paths and methods: 405 for another method, 400 for a parameter, 404 beside the path', async () => {
    for (const path of ['/health', '/ready', '/metrics']) {
      for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
        const answer = await get(server, path, { method, body: method === 'OPTIONS' ? undefined : '{}' });
        assert.equal(answer.status, 405, `${method} ${path}`);
        assert.equal(answer.headers.get('allow'), 'GET, HEAD');
        assert.deepEqual(answer.json(), { code: 400000, message: 'Invalid parameter — refer to the API documentation', data: null });
      }
    }
    for (const path of ['/health?verbose=1', '/ready?x=']) {
      const answer = await get(server, path);
      assert.equal(answer.status, 400, path);
      assert.deepEqual(answer.json(), { code: 400000, message: 'Invalid parameter — refer to the API documentation', data: null });
    }
    for (const path of ['/health/', '/healthz', '/ready/history', '/metrics/x', '/Health']) {
      const answer = await get(server, path);
      assert.equal(answer.status, 404, path);
      assert.equal(answer.json().code, 400000);
    }
  });

  it('is not ready while the history store is unreachable (alive all the same), and ready again once it answers', async () => {
    assert.equal((await server.client.get('/api/v1/trading/history/orders', {})).code, 200000); // connections to drop
    await proxy.cut();
    await new Promise((resolve) => setTimeout(resolve, 100)); // the server's idle connections hear of it
    const down = await get(server, '/ready');
    assert.equal(down.status, 503);
    assert.deepEqual(down.json(), { status: 'not ready', checks: { engine: 'ok', history: 'unreachable' } });
    assert.equal((await get(server, '/health')).status, 200);

    // The engine takes orders meanwhile; their events wait for the projection, which shows as lag.
    const lagBefore = (await scrape(server)).value('openconnex_history_projection_lag_commands');
    for (let i = 0; i < 3; i++) await place(server.client, { sym: BTC, side: 'BUY', orderType: 'LIMIT', timeInForce: 'IOC', orderQty: '0.01', limitPrice: '40000' });
    assert.equal((await scrape(server)).value('openconnex_history_projection_lag_commands'), lagBefore + 3);

    proxy.restore();
    const up = await get(server, '/ready');
    assert.equal(up.status, 200);
    assert.deepEqual(up.json(), { status: 'ready', checks: { engine: 'ok', history: 'ok' } });
    const history = await server.client.get('/api/v1/trading/history/orders', {});
    assert.equal(history.code, 200000);
    assert.equal((await scrape(server)).value('openconnex_history_projection_lag_commands'), 0, 'a history query waits for the projection');
  });
});

describe('GET /ready after the engine stopped taking writes', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.stop());

  it('answers 503 naming the engine once a rebuild after a bug has failed', async () => {
    const real = handlers.creditDeposit;
    // A bug that the rebuild meets again when it replays the journal's deposits: the engine cannot recover and stops.
    handlers.creditDeposit = () => {
      throw new Error('injected bug');
    };
    try {
      const deposit = await server.admin.call('POST', '/deposits', { portfolioId: server.demo.portfolioId, exchangeType: 'OKX', coin: 'SOL', amount: '1' });
      assert.equal(deposit.code, 500);
    } finally {
      handlers.creditDeposit = real;
    }
    const ready = await get(server, '/ready');
    assert.equal(ready.status, 503);
    assert.deepEqual(ready.json(), {
      status: 'not ready',
      checks: { engine: 'stopped: its state could not be rebuilt after a bug; restart the server', history: 'ok' },
    });
    assert.equal((await server.client.post('/api/v1/trading/portfolio', { name: 'Later01' })).code, 400011);
    const metrics = await scrape(server);
    assert.equal(metrics.count('openconnex_engine_commands_refused_total', { type: 'creditDeposit', code: '500' }), 1);
    assert.equal(metrics.count('openconnex_engine_commands_refused_total', { type: 'createPortfolio', code: '400011' }), 1);
    assert.equal((await get(server, '/health')).status, 200);
  });
});

describe('GET /metrics', () => {
  let server: TestServer;
  let clockOffsetMs = 0;
  before(async () => {
    server = await startTestServer({
      env: { ...TRADING_ENV, SNAPSHOT_EVERY: '1', SNAPSHOT_JOURNAL_PERCENT: '0' },
      clock: () => Date.now() + clockOffsetMs,
    });
  });
  after(() => server.stop());

  it('is refused (401, code 2000) without the admin token, to API credentials too', async () => {
    const attempts: Record<string, string>[] = [
      {},
      { authorization: 'Bearer ' },
      { authorization: `Bearer ${'x'.repeat(48)}` },
      { authorization: `Basic ${server.app.adminToken}` },
      { authorization: server.app.adminToken },
      signedRequest(server.demo, 'GET', '/metrics').headers!,
    ];
    for (const headers of attempts) {
      for (const method of ['GET', 'HEAD']) {
        const answer = await get(server, '/metrics', { method, headers });
        assert.equal(answer.status, 401, JSON.stringify(headers));
        assert.equal(answer.headers.get('www-authenticate'), 'Bearer');
        if (method === 'GET') assert.deepEqual(answer.json(), { code: 2000, message: 'API verification failed', data: null });
        else assert.equal(answer.text, '');
      }
    }
    const allowed = await scrape(server);
    assert.ok(allowed.value('process_cpu_user_seconds_total') > 0, 'the process defaults are there');
    assert.ok(allowed.value('nodejs_heap_size_used_bytes') > 0);
    assert.ok(allowed.find('nodejs_eventloop_lag_seconds') !== undefined);
  });

  it('counts requests by route, code and status, and commands applied and refused, after real orders', async () => {
    const before = await scrape(server);
    const ids = [];
    for (const clientOrderId of ['rest1', 'rest2', 'rest3']) ids.push(await place(server.client, restingBuy(clientOrderId)));
    await place(server.client, { ...restingBuy('ioc1'), timeInForce: 'IOC' });
    assert.equal((await server.client.post('/api/v1/trading/order', restingBuy('rest1'))).code, 401009, 'a clientOrderId in use: refused by the engine');
    assert.equal((await server.client.post('/api/v1/trading/order', { ...restingBuy('bad1'), orderQty: 'x' })).code, 401005, 'refused before the engine');
    assert.equal((await server.client.delete('/api/v1/trading/order', { orderId: ids[0] })).code, 200000);
    await tick(server); // the venue confirms the cancel
    assert.equal((await rawRequest(server.baseUrl, { method: 'GET', path: '/api/v1/nothing/here' })).status, 404);

    const after = await scrape(server);
    const moved = (name: string, labels: Record<string, string>) => after.count(name, labels) - before.count(name, labels);
    const requests = (code: string) => moved('openconnex_http_requests_total', { ...ORDER_ROUTE, code, status: '200' });
    assert.equal(requests('200000'), 4);
    assert.equal(requests('401009'), 1);
    assert.equal(requests('401005'), 1);
    assert.equal(moved('openconnex_http_request_duration_seconds_count', ORDER_ROUTE), 6);
    assert.ok(after.value('openconnex_http_request_duration_seconds_sum', ORDER_ROUTE) > before.count('openconnex_http_request_duration_seconds_sum', ORDER_ROUTE));
    assert.equal(moved('openconnex_http_requests_total', { method: 'DELETE', route: '/api/v1/trading/order', code: '200000', status: '200' }), 1);
    assert.equal(moved('openconnex_http_requests_total', { route: 'unmatched', code: '400000', status: '404' }), 1);

    assert.equal(moved('openconnex_engine_commands_applied_total', { type: 'placeOrder' }), 4);
    assert.equal(moved('openconnex_engine_commands_refused_total', { type: 'placeOrder', code: '401009' }), 1);
    assert.equal(moved('openconnex_engine_commands_applied_total', { type: 'cancelOrder' }), 1);
    assert.equal(moved('openconnex_engine_commands_applied_total', { type: 'tick' }), 1);
    assert.ok(moved('openconnex_journal_write_duration_seconds_count', {}) >= 1, 'each applied command was written to the journal');
    assert.ok(after.value('openconnex_journal_write_duration_seconds_sum') > 0);

    const open = await server.client.get('/api/v1/trading/orders', { sym: BTC });
    assert.deepEqual(open.data.list.map((o: any) => o.clientOrderId).sort(), ['rest2', 'rest3']);
    assert.equal(after.value('openconnex_open_orders'), 2);
  });

  it('shows users and client portfolios as the engine has them', async () => {
    const count = async () => {
      const metrics = await scrape(server);
      return { users: metrics.value('openconnex_users'), portfolios: metrics.value('openconnex_portfolios') };
    };
    const users = (await server.admin.call('GET', '/users')).data.length;
    const portfolios = (await server.client.get('/api/v1/trading/portfolio', {})).data.totalSize;
    assert.deepEqual(await count(), { users, portfolios });
    assert.equal((await server.client.post('/api/v1/trading/portfolio', { name: 'Gauges01' })).code, 200000);
    assert.equal((await server.admin.call('POST', '/users', { name: 'another fund' })).code, 200000);
    assert.deepEqual(await count(), { users: users + 1, portfolios: portfolios + 2 });
  });

  it('shows the newest snapshot: its size as on disk, its age by the server clock; and no projection lag once history is read', async () => {
    await place(server.client, { ...restingBuy('snap1'), timeInForce: 'IOC' });
    assert.equal((await server.client.get('/api/v1/trading/history/orders', {})).code, 200000);
    const engine = await server.admin.call('GET', '/engine');
    const name = `snapshot-${String(engine.data.snapshotSeq).padStart(12, '0')}.json`;
    await waitFor(() => readdirSync(join(server.dataDir, 'engine')).includes(name));
    const file = join(server.dataDir, 'engine', name);
    const header = readFileSync(file).indexOf(0x0a) + 1;
    // An hour later by the server's clock (no signed request from here on: its nonce would be out of the window).
    clockOffsetMs = 3_600_000;
    const started = Date.now();
    const metrics = await scrape(server);
    assert.equal(metrics.value('openconnex_snapshot_size_bytes'), statSync(file).size - header);
    const age = metrics.value('openconnex_snapshot_age_seconds');
    assert.ok(age >= 3600 && age <= 3600 + (Date.now() - started) / 1000 + 5, `age ${age}`);
    assert.equal(metrics.value('openconnex_history_projection_lag_commands'), 0);
    clockOffsetMs = 0;
  });

  it('counts WebSocket connections by stream (test/e2e/ws-slow-consumer.test.ts: slow consumers dropped)', async () => {
    const connections = (metrics: Scrape, stream: string) => metrics.value('openconnex_ws_connections', { stream });
    const publicA = await WsClient.open(server.baseUrl, '/v1/public');
    const publicB = await WsClient.open(server.baseUrl, '/v1/public');
    const privateA = await openDemoPrivate(server);
    let metrics = await scrapeUntil(server, (m) => connections(m, '/v1/public') === 2 && connections(m, '/v1/private') === 1);
    assert.deepEqual(['/v1/public', '/v1/private', '/v1/private-algo'].map((stream) => connections(metrics, stream)), [2, 1, 0]);
    assert.equal(metrics.value('openconnex_ws_slow_consumer_drops_total', { stream: '/v1/public' }), 0);
    privateA.close();
    publicA.close();
    metrics = await scrapeUntil(server, (m) => connections(m, '/v1/public') === 1 && connections(m, '/v1/private') === 0);
    assert.deepEqual(['/v1/public', '/v1/private'].map((stream) => connections(metrics, stream)), [1, 0]);
    publicB.close();
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
