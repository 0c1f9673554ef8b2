import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../support/server.ts';

describe('portfolios', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ env: { RATE_LIMITS: JSON.stringify({ '*': { portfolioManage: [1000, 1000] } }) } });
  });
  after(() => server.stop());

  it('creates a trading portfolio and lists it', async () => {
    const created = await server.client.post('/api/v1/trading/portfolio', { name: 'Alpha01' });
    assert.equal(created.code, 200000);
    assert.match(created.data.portfolioId, /^\d{16}$/);
    const listed = await server.client.get('/api/v1/trading/portfolio', { belongingTo: 2 });
    assert.equal(listed.code, 200000);
    assert.deepEqual(listed.data.list.map((p: any) => p.name), ['Alpha01']);
    assert.equal(listed.data.list[0].portfolioId, Number(created.data.portfolioId));
  });

  it('refuses a duplicate name with 402001 and changes nothing', async () => {
    const again = await server.client.post('/api/v1/trading/portfolio', { name: 'Alpha01' });
    assert.equal(again.code, 402001);
    const listed = await server.client.get('/api/v1/trading/portfolio', {});
    assert.equal(listed.data.totalSize, 2);
  });
});
