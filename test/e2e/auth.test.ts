import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { ConnexClient } from '../../src/client/connex-client.ts';
import { createPortfolioWithKey } from '../support/accounts.ts';
import { nowSeconds, rawRequest, signedRequest, type RawRequest } from '../support/http.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const LIST_PORTFOLIOS = '/api/v1/trading/portfolio';
const LIST_KEYS = '/api/v1/apiKey/portfolio';
const TRUSTED_PROXY = '127.0.0.2';

describe('authentication (connex-api.md §2.1, decisions C1–C3)', () => {
  let server: TestServer;
  const call = (req: RawRequest) => rawRequest(server.baseUrl, req);
  const codeOf = async (req: RawRequest) => (await call(req)).body.code;

  before(async () => {
    server = await startTestServer({
      env: { TRUSTED_PROXIES: TRUSTED_PROXY, RATE_LIMITS: JSON.stringify({ '*': { portfolioManage: [1000, 1000] } }) },
    });
  });
  after(() => server.stop());

  it('a correctly signed request passes', async () => {
    const response = await call(signedRequest(server.demo, 'GET', LIST_PORTFOLIOS, { belongingTo: '0' }));
    assert.equal(response.status, 200);
    assert.equal(response.body.code, 200000);
    assert.equal(response.body.data.list[0].portfolioId, Number(server.demo.portfolioId));
  });

  it('2000 when any of the three headers is missing', async () => {
    for (const header of ['x-mbx-apikey', 'nonce', 'signature']) {
      const req = signedRequest(server.demo, 'GET', LIST_PORTFOLIOS);
      delete req.headers![header];
      const response = await call(req);
      assert.deepEqual(response, { status: 200, body: { code: 2000, message: 'API verification failed', data: null } }, header);
    }
  });

  it('2000 when the signature does not match (other secret, other params, malformed, empty)', async () => {
    const wrongSecret = { ...server.demo, secretKey: randomBytes(32).toString('hex') };
    assert.equal(await codeOf(signedRequest(wrongSecret, 'GET', LIST_PORTFOLIOS)), 2000);
    const signedForOther = signedRequest(server.demo, 'GET', LIST_PORTFOLIOS, { belongingTo: '0' });
    assert.equal(await codeOf({ ...signedForOther, path: `${LIST_PORTFOLIOS}?belongingTo=2` }), 2000);
    for (const signature of ['', 'zz', 'x'.repeat(64)]) {
      const req = signedRequest(server.demo, 'GET', LIST_PORTFOLIOS);
      req.headers!.signature = signature;
      assert.equal(await codeOf(req), 2000, signature);
    }
  });

  it('the signature covers the value text as sent: the same values written differently fail', async () => {
    const nonce = String(nowSeconds());
    const req = signedRequest(server.demo, 'GET', LIST_PORTFOLIOS, { belongingTo: '2', pageSize: '100' }, nonce);
    assert.equal(await codeOf(req), 200000);
    assert.equal(await codeOf({ ...req, path: `${LIST_PORTFOLIOS}?pageSize=100.0&belongingTo=2` }), 2000);
  });

  describe('a GET query ending in a bare key equal to the nonce header (decisions C6)', () => {
    /** A GET signed over `params` and the nonce, with `query` as the URL's query text. */
    const getWithQuery = (query: string, signed: Record<string, string>, nonce: string): RawRequest => ({
      ...signedRequest(server.demo, 'GET', LIST_PORTFOLIOS, signed, nonce),
      path: `${LIST_PORTFOLIOS}?${query}`,
    });

    it('is verified and answered: that key is the nonce, not a parameter', async () => {
      const expected = await server.client.get(LIST_PORTFOLIOS, { belongingTo: '0' });
      assert.equal(expected.code, 200000);
      const nonce = String(nowSeconds());
      const response = await call(getWithQuery(`belongingTo=0&${nonce}`, { belongingTo: '0' }, nonce));
      assert.deepEqual(response, { status: 200, body: expected });
      const all = await server.client.get(LIST_PORTFOLIOS);
      for (const query of [`&${nonce}`, nonce]) {
        assert.deepEqual((await call(getWithQuery(query, {}, nonce))).body, all, `?${query}`);
      }
    });

    it('refuses a bare key that differs from the nonce header, is not last, carries "=", or is signed as a parameter too', async () => {
      const nonce = String(nowSeconds());
      const other = String(Number(nonce) - 1);
      assert.equal(await codeOf(getWithQuery(`belongingTo=0&${other}`, { belongingTo: '0' }, nonce)), 2000, 'not the nonce: a parameter the client did not sign');
      assert.equal(await codeOf(getWithQuery(`${nonce}&belongingTo=0`, { belongingTo: '0' }, nonce)), 2000, 'not last: a parameter');
      assert.equal(await codeOf(getWithQuery(`${nonce}&belongingTo=0`, { belongingTo: '0', [nonce]: '' }, nonce)), 400000, 'not last, signed as a parameter: unknown');
      assert.equal(await codeOf(getWithQuery(`belongingTo=0&${nonce}=`, { belongingTo: '0' }, nonce)), 2000, 'with "=": a parameter');
      assert.equal(await codeOf(getWithQuery(`belongingTo=0&${nonce}`, { belongingTo: '0', [nonce]: '' }, nonce)), 2000, 'signed twice');
      assert.equal(await codeOf(getWithQuery(`${nonce}&belongingTo=0&${nonce}`, { belongingTo: '0' }, nonce)), 400000, 'repeated key');
    });

    it('is a GET rule: on a DELETE the bare key stays a parameter', async () => {
      const nonce = String(nowSeconds());
      const cancel = signedRequest(server.demo, 'DELETE', '/api/v1/trading/order', { orderId: '1234567890123456' }, nonce);
      const response = await call({ ...cancel, body: undefined, path: `/api/v1/trading/order?orderId=1234567890123456&${nonce}` });
      assert.equal(response.body.code, 2000);
      assert.equal((await call({ ...cancel, body: undefined, path: '/api/v1/trading/order?orderId=1234567890123456' })).body.code, 401018, 'the same DELETE without it');
    });
  });

  it('100018 for an unknown key', async () => {
    const unknown = { apiKey: randomBytes(32).toString('hex'), secretKey: randomBytes(32).toString('hex') };
    const response = await call(signedRequest(unknown, 'GET', LIST_PORTFOLIOS));
    assert.deepEqual(response.body, { code: 100018, message: 'API key not exist', data: null });
  });

  it('7000 for a nonce outside ±60 s or not a number of seconds', async () => {
    // Each nonce is made just before its request, so a slow machine cannot move it across the edge.
    const withNonce = (nonce: (now: number) => string) => signedRequest(server.demo, 'GET', LIST_PORTFOLIOS, {}, nonce(nowSeconds()));
    assert.equal(await codeOf(withNonce((now) => String(now - 50))), 200000);
    assert.equal(await codeOf(withNonce((now) => String(now + 50))), 200000);
    const invalid = [(now: number) => String(now - 70), (now: number) => String(now + 70), () => 'abc', (now: number) => `${now}.5`, (now: number) => `${now * 1000}`, () => '-1', (now: number) => `0x${now.toString(16)}`];
    for (const nonce of invalid) {
      const request = withNonce(nonce);
      const response = await call(request);
      assert.deepEqual(response.body, { code: 7000, message: 'Nonce is invalid', data: null }, request.headers!.nonce);
    }
  });

  it('7000 for a replayed write; it is applied once', async () => {
    const req = signedRequest(server.demo, 'POST', LIST_PORTFOLIOS, { name: 'Replay01' });
    assert.equal(await codeOf(req), 200000);
    assert.equal(await codeOf(req), 7000);
    const listed = await server.client.get(LIST_PORTFOLIOS, { name: 'Replay01' });
    assert.equal(listed.data.totalSize, 1);
  });

  it('a repeated GET is not a replay', async () => {
    const req = signedRequest(server.demo, 'GET', LIST_PORTFOLIOS);
    assert.equal(await codeOf(req), 200000);
    assert.equal(await codeOf(req), 200000);
  });

  it('2001 when the client IP is not whitelisted; X-Forwarded-For counts only from a trusted proxy', async () => {
    const key = await createPortfolioWithKey(server.client, 'IpTest01', { ip: '10.9.8.7,192.0.2.1' });
    // The key is a portfolio key: once the IP check passes, this primary-only endpoint answers 100003.
    const req = () => signedRequest(key, 'GET', LIST_KEYS);
    assert.equal(await codeOf(req()), 2001);
    const forwarded = (ip: string) => ({ ...req().headers, 'x-forwarded-for': ip });
    assert.equal(await codeOf({ ...req(), headers: forwarded('10.9.8.7') }), 2001, 'untrusted peer: header ignored');
    assert.equal(await codeOf({ ...req(), headers: forwarded('10.9.8.7'), localAddress: TRUSTED_PROXY }), 100003, 'trusted proxy: header used');
    assert.equal(await codeOf({ ...req(), headers: forwarded('10.9.8.6'), localAddress: TRUSTED_PROXY }), 2001, 'trusted proxy, other client');
    assert.equal(await codeOf({ ...req(), localAddress: TRUSTED_PROXY }), 2001, 'trusted proxy without the header is itself the client');
    const response = await call({ ...req(), headers: forwarded('192.0.2.1'), localAddress: TRUSTED_PROXY });
    assert.equal(response.body.code, 100003);
    const rejected = await call(req());
    assert.deepEqual(rejected.body, { code: 2001, message: "Your IP address is not on this API key's whitelist", data: null });
  });

  it('a key whitelisted for the caller address passes the IP check', async () => {
    const key = await createPortfolioWithKey(server.client, 'IpTest02', { ip: '127.0.0.1' });
    assert.equal(await codeOf(signedRequest(key, 'GET', LIST_KEYS)), 100003);
    assert.equal(await codeOf({ ...signedRequest(key, 'GET', LIST_KEYS), localAddress: '127.0.0.3' }), 2001);
  });

  it('2002 when the key lacks the permission the endpoint needs', async () => {
    const readOnly = await createPortfolioWithKey(server.client, 'PermTest01', { permission: 'READ' });
    const response = await readOnly.client.post(LIST_PORTFOLIOS, { name: 'Nope0001' });
    assert.deepEqual(response, { code: 2002, message: 'API authorization invalid', data: null });
    const listed = await server.client.get(LIST_PORTFOLIOS, { name: 'Nope0001' });
    assert.equal(listed.data.totalSize, 0);
  });

  it('100003 for a portfolio key on a primary-only endpoint', async () => {
    const trader = await createPortfolioWithKey(server.client, 'ScopeTest01', { permission: 'READ,TRADE' });
    for (const [method, path] of [['GET', LIST_PORTFOLIOS], ['POST', LIST_PORTFOLIOS], ['GET', LIST_KEYS]] as const) {
      const response = await trader.client.request(method, path, method === 'POST' ? { name: 'Nope0002' } : {});
      assert.deepEqual(response, { code: 100003, message: 'Invalid user type', data: null }, `${method} ${path}`);
    }
  });

  it('100041 for a key frozen through the admin API, and back after unfreezing', async () => {
    const key = await createPortfolioWithKey(server.client, 'FreezeTest01');
    assert.equal((await server.admin.call('POST', '/keys/freeze', { apiKey: key.apiKey })).code, 200000);
    const frozen = await key.client.get(LIST_KEYS);
    assert.deepEqual(frozen, { code: 100041, message: 'API key has been frozen — please contact your account manager', data: null });
    assert.equal((await server.admin.call('POST', '/keys/unfreeze', { apiKey: key.apiKey })).code, 200000);
    assert.equal((await key.client.get(LIST_KEYS)).code, 100003);
  });

  it('100002 for every key of a user disabled through the admin API, and back after enabling', async () => {
    const created = await server.admin.call('POST', '/users', { name: 'disable-me' });
    assert.equal(created.code, 200000);
    const primary = new ConnexClient(server.baseUrl, { apiKey: created.data.apiKey, secretKey: created.data.secretKey });
    const sub = await createPortfolioWithKey(primary, 'Disabled01');
    assert.equal((await server.admin.call('POST', '/users/status', { userId: created.data.userId, status: 'DISABLED' })).code, 200000);
    assert.deepEqual(await primary.get(LIST_PORTFOLIOS), { code: 100002, message: 'Invalid user status', data: null });
    assert.equal((await sub.client.get(LIST_KEYS)).code, 100002);
    assert.equal((await server.client.get(LIST_PORTFOLIOS)).code, 200000, 'other users are unaffected');
    assert.equal((await server.admin.call('POST', '/users/status', { userId: created.data.userId, status: 'NORMAL' })).code, 200000);
    assert.equal((await primary.get(LIST_PORTFOLIOS)).code, 200000);
  });
});
