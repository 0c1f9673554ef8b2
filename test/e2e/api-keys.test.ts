import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { ConnexClient, type RequestParams } from '../../src/client/connex-client.ts';
import { createKey, createPortfolio, type PortfolioKey } from '../support/accounts.ts';
import { rawRequest, signedRequest } from '../support/http.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const KEYS = '/api/v1/apiKey/portfolio';
const PORTFOLIO = '/api/v1/trading/portfolio';
type Case = [what: string, params: RequestParams, code: number];

describe('portfolio API keys (connex-api.md §4.5, §2.2)', () => {
  let server: TestServer;
  let portfolioId: string;
  let otherUsersPortfolio: string;
  const listKeys = async (params: RequestParams = {}) => {
    const listed = await server.client.get(KEYS, params);
    assert.equal(listed.code, 200000, listed.message);
    return listed.data;
  };
  /** What a key can do, seen from outside: the code of a READ call and of a TRADE call, both primary-only. */
  const reach = async (key: PortfolioKey) => [(await key.client.get(KEYS)).code, (await key.client.post(PORTFOLIO, { name: 'NeverMade1' })).code];

  before(async () => {
    server = await startTestServer({ env: { RATE_LIMITS: JSON.stringify({ '*': { portfolioManage: [100_000, 1000] } }) } });
    portfolioId = await createPortfolio(server.client, 'KeyHome01');
    const other = await server.admin.call('POST', '/users', { name: 'someone-else' });
    const otherClient = new ConnexClient(server.baseUrl, { apiKey: other.data.apiKey, secretKey: other.data.secretKey });
    otherUsersPortfolio = await createPortfolio(otherClient, 'Elsewhere1');
  });
  after(() => server.stop());

  it('creates a key: the secret is returned once and the key signs requests', async () => {
    const created = await server.client.post(KEYS, { portfolioId, apiName: 'reader', ip: '127.0.0.1, 10.0.0.1', permission: 'READ' });
    assert.equal(created.code, 200000);
    const { accessKey, secretKey, createdAt, updatedAt, ...rest } = created.data;
    assert.match(accessKey, /^[0-9a-f]{64}$/);
    assert.match(secretKey, /^[0-9a-f]{64}$/);
    assert.equal(typeof createdAt, 'number');
    assert.equal(updatedAt, createdAt);
    assert.deepEqual(rest, { portfolioId: Number(portfolioId), apiName: 'reader', status: 1, ip: '127.0.0.1,10.0.0.1', permission: 'READ' });

    const listed = await listKeys({ portfolioApiKey: accessKey });
    assert.deepEqual(listed.list, [{ portfolioId: Number(portfolioId), apiName: 'reader', accessKey, status: 1, ip: '127.0.0.1,10.0.0.1', permission: 'READ', createdAt, updatedAt }]);
    assert.equal(JSON.stringify(listed).includes(secretKey), false, 'the secret is never listed');

    // Signed with its own secret the key is known and verified; this endpoint is primary-only, hence 100003.
    const key: PortfolioKey = { portfolioId, apiKey: accessKey, secretKey, client: new ConnexClient(server.baseUrl, { apiKey: accessKey, secretKey }) };
    assert.deepEqual(await reach(key), [100003, 2002]);
    const forged = await rawRequest(server.baseUrl, signedRequest({ apiKey: accessKey, secretKey: randomBytes(32).toString('hex') }, 'GET', KEYS));
    assert.equal(forged.body.code, 2000);
  });

  it('defaults: READ only, any IP', async () => {
    const key = await createKey(server.client, portfolioId, { apiName: 'defaults' });
    const [row] = (await listKeys({ portfolioApiKey: key.apiKey })).list;
    assert.equal(row.permission, 'READ');
    assert.equal(row.ip, '');
  });

  it('lists permissions as "READ; TRADE" and filters by portfolio', async () => {
    const second = await createPortfolio(server.client, 'KeyHome02');
    const trader = await createKey(server.client, second, { apiName: 'trader', permission: 'TRADE' });
    const listed = await listKeys({ portfolioId: second });
    assert.deepEqual(listed.list.map((k: any) => [k.accessKey, k.permission]), [[trader.apiKey, 'READ; TRADE']]);
    const all = await listKeys();
    assert.ok(all.list.every((k: any) => k.accessKey !== server.demo.apiKey), 'the primary key is not a portfolio key');
  });

  it('refuses every bad create input with its code and changes nothing', async () => {
    const before = await listKeys();
    const valid = { portfolioId, apiName: 'valid' };
    const cases: Case[] = [
      ['portfolioId missing', { apiName: 'x' }, 402005],
      ['portfolioId malformed', { ...valid, portfolioId: 'abc' }, 402006],
      ['portfolioId negative', { ...valid, portfolioId: '-100000000000000' }, 402006],
      ['portfolioId unknown', { ...valid, portfolioId: '1000000000000000' }, 402006],
      ["portfolioId of another user's portfolio", { ...valid, portfolioId: otherUsersPortfolio }, 402003],
      ['apiName missing', { portfolioId }, 400009],
      ['apiName too long', { ...valid, apiName: 'n'.repeat(65) }, 400000],
      ['apiName with markup', { ...valid, apiName: '<b>x</b>' }, 400000],
      ['apiName a boolean', { ...valid, apiName: true }, 400000],
      ['ip not an address', { ...valid, ip: '127.0.0.1,not-an-ip' }, 400000],
      ['ip out of range', { ...valid, ip: '1.2.3.256' }, 400000],
      ['21 ips', { ...valid, ip: Array.from({ length: 21 }, (_, i) => `10.0.0.${i + 1}`).join(',') }, 400000],
      ['permission unknown', { ...valid, permission: 'READ,ADMIN' }, 400000],
      ['permission a boolean', { ...valid, permission: true }, 400000],
      ['unknown extra field', { ...valid, note: 'hi' }, 400000],
    ];
    for (const [what, params, code] of cases) {
      const response = await server.client.post(KEYS, params);
      assert.equal(response.code, code, what);
      assert.equal(response.data, null, what);
    }
    assert.deepEqual(await listKeys(), before);
  });

  it('accepts 20 IPs (also as a JSON array) and any permission spelling', async () => {
    const ips = Array.from({ length: 20 }, (_, i) => `10.1.0.${i + 1}`);
    const created = await server.client.post(KEYS, { portfolioId, apiName: 'twenty', ip: ips, permission: 'read' });
    assert.equal(created.code, 200000, created.message);
    assert.equal(created.data.ip, ips.join(','));
    const v6 = await server.client.post(KEYS, { portfolioId, apiName: 'six', ip: '::1' });
    assert.equal(v6.code, 200000);
    assert.equal(v6.data.ip, '::1');
  });

  it('one key per portfolio may hold TRADE, TRANSFER or WITHDRAW (400008)', async () => {
    const home = await createPortfolio(server.client, 'Exclusive1');
    const before = await listKeys({ portfolioId: home });
    await createKey(server.client, home, { apiName: 'trader', permission: 'TRADE' });
    const second = await server.client.post(KEYS, { portfolioId: home, apiName: 'trader2', permission: 'READ,TRADE' });
    assert.deepEqual(second, { code: 400008, message: 'Request error', data: null });
    await createKey(server.client, home, { apiName: 'mover', permission: 'TRANSFER' });
    assert.equal((await server.client.post(KEYS, { portfolioId: home, apiName: 'reader', permission: 'READ' })).code, 200000);
    assert.equal((await listKeys({ portfolioId: home })).totalSize, before.totalSize + 3);
  });

  it('refuses an 11th key of a user with 400008 (quota of 10, primary included)', async () => {
    const count = (await listKeys()).totalSize + 1; // + primary
    const home = await createPortfolio(server.client, 'QuotaHome1');
    for (let i = count; i < 10; i++) await createKey(server.client, home, { apiName: `fill${i}` });
    const before = await listKeys();
    assert.equal(before.totalSize, 9);
    assert.equal((await server.client.post(KEYS, { portfolioId: home, apiName: 'eleventh' })).code, 400008);
    assert.deepEqual(await listKeys(), before);
    // Deleting one frees a place.
    const victim = before.list.find((k: any) => k.apiName.startsWith('fill'));
    assert.equal((await server.client.delete(KEYS, { portfolioId: String(victim.portfolioId), portfolioApiKey: victim.accessKey })).code, 200000);
    assert.equal((await server.client.post(KEYS, { portfolioId: home, apiName: 'tenth' })).code, 200000);
  });
});

describe('portfolio API keys: update and delete', () => {
  let server: TestServer;
  let portfolioId: string;
  let key: PortfolioKey;
  const listRow = async (accessKey: string) => (await server.client.get(KEYS, { portfolioApiKey: accessKey })).data.list[0];
  const reach = async (k: PortfolioKey) => [(await k.client.get(KEYS)).code, (await k.client.post(PORTFOLIO, { name: 'NeverMade1' })).code];

  before(async () => {
    server = await startTestServer({ env: { RATE_LIMITS: JSON.stringify({ '*': { portfolioManage: [100_000, 1000] } }) } });
    portfolioId = await createPortfolio(server.client, 'Updates01');
    key = await createKey(server.client, portfolioId, { apiName: 'changing', permission: 'READ' });
  });
  after(() => server.stop());

  it('an updated permission set takes effect', async () => {
    assert.deepEqual(await reach(key), [100003, 2002]);
    const updated = await server.client.put(KEYS, { portfolioId, portfolioApiKey: key.apiKey, permission: 'READ,TRADE' });
    assert.equal(updated.code, 200000);
    assert.equal(updated.data.permission, 'READ,TRADE');
    assert.equal(updated.data.secretKey, undefined);
    assert.deepEqual(await reach(key), [100003, 100003]);
    assert.equal((await listRow(key.apiKey)).permission, 'READ; TRADE');
  });

  it('an updated IP list takes effect', async () => {
    const blocked = await server.client.put(KEYS, { portfolioId, portfolioApiKey: key.apiKey, ip: '10.0.0.1' });
    assert.equal(blocked.data.ip, '10.0.0.1');
    assert.deepEqual(await reach(key), [2001, 2001]);
    const allowed = await server.client.put(KEYS, { portfolioId, portfolioApiKey: key.apiKey, ip: '10.0.0.1,127.0.0.1', apiName: 'renamed' });
    assert.equal(allowed.code, 200000);
    assert.deepEqual(await reach(key), [100003, 100003]);
    const row = await listRow(key.apiKey);
    assert.deepEqual([row.apiName, row.ip], ['renamed', '10.0.0.1,127.0.0.1']);
    assert.ok(row.updatedAt >= row.createdAt);
    await server.client.put(KEYS, { portfolioId, portfolioApiKey: key.apiKey, ip: '10.0.0.1' });
    assert.deepEqual(await reach(key), [2001, 2001]);
    const cleared = await server.client.put(KEYS, { portfolioId, portfolioApiKey: key.apiKey, ip: '' });
    assert.equal(cleared.data.ip, '', 'an empty list clears the whitelist');
    assert.deepEqual(await reach(key), [100003, 100003]);
    assert.equal((await server.client.put(KEYS, { portfolioId, portfolioApiKey: key.apiKey, apiName: 'renamed' })).data.ip, '', 'absent leaves it');
  });

  it('refuses every bad update input with its code and changes nothing', async () => {
    const before = await listRow(key.apiKey);
    const other = await createKey(server.client, await createPortfolio(server.client, 'Updates02'), { apiName: 'other' });
    const id = { portfolioId, portfolioApiKey: key.apiKey };
    const cases: Case[] = [
      ['portfolioId missing', { portfolioApiKey: key.apiKey, apiName: 'x' }, 402005],
      ['portfolioId malformed', { ...id, portfolioId: '1' }, 402006],
      ['portfolioApiKey missing', { portfolioId, apiName: 'x' }, 400009],
      ['portfolioApiKey malformed', { portfolioId, portfolioApiKey: 'nope' }, 405001],
      ['portfolioApiKey unknown', { portfolioId, portfolioApiKey: randomBytes(32).toString('hex') }, 405001],
      ['key of another portfolio', { portfolioId, portfolioApiKey: other.apiKey }, 405001],
      ['the primary key', { portfolioId: server.demo.portfolioId, portfolioApiKey: server.demo.apiKey, ip: '10.0.0.9' }, 405001],
      ['apiName too long', { ...id, apiName: 'n'.repeat(65) }, 400000],
      ['ip invalid', { ...id, ip: '300.1.1.1' }, 400000],
      ['permission unknown', { ...id, permission: 'ROOT' }, 400000],
      ['unknown extra field', { ...id, status: 2 }, 400000],
    ];
    for (const [what, params, code] of cases) assert.equal((await server.client.put(KEYS, params)).code, code, what);
    assert.equal((await server.client.put(KEYS, { portfolioId: other.portfolioId, portfolioApiKey: other.apiKey, permission: 'TRADE' })).code, 200000);
    const sibling = await createKey(server.client, other.portfolioId, { apiName: 'sibling' });
    assert.equal((await server.client.put(KEYS, { portfolioId: other.portfolioId, portfolioApiKey: sibling.apiKey, permission: 'TRADE' })).code, 400008);
    assert.deepEqual(await listRow(key.apiKey), before);
    assert.equal((await listRow(sibling.apiKey)).permission, 'READ');
    assert.equal((await server.client.get(PORTFOLIO, { belongingTo: 0 })).code, 200000, 'the primary key is untouched');
  });

  it('a deleted key gets 100018; deleting again is 405001', async () => {
    const bad: Case[] = [
      ['portfolioId missing', { portfolioApiKey: key.apiKey }, 402005],
      ['portfolioApiKey missing', { portfolioId }, 400009],
      ['portfolioApiKey malformed', { portfolioId, portfolioApiKey: key.apiKey.toUpperCase() }, 405001],
      ['wrong portfolio', { portfolioId: server.demo.portfolioId, portfolioApiKey: key.apiKey }, 405001],
      ['extra field', { portfolioId, portfolioApiKey: key.apiKey, force: 'true' }, 400000],
    ];
    for (const [what, params, code] of bad) assert.equal((await server.client.delete(KEYS, params)).code, code, what);
    assert.deepEqual(await reach(key), [100003, 100003], 'still alive after refused deletes');

    const deleted = await server.client.delete(KEYS, { portfolioId, portfolioApiKey: key.apiKey });
    assert.equal(deleted.code, 200000);
    assert.deepEqual(Object.keys(deleted.data).sort(), ['accessKey', 'apiName', 'portfolioId', 'updatedAt']);
    assert.deepEqual([deleted.data.portfolioId, deleted.data.apiName, deleted.data.accessKey], [Number(portfolioId), 'renamed', key.apiKey]);
    assert.deepEqual(await reach(key), [100018, 100018]);
    assert.equal(await listRow(key.apiKey), undefined);
    assert.equal((await server.client.delete(KEYS, { portfolioId, portfolioApiKey: key.apiKey })).code, 405001);
  });

  it('a DELETE may carry its params in the query string when the body is empty (B2)', async () => {
    const doomed = await createKey(server.client, portfolioId, { apiName: 'doomed' });
    const query = new URLSearchParams({ portfolioId, portfolioApiKey: doomed.apiKey }).toString();
    const request = signedRequest(server.demo, 'DELETE', `${KEYS}?${query}`, { portfolioId, portfolioApiKey: doomed.apiKey });
    const response = await rawRequest(server.baseUrl, { ...request, body: undefined });
    assert.equal(response.body.code, 200000);
    assert.equal((await doomed.client.get(KEYS)).code, 100018);
  });

  it('refuses bad list filters with their codes', async () => {
    const cases: Case[] = [
      ['portfolioId malformed', { portfolioId: 'x' }, 402006],
      ['portfolioId unknown', { portfolioId: '1000000000000000' }, 402006],
      ['portfolioApiKey malformed', { portfolioApiKey: 'x' }, 405001],
      ['pageSize too big', { pageSize: 1001 }, 400002],
      ['page past the end', { page: 5 }, 400003],
      ['extra', { apiName: 'x' }, 400000],
    ];
    for (const [what, params, code] of cases) assert.equal((await server.client.get(KEYS, params)).code, code, what);
  });
});
