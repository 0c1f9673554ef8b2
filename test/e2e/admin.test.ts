import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { AdminClient, ConnexClient } from '../../src/client/connex-client.ts';
import { rawRequest } from '../support/http.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

type Case = [what: string, method: 'GET' | 'POST', path: string, params: Record<string, string>, code: number];

describe('admin API (/admin/v1)', () => {
  let server: TestServer;
  const engineStatus = async () => (await server.admin.call('GET', '/engine')).data;

  before(async () => {
    server = await startTestServer();
  });
  after(() => server.stop());

  it('answers 2000 without the right bearer token', async () => {
    const headers: Record<string, string>[] = [{}, { authorization: 'Bearer ' }, { authorization: `Bearer ${randomBytes(24).toString('hex')}` }, { authorization: `Basic ${server.app.adminToken}` }, { authorization: server.app.adminToken }];
    for (const h of headers) {
      for (const [method, path] of [['GET', '/admin/v1/users'], ['POST', '/admin/v1/users']]) {
        const response = await rawRequest(server.baseUrl, { method, path, headers: { 'content-type': 'application/json', ...h }, body: method === 'POST' ? '{"name":"intruder"}' : undefined });
        assert.deepEqual(response, { status: 200, body: { code: 2000, message: 'API verification failed', data: null } }, JSON.stringify(h));
      }
    }
    const users = await server.admin.call('GET', '/users');
    assert.deepEqual(users.data.map((u: any) => u.name), ['demo']);
    const wrongToken = new AdminClient(server.baseUrl, 'x'.repeat(48));
    assert.equal((await wrongToken.call('GET', '/engine')).code, 2000);
  });

  it('creates a user whose primary key works, and lists it', async () => {
    const created = await server.admin.call('POST', '/users', { name: 'acme fund' });
    assert.equal(created.code, 200000);
    assert.match(created.data.userId, /^\d{16}$/);
    assert.match(created.data.portfolioId, /^\d{16}$/);
    const client = new ConnexClient(server.baseUrl, { apiKey: created.data.apiKey, secretKey: created.data.secretKey });
    const portfolios = await client.get('/api/v1/trading/portfolio', {});
    assert.deepEqual(portfolios.data.list.map((p: any) => [p.portfolioId, p.belongingTo]), [[Number(created.data.portfolioId), 0]]);
    const users = await server.admin.call('GET', '/users');
    assert.deepEqual(users.data.find((u: any) => u.userId === created.data.userId), { userId: created.data.userId, name: 'acme fund', status: 'NORMAL', mainPortfolioId: created.data.portfolioId, createAt: users.data[1].createAt });
    const keys = await server.admin.call('GET', '/keys', { userId: created.data.userId });
    assert.deepEqual(keys.data.map((k: any) => [k.accessKey, k.primary, k.permission]), [[created.data.apiKey, true, 'READ,TRADE,TRANSFER,WITHDRAW']]);
    assert.equal(JSON.stringify(keys).includes(created.data.secretKey), false);
    const portfoliosOfUser = await server.admin.call('GET', '/portfolios', { userId: created.data.userId });
    assert.deepEqual(portfoliosOfUser.data.map((p: any) => p.portfolioId), [created.data.portfolioId]);
  });

  it('credits deposits to a venue account', async () => {
    const first = await server.admin.call('POST', '/deposits', { portfolioId: server.demo.portfolioId, exchangeType: 'OKX', coin: 'SOL', amount: '12.5' });
    assert.equal(first.code, 200000);
    assert.match(first.data.depositId, /^\d{16}$/);
    assert.equal(first.data.available, '12.5');
    const second = await server.admin.call('POST', '/deposits', { portfolioId: server.demo.portfolioId, exchangeType: 'OKX', coin: 'SOL', amount: '0.01' });
    assert.equal(second.data.available, '12.51');
  });

  it("refuses each endpoint's bad input with its code, and the engine state is unchanged", async () => {
    const before = await engineStatus();
    const portfolioId = server.demo.portfolioId;
    const userId = (await server.admin.call('GET', '/users')).data[0].userId;
    const deposit = { portfolioId, exchangeType: 'BINANCE', coin: 'USDT', amount: '10' };
    const cases: Case[] = [
      ['user name missing', 'POST', '/users', {}, 400009],
      ['user name too long', 'POST', '/users', { name: 'n'.repeat(65) }, 400000],
      ['user name with markup', 'POST', '/users', { name: '<script>' }, 400000],
      ['user extra field', 'POST', '/users', { name: 'ok', admin: 'true' }, 400000],
      ['list users extra', 'GET', '/users', { all: 'true' }, 400000],
      ['status userId missing', 'POST', '/users/status', { status: 'DISABLED' }, 400009],
      ['status userId malformed', 'POST', '/users/status', { userId: '12', status: 'DISABLED' }, 100001],
      ['status userId unknown', 'POST', '/users/status', { userId: '1000000000000000', status: 'DISABLED' }, 100001],
      ['status missing', 'POST', '/users/status', { userId }, 400009],
      ['status unknown', 'POST', '/users/status', { userId, status: 'BANNED' }, 400000],
      ['portfolios userId malformed', 'GET', '/portfolios', { userId: 'me' }, 100001],
      ['placement portfolioId missing', 'POST', '/portfolios/placement', { forbidden: 'true' }, 400009],
      ['placement portfolioId unknown', 'POST', '/portfolios/placement', { portfolioId: '1000000000000000', forbidden: 'true' }, 100001],
      ['placement forbidden missing', 'POST', '/portfolios/placement', { portfolioId }, 400009],
      ['placement forbidden not a flag', 'POST', '/portfolios/placement', { portfolioId, forbidden: 'yes' }, 400000],
      ['keys userId malformed', 'GET', '/keys', { userId: 'x' }, 100001],
      ['freeze apiKey missing', 'POST', '/keys/freeze', {}, 400009],
      ['freeze apiKey unknown', 'POST', '/keys/freeze', { apiKey: randomBytes(32).toString('hex') }, 100018],
      ['freeze apiKey too long', 'POST', '/keys/freeze', { apiKey: 'k'.repeat(129) }, 400000],
      ['unfreeze extra field', 'POST', '/keys/unfreeze', { apiKey: server.demo.apiKey, why: 'x' }, 400000],
      ['deposit portfolioId missing', 'POST', '/deposits', { ...deposit, portfolioId: '' }, 400009],
      ['deposit portfolioId malformed', 'POST', '/deposits', { ...deposit, portfolioId: 'abc' }, 100001],
      ['deposit portfolioId unknown', 'POST', '/deposits', { ...deposit, portfolioId: '1000000000000000' }, 100001],
      ['deposit exchangeType missing', 'POST', '/deposits', { ...deposit, exchangeType: '' }, 400009],
      ['deposit exchangeType unknown', 'POST', '/deposits', { ...deposit, exchangeType: 'EDX' }, 401023],
      ['deposit coin missing', 'POST', '/deposits', { ...deposit, coin: '' }, 400009],
      ['deposit coin unknown', 'POST', '/deposits', { ...deposit, coin: 'FOO' }, 403010],
      ['deposit coin too long', 'POST', '/deposits', { ...deposit, coin: 'C'.repeat(17) }, 400000],
      ['deposit amount missing', 'POST', '/deposits', { ...deposit, amount: '' }, 400009],
      ['deposit amount not a number', 'POST', '/deposits', { ...deposit, amount: 'ten' }, 403005],
      ['deposit amount with exponent', 'POST', '/deposits', { ...deposit, amount: '1e3' }, 403005],
      ['deposit amount zero', 'POST', '/deposits', { ...deposit, amount: '0' }, 403005],
      ['deposit amount negative', 'POST', '/deposits', { ...deposit, amount: '-10' }, 403005],
      ['deposit amount too precise', 'POST', '/deposits', { ...deposit, amount: '10.0000001' }, 403011],
      ['deposit amount below minimum', 'POST', '/deposits', { ...deposit, amount: '0.5' }, 403012],
      ['deposit extra field', 'POST', '/deposits', { ...deposit, memo: 'x' }, 400000],
      ['engine extra field', 'GET', '/engine', { verbose: 'true' }, 400000],
    ];
    for (const [what, method, path, params, code] of cases) {
      const response = await server.admin.call(method, path, params);
      assert.equal(response.code, code, what);
    }
    assert.deepEqual(await engineStatus(), before);
  });

  it('unknown admin paths are 404 with the envelope', async () => {
    const response = await rawRequest(server.baseUrl, { method: 'GET', path: '/admin/v1/secrets', headers: { authorization: `Bearer ${server.app.adminToken}` } });
    assert.deepEqual(response, { status: 404, body: { code: 400000, message: 'Invalid parameter — refer to the API documentation', data: null } });
  });
});
