import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { wsLoginMessage } from '../../src/client/ws-login.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { WsClient } from '../support/ws.ts';

const now = () => String(Math.floor(Date.now() / 1000));

describe('private WebSocket: login, heartbeat, bad input, Assets', () => {
  let server: TestServer;
  const open: WsClient[] = [];
  const connect = async (path = '/v1/private') => {
    const client = await WsClient.open(server.baseUrl, path);
    open.push(client);
    return client;
  };
  const credentials = () => ({ apiKey: server.demo.apiKey, secretKey: server.demo.secretKey });
  const loginAs = async (client: WsClient, options: { onlyTrade?: boolean } = {}) =>
    client.request({ id: 'login', ...wsLoginMessage(credentials(), options) });

  before(async () => {
    server = await startTestServer({ env: { RATE_LIMITS: JSON.stringify({ '*': { wsLogin: [1000, 1000] } }) } });
  });
  after(async () => {
    for (const client of open) client.close();
    await server.stop();
  });

  it('logs in with a signed message and answers in the envelope grammar', async () => {
    const client = await connect();
    const answer = await loginAs(client);
    assert.deepEqual(answer, { id: 'login', event: 'login', code: 200000, msg: 'Success', data: null });
  });

  it('gives each login failure its 601xxx code and stays usable', async () => {
    const client = await connect();
    const base = wsLoginMessage(credentials()).args;
    const cases: [Record<string, unknown>, number][] = [
      [{ timestamp: base.timestamp, sign: base.sign }, 601008],
      [{ apiKey: 'nope', timestamp: base.timestamp, sign: base.sign }, 601007],
      [{ apiKey: base.apiKey, sign: base.sign }, 601017],
      [{ apiKey: base.apiKey, timestamp: base.timestamp }, 601018],
      [{ apiKey: base.apiKey, timestamp: String(Number(now()) - 120), sign: base.sign }, 601016],
      [{ apiKey: base.apiKey, timestamp: 'yesterday', sign: base.sign }, 601016],
      [{ ...base, sign: '0'.repeat(64) }, 601009],
      [{ ...base, extra: 1 }, 601001],
    ];
    for (const [i, [args, code]] of cases.entries()) {
      const answer = await client.request({ id: `c${i}`, action: 'login', args });
      assert.equal(answer.code, code, JSON.stringify(args));
      assert.equal(answer.event, 'error');
    }
    assert.equal((await loginAs(client)).code, 200000);
  });

  it('answers bad frames with their 601xxx code and keeps the connection', async () => {
    const client = await connect();
    client.send('{not json');
    assert.equal((await client.next()).json.code, 601004);
    client.send('[1,2]');
    assert.equal((await client.next()).json.code, 601004);
    client.send(JSON.stringify({ id: 'x', action: 'login', args: { pad: 'y'.repeat(20_000) } }));
    assert.equal((await client.next()).json.code, 601001);
    assert.equal((await client.request({ id: 'n', args: {} })).code, 601008);
    assert.equal((await client.request({ id: 'b', action: true })).code, 601001);
    assert.equal((await client.request({ id: 'p', action: 'place_order', args: {} })).code, 601011);
    assert.equal((await client.request({ id: 'u', action: 'fly', args: {} })).code, 601011);
    assert.equal((await loginAs(client)).code, 200000);
    assert.equal((await client.request({ id: 'u2', action: 'fly', args: {} })).code, 601011);
    assert.equal((await client.request({ id: 'again', ...wsLoginMessage(credentials()) })).code, 601011);
    assert.deepEqual(await client.request({ id: 's', action: 'subscribe', args: { channel: 'order' } }), {
      id: 's', event: 'subscribe', code: 200000, msg: 'Success', data: { channel: 'order' },
    });
  });

  it('pushes Assets for every balance change of the key\'s portfolio, and none with onlyTrade', async () => {
    const pushed = await connect();
    await loginAs(pushed);
    const quiet = await connect();
    await loginAs(quiet, { onlyTrade: true });
    const other = await server.admin.call('POST', '/users', { name: 'other' });
    const otherClient = await connect();
    await otherClient.request({ id: 'login', ...wsLoginMessage({ apiKey: other.data.apiKey, secretKey: other.data.secretKey }) });

    const before = await server.client.get('/api/v1/trading/portfolio', {});
    assert.equal(before.code, 200000);
    for (const amount of ['1.5', '2.25']) {
      const deposit = await server.admin.call('POST', '/deposits', { portfolioId: server.demo.portfolioId, exchangeType: 'OKX', coin: 'SOL', amount });
      assert.equal(deposit.code, 200000);
    }
    const first = (await pushed.next((f) => f.json?.channel === 'Assets')).json;
    const second = (await pushed.next((f) => f.json?.channel === 'Assets')).json;
    assert.deepEqual(
      [first.data.available, second.data.available],
      ['1.5', '3.75'],
    );
    assert.equal(second.data.portfolioId, server.demo.portfolioId);
    assert.equal(second.data.exchangeType, 'OKX');
    assert.equal(second.data.coin, 'SOL');
    assert.equal(second.data.frozen, '0');

    quiet.send('ping');
    await quiet.next((f) => f.text === 'pong');
    otherClient.send('ping');
    await otherClient.next((f) => f.text === 'pong');
    assert.ok(!quiet.frames.some((f) => f.json?.channel), 'onlyTrade gets no pushes');
    assert.ok(!otherClient.frames.some((f) => f.json?.channel), 'another user sees nothing of this portfolio');
  });

  it('closes the sessions of a key when it is frozen', async () => {
    const other = await server.admin.call('POST', '/users', { name: 'frozen' });
    const client = await connect();
    await client.request({ id: 'login', ...wsLoginMessage({ apiKey: other.data.apiKey, secretKey: other.data.secretKey }) });
    await server.admin.call('POST', '/keys/freeze', { apiKey: other.data.apiKey });
    assert.equal((await client.waitClosed()).code, 4003);
    const again = await connect();
    const answer = await again.request({ id: 'login', ...wsLoginMessage({ apiKey: other.data.apiKey, secretKey: other.data.secretKey }) });
    assert.equal(answer.code, 100041);
  });
});

describe('private WebSocket: heartbeat', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ env: { WS_IDLE_MS: '300' } });
  });
  after(() => server.stop());

  it('answers ping with pong and closes a connection idle for WS_IDLE_MS', async () => {
    const client = await WsClient.open(server.baseUrl, '/v1/private');
    client.send('ping');
    assert.equal((await client.next()).text, 'pong');
    const closed = await client.waitClosed();
    assert.deepEqual(closed, { code: 4001, reason: 'idle timeout' });
  });
});

describe('private WebSocket: login rate', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer();
  });
  after(() => server.stop());

  it('allows one login per second per key and stream (601010 past that)', async () => {
    const credentials = { apiKey: server.demo.apiKey, secretKey: server.demo.secretKey };
    const [a, b, algo] = await Promise.all(['/v1/private', '/v1/private', '/v1/private-algo'].map((path) => WsClient.open(server.baseUrl, path)));
    const message = wsLoginMessage(credentials);
    const answers = [await a.request({ id: '1', ...message }), await b.request({ id: '2', ...message })];
    assert.deepEqual(answers.map((x) => x.code).sort(), [200000, 601010]);
    assert.equal((await algo.request({ id: '3', ...message })).code, 200000);
    for (const client of [a, b, algo]) client.close();
  });
});

describe('private WebSocket: action limits and permissions', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ env: { RATE_LIMITS: JSON.stringify({ '*': { wsPlace: [1, 60_000], portfolioManage: [100, 1000] } }) } });
  });
  after(() => server.stop());

  it('limits order actions per key (100429) and needs the TRADE permission (2002)', async () => {
    const credentials = { apiKey: server.demo.apiKey, secretKey: server.demo.secretKey };
    const client = await WsClient.open(server.baseUrl, '/v1/private');
    assert.equal((await client.request({ id: 'login', ...wsLoginMessage(credentials) })).code, 200000);
    const order = { sym: 'BINANCE_SPOT_BTC_USDT', side: 'BUY', orderType: 'LIMIT', orderQty: '0.01', limitPrice: '40000' };
    assert.equal((await client.request({ id: '1', action: 'place_order', args: order })).code, 200000);
    assert.equal((await client.request({ id: '2', action: 'place_order', args: order })).code, 100429);
    client.close();

    const portfolio = await server.client.post('/api/v1/trading/portfolio', { name: 'Reader01' });
    const key = await server.client.post('/api/v1/apiKey/portfolio', { portfolioId: portfolio.data.portfolioId, apiName: 'reader', permission: 'READ' });
    assert.equal(key.code, 200000, key.message);
    const reader = await WsClient.open(server.baseUrl, '/v1/private');
    assert.equal((await reader.request({ id: 'login', ...wsLoginMessage({ apiKey: key.data.accessKey, secretKey: key.data.secretKey }) })).code, 200000);
    assert.equal((await reader.request({ id: '3', action: 'cancel_orders', args: {} })).code, 2002);
    reader.close();
  });
});
