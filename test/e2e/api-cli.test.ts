import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { writeDemoCredentials } from '../../src/ops/bootstrap.ts';
import { createPortfolio } from '../support/accounts.ts';
import { runApiCli } from '../support/process.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { BTC } from '../support/trading.ts';

describe('a signed call in one line (npm run api)', () => {
  let server: TestServer;
  /** The server found as `npm start` left it: HOST and PORT, the demo key in DATA_DIR; no other credentials. */
  let demoEnv: Record<string, string>;
  const api = async (args: string[], env = demoEnv) => {
    const result = await runApiCli(args, env);
    return { ...result, json: result.stdout ? JSON.parse(result.stdout) : undefined };
  };

  before(async () => {
    server = await startTestServer();
    writeDemoCredentials(server.dataDir, server.demo);
    const { port } = new URL(server.baseUrl);
    demoEnv = { HOST: '127.0.0.1', PORT: port, DATA_DIR: server.dataDir, OPENCONNEX_URL: '', OPENCONNEX_API_KEY: '', OPENCONNEX_SECRET_KEY: '' };
  });
  after(() => server.stop());

  it('GET with the demo credentials prints the answer and exits 0', async () => {
    const result = await api(['GET', '/api/v1/trading/portfolio/assets']);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(result.json, await server.client.get('/api/v1/trading/portfolio/assets'));
    assert.ok(result.json.data.list.some((row: any) => row.exchangeType === 'BINANCE' && row.coin === 'USDT' && row.available === '1000000'));
    assert.match(result.stdout, /^\{\n {2}"code": 200000,\n/, 'pretty JSON');
  });

  it('POST sends the values as text: the order rests as written and its quote is frozen', async () => {
    const result = await api(['POST', '/api/v1/trading/order', `sym=${BTC}`, 'side=BUY', 'orderQty=0.001', 'limitPrice=50000', 'clientOrderId=cli0001']);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const { orderId } = result.json.data;
    const order = await server.client.get('/api/v1/trading/order', { orderId });
    assert.deepEqual([order.data.clientOrderId, order.data.orderState, order.data.orderQty, order.data.limitPrice], ['cli0001', 'OPEN', '0.001', '50000']);
    const detail = await api(['GET', '/api/v1/trading/order', `orderId=${orderId}`]);
    assert.deepEqual(detail.json, order);
    const cancelled = await api(['DELETE', '/api/v1/trading/order', `orderId=${orderId}`]);
    assert.equal(cancelled.code, 0, cancelled.stdout);
    assert.equal(cancelled.json.data.orderId, orderId);
  });

  it('name:=number sends a JSON number as written; given credentials by flags or env; server by --base-url or OPENCONNEX_URL', async () => {
    const portfolioId = await createPortfolio(server.client, 'CliPortfolio1');
    const created = await api(['POST', '/api/v1/apiKey/portfolio', `portfolioId:=${portfolioId}`, 'apiName=cli', 'permission=READ']);
    assert.equal(created.code, 0, created.stdout + created.stderr);
    const { accessKey, secretKey } = created.json.data;
    assert.equal(created.json.data.portfolioId, Number(portfolioId));

    const elsewhere = { DATA_DIR: '/nonexistent', PORT: '1' };
    const byFlags = await api(['--base-url', `${server.baseUrl}/`, '--api-key', accessKey, '--secret-key', secretKey, 'GET', '/api/v1/user/asset'], elsewhere);
    assert.equal(byFlags.code, 0, byFlags.stderr);
    assert.deepEqual(Object.keys(byFlags.json.data), [portfolioId]);
    const byEnv = await api(['get', '/api/v1/user/asset'], { ...elsewhere, OPENCONNEX_URL: server.baseUrl, OPENCONNEX_API_KEY: accessKey, OPENCONNEX_SECRET_KEY: secretKey });
    assert.equal(byEnv.code, 0, byEnv.stderr);
    assert.deepEqual(byEnv.json, byFlags.json);
  });

  it('exits 1 with the envelope when the server refuses', async () => {
    const noSide = await api(['POST', '/api/v1/trading/order', `sym=${BTC}`, 'orderQty=0.001', 'limitPrice=50000']);
    assert.equal(noSide.code, 1);
    assert.equal(noSide.json.code, 400009);
    const wrongSecret = await api(['--api-key', server.demo.apiKey, '--secret-key', 'f'.repeat(64), 'GET', '/api/v1/trading/portfolio/assets']);
    assert.equal(wrongSecret.code, 1);
    assert.deepEqual(wrongSecret.json, { code: 2000, message: 'API verification failed', data: null });
    const unknownPath = await api(['GET', '/api/v1/nothing/here']);
    assert.equal(unknownPath.code, 1);
    assert.equal(unknownPath.json.code, 400000);
  });

  it('exits 2 with the usage on a usage error, changing nothing', async () => {
    const before = await server.client.get('/api/v1/trading/orders');
    const wrong = [
      [],
      ['GET'],
      ['FETCH', '/api/v1/trading/orders'],
      ['GET', 'api/v1/trading/orders'],
      ['GET', '/api/v1/trading/orders?sym=X'],
      ['POST', '/api/v1/trading/order', 'sym'],
      ['POST', '/api/v1/trading/order', '=BUY'],
      ['POST', '/api/v1/trading/order', 'side=BUY', 'side=SELL'],
      ['POST', '/api/v1/apiKey/portfolio', 'portfolioId:=12a'],
      ['--secret', 'x', 'GET', '/api/v1/trading/orders'],
      ['GET', '/api/v1/trading/orders', '--api-key'],
      ['--api-key', server.demo.apiKey, 'GET', '/api/v1/trading/orders'],
    ];
    for (const args of wrong) {
      const result = await api(args);
      assert.equal(result.code, 2, args.join(' '));
      assert.equal(result.stdout, '', args.join(' '));
      assert.match(result.stderr, /usage: npm run api/, args.join(' '));
    }
    const noCredentials = await api(['GET', '/api/v1/trading/orders'], { ...demoEnv, DATA_DIR: '/nonexistent' });
    assert.equal(noCredentials.code, 2);
    assert.match(noCredentials.stderr, /no credentials/);
    assert.deepEqual(await server.client.get('/api/v1/trading/orders'), before);
    const help = await runApiCli(['--help'], demoEnv);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^usage: npm run api/);
  });

  it('exits 1 with a message when no server answers', async () => {
    const result = await runApiCli(['GET', '/api/v1/trading/orders'], { ...demoEnv, OPENCONNEX_URL: 'http://127.0.0.1:1' });
    assert.equal(result.code, 1);
    assert.match(result.stderr, /^api: /);
  });
});
