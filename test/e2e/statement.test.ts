/** GET /api/v1/trading/statement over both history backends: rows, filters, paging, time windows and codes. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ConnexClient } from '../../src/client/connex-client.ts';
import { parseFixed } from '../../src/domain/money.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { testSchema, withClient, type TestSchema } from '../support/postgres.ts';

const DAY = 86_400_000;
const PATH = '/api/v1/trading/statement';
const RATE_LIMITS = JSON.stringify({ '*': { statement: [10_000, 1000], portfolioManage: [1000, 1000] } });

type Row = Record<string, any>;

/** deltaAmount = Δavailable − Δoverdraw − Δborrow, checked exactly. */
function assertInvariant(row: Row): void {
  const delta = (after: string, before: string) => parseFixed(after)! - parseFixed(before)!;
  const expected = delta(row.afterAvailable, row.beforeAvailable) - delta(row.afterOverdraw, row.beforeOverdraw) - delta(row.afterBorrow, row.beforeBorrow);
  assert.equal(parseFixed(row.deltaAmount), expected);
}

for (const backend of ['pglite', 'postgres'] as const) {
  describe(`statement (${backend})`, () => {
    let now = Date.UTC(2026, 0, 15, 12);
    const clock = () => now;
    let server: TestServer;
    let client: ConnexClient;
    let schema: TestSchema | undefined;

    const deposit = (portfolioId: string, exchangeType: string, coin: string, amount: string) =>
      server.admin.call('POST', '/deposits', { portfolioId, exchangeType, coin, amount });

    before(async () => {
      schema = backend === 'postgres' ? testSchema() : undefined;
      server = await startTestServer({ clock, embedded: backend === 'pglite', env: { RATE_LIMITS, ...schema?.env } });
      client = new ConnexClient(server.baseUrl, { apiKey: server.demo.apiKey, secretKey: server.demo.secretKey }, () => Math.floor(now / 1000));
    });
    after(async () => {
      await server.stop();
      await schema?.drop();
    });

    it('lists the demo deposits as TRANSFER rows with exact amounts, newest first', async () => {
      const response = await client.get(PATH);
      assert.equal(response.code, 200000);
      const { data } = response;
      assert.equal(data.totalSize, 6);
      assert.equal(data.page, 1);
      assert.equal(data.pageSize, 1000);
      assert.equal(data.pageNum, 1);
      for (const row of data.list as Row[]) {
        assert.equal(row.portfolioId, Number(server.demo.portfolioId));
        assert.equal(row.statementType, 'TRANSFER');
        assert.equal(row.beforeAvailable, '0');
        assert.equal(row.deltaAmount, row.afterAvailable);
        assert.equal(row.beforeBorrow, '0');
        assert.equal(row.afterOverdraw, '0');
        assert.equal(row.createAt, now);
        assert.match(row.statementId, /^\d+$/);
        assert.match(row.requestId, /^\d{16}$/);
        assertInvariant(row);
      }
      const ids = (data.list as Row[]).map((row) => BigInt(row.statementId));
      assert.deepEqual(ids, [...ids].sort((a, b) => (a < b ? 1 : -1)));
      const usdt = (data.list as Row[]).filter((row) => row.coin === 'USDT').map((row) => [row.exchangeType, row.afterAvailable]);
      assert.deepEqual(usdt.sort(), [['BINANCE', '1000000'], ['OKX', '1000000']]);
    });

    it('shows an admin deposit at once, with before/after taken from the balance', async () => {
      now += 1000;
      const credited = await deposit(server.demo.portfolioId, 'OKX', 'BTC', '0.12345678');
      assert.equal(credited.code, 200000);
      const { data } = await client.get(PATH, { coin: 'BTC', exchange: 'OKX' });
      assert.equal(data.totalSize, 2);
      const [latest] = data.list as Row[];
      assert.deepEqual(
        { requestId: latest.requestId, before: latest.beforeAvailable, after: latest.afterAvailable, delta: latest.deltaAmount, createAt: latest.createAt },
        { requestId: credited.data.depositId, before: '10', after: '10.12345678', delta: '0.12345678', createAt: now },
      );
      assertInvariant(latest);
    });

    it('filters by coin, exchange, statementType and sym', async () => {
      const okx = await client.get(PATH, { exchange: 'OKX' });
      assert.ok((okx.data.list as Row[]).every((row) => row.exchangeType === 'OKX'));
      assert.equal(okx.data.totalSize, 4);
      const eth = await client.get(PATH, { coin: 'ETH' });
      assert.deepEqual((eth.data.list as Row[]).map((row) => row.coin), ['ETH', 'ETH']);
      const transfers = await client.get(PATH, { statementType: 'TRANSFER' });
      assert.equal(transfers.data.totalSize, 7);
      const fees = await client.get(PATH, { statementType: 'FUNDING_FEE' });
      assert.equal(fees.data.totalSize, 0);
      const bySym = await client.get(PATH, { sym: 'BINANCE_PERP_BTC_USDT' });
      assert.equal(bySym.data.totalSize, 0);
    });

    it('pages: pageSize, page, pageNum = total pages', async () => {
      const first = await client.get(PATH, { pageSize: 3 });
      const third = await client.get(PATH, { pageSize: 3, page: 3 });
      assert.deepEqual([first.data.pageNum, first.data.totalSize, first.data.list.length], [3, 7, 3]);
      assert.deepEqual([third.data.page, third.data.list.length], [3, 1]);
      const all = await client.get(PATH);
      assert.deepEqual(
        [...first.data.list, ...(await client.get(PATH, { pageSize: 3, page: 2 })).data.list, ...third.data.list].map((row: Row) => row.statementId),
        (all.data.list as Row[]).map((row) => row.statementId),
      );
      const alias = await client.get(PATH, { pageSize: 3, pageNum: 2 });
      assert.equal(alias.data.page, 2);
    });

    it('serves the last 7 days by default, older rows by startTime, nothing past 90 days', async () => {
      const depositedAt = now;
      now += 8 * DAY;
      assert.equal((await client.get(PATH)).data.totalSize, 0);
      const older = await client.get(PATH, { startTime: depositedAt - 1000 });
      assert.equal(older.data.totalSize, 7);
      const exact = await client.get(PATH, { startTime: depositedAt, endTime: depositedAt + 1 });
      assert.deepEqual((exact.data.list as Row[]).map((row) => row.coin), ['BTC']);
      now += 83 * DAY;
      assert.equal((await client.get(PATH, { startTime: depositedAt - 1000 })).data.totalSize, 0);
    });

    it('answers the catalogue code for each bad query and nothing else', async () => {
      const cases: [Record<string, string | number>, number][] = [
        [{ pageSize: 1001 }, 400002],
        [{ page: 2 }, 400003],
        [{ startTime: now - 1000, endTime: now - 1000 }, 400004],
        [{ startTime: now - 1000, endTime: now - 2000 }, 400004],
        [{ startTime: now + 60_000 }, 400005],
        [{ endTime: now - 91 * DAY }, 400006],
        [{ statementType: 'TRADE' }, 401050],
        [{ statementType: 'transfer' }, 401050],
        [{ exchange: 'EDX' }, 401023],
        [{ startTime: 'yesterday' }, 400000],
        [{ endTime: '-5' }, 400000],
        [{ pageSize: 0 }, 400000],
        [{ page: 'x' }, 400000],
        [{ portfolioName: 'x' }, 400000],
      ];
      for (const [params, code] of cases) {
        const response = await client.get(PATH, params);
        assert.equal(response.code, code, `${JSON.stringify(params)} → ${response.code} ${response.message}`);
        assert.equal(response.data, null);
      }
    });

    it('portfolioId (D3): a primary key reads any of its portfolios, a portfolio key only its own', async () => {
      const portfolio = await client.post('/api/v1/trading/portfolio', { name: `Stmt${backend}1` });
      assert.equal(portfolio.code, 200000);
      const { portfolioId } = portfolio.data;
      const key = await client.post('/api/v1/apiKey/portfolio', { portfolioId, apiName: 'statements', permission: 'READ' });
      assert.equal(key.code, 200000, key.message);
      assert.equal((await deposit(portfolioId, 'BINANCE', 'USDT', '250.5')).code, 200000);
      assert.equal((await deposit(server.demo.portfolioId, 'OKX', 'ETH', '1.5')).code, 200000);
      const stranger = await server.admin.call('POST', '/users', { name: `stranger-${backend}` });
      assert.equal(stranger.code, 200000);
      const own = new ConnexClient(server.baseUrl, { apiKey: key.data.accessKey, secretKey: key.data.secretKey }, () => Math.floor(now / 1000));
      const rowsOf = async (reader: ConnexClient, params: Record<string, string> = {}) => {
        const response = await reader.get(PATH, params);
        assert.equal(response.code, 200000, response.message);
        return (response.data.list as Row[]).map((row) => [row.portfolioId, row.coin, row.afterAvailable, row.deltaAmount]);
      };
      const ofTheNewPortfolio = [[Number(portfolioId), 'USDT', '250.5', '250.5']];
      assert.deepEqual(await rowsOf(own), ofTheNewPortfolio);
      assert.deepEqual(await rowsOf(own, { portfolioId }), ofTheNewPortfolio);
      assert.deepEqual(await rowsOf(client, { portfolioId }), ofTheNewPortfolio);
      const ofTheMainPortfolio = [[Number(server.demo.portfolioId), 'ETH', '101.5', '1.5']];
      assert.deepEqual(await rowsOf(client), ofTheMainPortfolio);
      assert.deepEqual(await rowsOf(client, { portfolioId: server.demo.portfolioId }), ofTheMainPortfolio);

      const refused: [ConnexClient, string, number][] = [
        [own, server.demo.portfolioId, 401010],
        [client, stranger.data.portfolioId, 401010],
        [client, '1000000000000000', 401010],
        [client, '12345', 401000],
        [own, 'main', 401000],
      ];
      for (const [reader, id, code] of refused) {
        const response = await reader.get(PATH, { portfolioId: id });
        assert.deepEqual([response.code, response.data], [code, null], `portfolioId ${id}`);
      }
    });
  });
}

describe('statement while the history database fails', () => {
  it('answers 400012 instead of hanging, and is complete once the database is back', async () => {
    const schema = testSchema();
    // The projector logs each failed write; keep the test output quiet.
    const server = await startTestServer({ env: { RATE_LIMITS, LOG_LEVEL: 'fatal', ...schema.env } });
    try {
      await withClient((client) => client.query(`ALTER TABLE "${schema.name}".statements RENAME TO statements_away`));
      const credited = await server.admin.call('POST', '/deposits', { portfolioId: server.demo.portfolioId, exchangeType: 'OKX', coin: 'USDT', amount: '7' });
      assert.equal(credited.code, 200000);
      const failed = await server.client.get(PATH);
      assert.deepEqual([failed.code, failed.message], [400012, 'Service is temporarily unavailable while loading data']);
      await withClient((client) => client.query(`ALTER TABLE "${schema.name}".statements_away RENAME TO statements`));
      let response = await server.client.get(PATH, { coin: 'USDT', exchange: 'OKX' });
      for (let attempt = 0; response.code === 400012 && attempt < 20; attempt++) response = await server.client.get(PATH, { coin: 'USDT', exchange: 'OKX' });
      assert.equal(response.code, 200000);
      assert.deepEqual((response.data.list as Row[]).map((row) => row.afterAvailable), ['1000007', '1000000']);
    } finally {
      await server.stop();
      await schema.drop();
    }
  });
});
