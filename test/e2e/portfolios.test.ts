import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RequestParams } from '../../src/client/connex-client.ts';
import { startTestServer, type TestServer } from '../support/server.ts';

const PORTFOLIO = '/api/v1/trading/portfolio';
type Case = [what: string, params: RequestParams, code: number];

describe('portfolios (connex-api.md §4.5)', () => {
  let server: TestServer;
  const listAll = async () => (await server.client.get(PORTFOLIO, { pageSize: 1000 })).data;

  before(async () => {
    server = await startTestServer({ env: { RATE_LIMITS: JSON.stringify({ '*': { portfolioManage: [100_000, 1000] } }) } });
  });
  after(() => server.stop());

  it('lists the MainPortfolio of a new user', async () => {
    const listed = await server.client.get(PORTFOLIO, {});
    assert.equal(listed.code, 200000);
    assert.deepEqual(
      listed.data.list.map((p: any) => [p.portfolioId, p.name, p.belongingTo, typeof p.createAt, typeof p.updateAt]),
      [[Number(server.demo.portfolioId), 'Main Portfolio', 0, 'number', 'number']],
    );
    assert.deepEqual({ ...listed.data, list: [] }, { page: 1, pageSize: 100, pageNum: 1, totalSize: 1, list: [] });
  });

  it('creates a trading portfolio and lists it', async () => {
    const created = await server.client.post(PORTFOLIO, { name: 'Alpha01' });
    assert.equal(created.code, 200000);
    assert.match(created.data.portfolioId, /^\d{16}$/);
    assert.equal(created.data.name, 'Alpha01');
    const listed = await server.client.get(PORTFOLIO, { belongingTo: 2 });
    assert.equal(listed.code, 200000);
    assert.deepEqual(listed.data.list.map((p: any) => p.name), ['Alpha01']);
    assert.equal(listed.data.list[0].portfolioId, Number(created.data.portfolioId));
    const byId = await server.client.get(PORTFOLIO, { portfolioId: created.data.portfolioId });
    assert.deepEqual(byId.data.list.map((p: any) => p.name), ['Alpha01']);
    const byName = await server.client.get(PORTFOLIO, { name: 'Alpha01' });
    assert.equal(byName.data.totalSize, 1);
  });

  it('names are case-sensitive', async () => {
    assert.equal((await server.client.post(PORTFOLIO, { name: 'alpha01' })).code, 200000);
  });

  it('refuses every bad name with its code and changes nothing', async () => {
    const before = await listAll();
    const cases: Case[] = [
      ['missing', {}, 402000],
      ['empty', { name: '' }, 402000],
      ['blank', { name: '      ' }, 402000],
      ['65 characters', { name: 'A'.repeat(65) }, 402004],
      ['21 characters', { name: 'A'.repeat(21) }, 400000],
      ['5 characters', { name: 'Abc12' }, 400000],
      ['all digits', { name: '1234567' }, 400000],
      ['punctuation', { name: 'Alpha-01' }, 400000],
      ['space inside', { name: 'Alpha 01' }, 400000],
      ['non-ASCII letter', { name: 'Alphaé01' }, 400000],
      ['a boolean', { name: true }, 400000],
      ['an array', { name: ['Beta0001'] }, 400000],
      ['an unknown extra field', { name: 'Beta0001', color: 'red' }, 400000],
      ['a duplicate', { name: 'Alpha01' }, 402001],
    ];
    for (const [what, params, code] of cases) {
      const response = await server.client.post(PORTFOLIO, params);
      assert.equal(response.code, code, what);
      assert.equal(response.data, null, what);
    }
    const messages = await Promise.all([{ name: '' }, { name: 'A'.repeat(65) }].map((p) => server.client.post(PORTFOLIO, p)));
    assert.deepEqual(messages.map((m) => m.message), ['Portfolio name cannot be empty', 'Portfolio name cannot exceed 64 characters']);
    assert.deepEqual(await listAll(), before);
  });

  it('refuses bad list filters with their codes', async () => {
    const cases: Case[] = [
      ['malformed portfolioId', { portfolioId: '12ab' }, 401000],
      ['unknown portfolioId', { portfolioId: '1000000000000000' }, 402006],
      ['belongingTo 1', { belongingTo: 1 }, 400000],
      ['belongingTo text', { belongingTo: 'main' }, 400000],
      ['pageSize above 1000', { pageSize: 1001 }, 400002],
      ['pageSize 0', { pageSize: 0 }, 400000],
      ['page 0', { page: 0 }, 400000],
      ['page not a number', { page: 'x' }, 400000],
      ['page past the end', { page: 2 }, 400003],
      ['name over 64', { name: 'A'.repeat(65) }, 400000],
      ['unknown filter', { owner: 'me' }, 400000],
    ];
    for (const [what, params, code] of cases) assert.equal((await server.client.get(PORTFOLIO, params)).code, code, what);
  });

  it("another user's portfolio is not listed, and asking for it is 402003", async () => {
    const other = await server.admin.call('POST', '/users', { name: 'other-user' });
    assert.equal((await server.client.get(PORTFOLIO, { portfolioId: other.data.portfolioId })).code, 402003);
    assert.equal((await listAll()).list.some((p: any) => p.portfolioId === Number(other.data.portfolioId)), false);
  });

  it('pages through the list', async () => {
    const all = await listAll();
    const page2 = await server.client.get(PORTFOLIO, { page: 2, pageSize: 1 });
    assert.deepEqual(page2.data, { page: 2, pageSize: 1, pageNum: all.totalSize, totalSize: all.totalSize, list: [all.list[1]] });
    const aliased = await server.client.get(PORTFOLIO, { pageNum: 2, pageSize: 1 });
    assert.deepEqual(aliased.data.list, [all.list[1]]);
  });

  it('allows 50 trading portfolios and refuses the 51st with 402007', async () => {
    const existing = (await server.client.get(PORTFOLIO, { belongingTo: 2 })).data.totalSize;
    for (let i = existing; i < 50; i++) assert.equal((await server.client.post(PORTFOLIO, { name: `Bulk${String(i).padStart(4, '0')}` })).code, 200000);
    const full = await server.client.post(PORTFOLIO, { name: 'OneTooMany' });
    assert.deepEqual(full, { code: 402007, message: 'Portfolio count exceeds the limit', data: null });
    const listed = await server.client.get(PORTFOLIO, { belongingTo: 2 });
    assert.equal(listed.data.totalSize, 50);
    assert.equal((await server.client.get(PORTFOLIO, { name: 'OneTooMany' })).data.totalSize, 0);
  });
});
