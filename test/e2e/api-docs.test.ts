import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { MESSAGES } from '../../src/catalogue/index.ts';
import { privateActions } from '../../src/ws/private/order-actions.ts';
import { CHANNELS } from '../../src/ws/public/topics.ts';
import { STREAM_PATHS } from '../../src/ws/routes.ts';
import { restMismatch } from '../support/documented.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { BTC, TRADING_ENV, fund, newTrader, place, tick } from '../support/trading.ts';
import { openDemoPrivate, WsClient } from '../support/ws.ts';

type Json = Record<string, any>;

/** Every route fastify serves, as "METHOD /path", from its route tree (HEAD is GET's). */
function servedRoutes(server: TestServer): string[] {
  const stack: string[] = [];
  const routes: string[] = [];
  for (const line of server.app.http.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│ ]*)[├└]── (.*) \(([A-Z, ]+)\)$/.exec(line);
    if (!match) continue;
    stack.length = match[1].length / 4;
    stack.push(match[2]);
    for (const method of match[3].split(', ')) if (method !== 'HEAD') routes.push(`${method} ${stack.join('')}`);
  }
  return routes;
}

describe('API documents: /openapi.json, /asyncapi.json and /docs', () => {
  let server: TestServer;
  let openApi: Json;
  let asyncApi: Json;
  const operations = () => Object.entries<Json>(openApi.paths).flatMap(([path, methods]) => Object.entries<Json>(methods).map(([method, operation]) => ({ path, method, operation })));

  before(async () => {
    server = await startTestServer({ env: TRADING_ENV });
    openApi = (await (await fetch(`${server.baseUrl}/openapi.json`)).json()) as Json;
    asyncApi = (await (await fetch(`${server.baseUrl}/asyncapi.json`)).json()) as Json;
  });
  after(() => server.stop());

  it('documents every route the server answers, and nothing it does not', () => {
    const streams = Object.values<Json>(asyncApi.channels).map((channel) => channel.address);
    const undocumented = servedRoutes(server).filter((route) => {
      const [method, path] = route.split(' ');
      if (path === '/docs' || path.startsWith('/docs/')) return false; // the page itself
      if (method === 'GET' && streams.includes(path)) return false;
      const methods = openApi.paths[path];
      if (methods?.[method.toLowerCase()]) return false;
      return !(methods?.get?.['x-other-methods'] === 405);
    });
    assert.deepEqual(undocumented, []);
    assert.deepEqual(streams.sort(), Object.values(STREAM_PATHS).sort());
    for (const { path, method } of operations()) assert.ok(server.app.http.hasRoute({ method: method.toUpperCase() as 'GET', url: path }), `${method} ${path}`);
    assert.ok(operations().length >= 37);
  });

  it('says of each operation who may call it, its limit, its codes and its answer', () => {
    const ajv = new Ajv2020({ strict: true });
    ajv.addVocabulary(['x-codes', 'example']);
    for (const { path, method, operation } of operations()) {
      const name = `${method} ${path}`;
      assert.ok(operation.summary && operation.tags?.length === 1, name);
      assert.ok(openApi.tags.some((tag: Json) => tag.name === operation.tags[0]), name);
      assert.ok(operation['x-codes'].length > 0 && operation['x-codes'].every((code: number) => code in MESSAGES), name);
      for (const response of Object.values<Json>(operation.responses)) {
        for (const media of Object.values<Json>(response.content)) if (media.schema) ajv.compile(media.schema);
      }
      if (path.startsWith('/api/v1/')) {
        assert.deepEqual(operation.security, [{ apiKey: [], nonce: [], signature: [] }], name);
        assert.ok(['READ', 'TRADE', 'TRANSFER', 'WITHDRAW'].includes(operation['x-permission']), name);
        assert.ok(['any', 'primary', 'portfolio'].includes(operation['x-key-scope']), name);
        assert.equal(operation['x-rate-group'] !== undefined, operation.responses['429'] !== undefined, name);
        assert.ok(operation['x-codes'].includes(2000) && operation['x-codes'].includes(400000), name);
      }
      if (path.startsWith('/admin/v1/')) {
        assert.deepEqual([operation.tags, operation.security], [['Admin'], [{ adminToken: [] }]], name);
      }
    }
    const ids = operations().map(({ operation }) => operation.operationId);
    assert.equal(new Set(ids).size, ids.length, 'operationIds are unique');
    assert.ok(ids.every((id) => /^[A-Za-z0-9]+$/.test(id)), ids.join(' '));
    const place = openApi.paths['/api/v1/trading/order'].post;
    assert.equal(place['x-rate-group'], 'orderWrite');
    assert.deepEqual(place['x-rate-limit'], { mainPortfolioKey: { calls: 1200, windowMs: 60_000 }, tradingPortfolioKey: { calls: 20, windowMs: 10_000 } });
    const body = place.requestBody.content['application/json'].schema;
    assert.deepEqual(Object.keys(body.properties), ['portfolioId', 'clientOrderId', 'sym', 'side', 'orderType', 'timeInForce', 'orderQty', 'limitPrice', 'quoteOrderQty', 'reduceOnly', 'positionSide', 'syncMode', 'tpTriggerPrice', 'tpTriggerType', 'tpPrice', 'slTriggerPrice', 'slTriggerType', 'slPrice', 'closeAllPos', 'exchangeType', 'symList']);
    assert.deepEqual(body.required, ['sym', 'side']);
    assert.deepEqual(body.properties.side.enum, ['BUY', 'SELL']);
    assert.deepEqual(body.properties.side['x-codes'], [400009, 401002]);
    assert.deepEqual(body.properties.sym.examples, ['BINANCE_SPOT_BTC_USDT']);
    const statement = openApi.paths['/api/v1/trading/statement'].get.parameters.map((p: Json) => p.name);
    assert.deepEqual(statement, ['portfolioId', 'coin', 'sym', 'statementType', 'exchange', 'startTime', 'endTime', 'page', 'pageNum', 'pageSize']);
  });

  it('every operation, called with no fields, answers as documented', async () => {
    for (const { path, method } of operations()) {
      const upper = method.toUpperCase();
      if (path.startsWith('/api/v1/')) await server.client.send(upper, path, {});
      else if (path.startsWith('/admin/v1/')) await server.admin.call(upper as 'GET' | 'POST', path.slice('/admin/v1'.length));
      else {
        const response = await fetch(server.baseUrl + path, { headers: { authorization: `Bearer ${server.app.adminToken}` } });
        const type = response.headers.get('content-type') ?? '';
        const body = type.startsWith('application/json') ? await response.json() : await response.text();
        if (type.startsWith('application/json')) assert.equal(await restMismatch(server.baseUrl, upper, path, response.status, body), null);
        else assert.equal(response.status, 200, path);
      }
    }
  });

  it('the page at /docs loads from this server only', async () => {
    const page = await fetch(`${server.baseUrl}/docs/`);
    assert.equal(page.status, 200);
    assert.match(page.headers.get('content-type') ?? '', /^text\/html/);
    const html = await page.text();
    assert.doesNotMatch(html, /https?:\/\//, 'no asset from elsewhere');
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    assert.ok(assets.some((asset) => asset.endsWith('swagger-ui-bundle.js')));
    for (const asset of assets) assert.equal((await fetch(new URL(asset, `${server.baseUrl}/docs/`))).status, 200, asset);
    const initializer = await (await fetch(`${server.baseUrl}/docs/static/swagger-initializer.js`)).text();
    assert.match(initializer, /resolveUrl\('\.\/json'\)/);
    assert.deepEqual(await (await fetch(`${server.baseUrl}/docs/json`)).json(), openApi);
  });

  it('the documents answer only their own paths and methods, never a 5xx', async () => {
    const answers: Record<string, number> = {};
    for (const [method, path] of [
      ['POST', '/openapi.json'],
      ['PUT', '/asyncapi.json'],
      ['GET', '/openapi.json?page=1'],
      ['GET', '/openapi.json/x'],
      ['DELETE', '/docs'],
      ['POST', '/docs/json'],
      ['GET', '/docs/nothing'],
      ['GET', '/docs/static/nothing.js'],
      ['GET', '/docs/static/../../package.json'],
      ['GET', '/docs/static/%2e%2e/%2e%2e/package.json'],
      ['GET', '/docs/static/..%2f..%2fpackage.json'],
      ['GET', `/docs/${'x'.repeat(5000)}`],
    ]) {
      const response = await fetch(server.baseUrl + path, { method });
      answers[`${method} ${path.slice(0, 40)}`] = response.status;
      assert.deepEqual((await response.json()).data, null, path);
    }
    assert.deepEqual(answers, {
      'POST /openapi.json': 405,
      'PUT /asyncapi.json': 405,
      'GET /openapi.json?page=1': 400,
      'GET /openapi.json/x': 404,
      'DELETE /docs': 404,
      'POST /docs/json': 404,
      'GET /docs/nothing': 404,
      'GET /docs/static/nothing.js': 404,
      'GET /docs/static/../../package.json': 404,
      'GET /docs/static/%2e%2e/%2e%2e/package.json': 404,
      'GET /docs/static/..%2f..%2fpackage.json': 404,
      [`GET /docs/${'x'.repeat(34)}`]: 404,
    });
    // A path that is not valid percent-encoding is refused before any route (every path alike): 400 with the envelope.
    for (const path of ['/docs/%ff%fe', '/docs/%', '/openapi.json%']) assert.equal((await fetch(server.baseUrl + path)).status, 400, path);
  });

  it('AsyncAPI: every stream, action and channel; live frames match it', async () => {
    assert.equal(asyncApi.asyncapi, '3.0.0');
    for (const action of Object.keys(privateActions)) assert.equal(asyncApi.operations[`private.${action}`]?.action, 'receive', action);
    for (const channel of CHANNELS) assert.equal(asyncApi.operations[`public.push.${channel}`]?.action, 'send', channel);
    for (const push of ['Orders', 'Executions', 'Assets']) assert.equal(asyncApi.operations[`private.${push}`]?.action, 'send', push);

    const seller = await newTrader(server, 'DocsSeller');
    await fund(server, seller.portfolioId, 'BTC', '1');
    const market = await WsClient.open(server.baseUrl, STREAM_PATHS.public);
    const subscribed = await market.request({ id: 's', action: 'subscribe', args: { channel: 'ORDER_BOOK', inst: [BTC] } });
    assert.equal(subscribed.code, 200000);
    for (const channel of ['BBO', 'TRADE', 'TICKER']) assert.equal((await market.request({ id: channel, action: 'subscribe', args: { channel, inst: [BTC] } })).code, 200000);
    assert.equal((await market.request({ id: 'k', event: 'subscribe', arg: [{ channel: 'KLINE', sym: BTC, interval: '1m' }] })).code, 200000);
    assert.equal((await market.request({ id: 'bad', action: 'subscribe', args: { channel: 'NOPE', inst: [BTC] } })).code, 601006);

    const ws = await openDemoPrivate(server);
    const placed = await ws.request({ id: 'p', action: 'place_order', args: { sym: BTC, side: 'BUY', orderQty: '0.01', limitPrice: '40000' } });
    assert.equal(placed.code, 200000);
    await place(seller.client, { sym: BTC, side: 'SELL', orderQty: '0.01', limitPrice: '40000' });
    await tick(server);
    for (const channel of ['Orders', 'Executions', 'Assets']) await ws.find((frame) => frame.json?.channel === channel);
    for (const channel of ['ORDER_BOOK', 'BBO', 'TRADE', 'KLINE', 'TICKER']) await market.find((frame) => frame.json?.arg?.channel === channel);
    assert.equal((await ws.request({ id: 'c', action: 'cancel_order', args: {} })).code, 401008);
    market.close();
    ws.close();
  });
});
