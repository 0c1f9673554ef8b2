import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ConnexClient } from '../../src/client/connex-client.ts';
import { createKey, createPortfolio } from '../support/accounts.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { fund, TRADING_ENV } from '../support/trading.ts';

const USER_ASSET = '/api/v1/user/asset';

describe('GET /api/v1/user/asset: asset rows keyed by portfolioId (decisions L11)', () => {
  let server: TestServer;

  /** The portfolio's rows as GET /trading/portfolio/assets shows them. */
  async function portfolioAssets(client: ConnexClient, portfolioId: string): Promise<unknown[]> {
    const answer = await client.get('/api/v1/trading/portfolio/assets', { portfolioId, pageSize: '1000' });
    assert.equal(answer.code, 200000, JSON.stringify(answer));
    return answer.data.list;
  }

  before(async () => {
    server = await startTestServer({ env: TRADING_ENV });
  });
  after(() => server.stop());

  it('a primary key sees every portfolio of its user, each with its portfolio-assets rows', async () => {
    const funded = await createPortfolio(server.client, 'AssetsFunded1');
    const empty = await createPortfolio(server.client, 'AssetsEmpty01');
    await fund(server, funded, 'USDT', '250.5', 'OKX');
    await fund(server, funded, 'BTC', '0.125', 'BINANCE');

    const answer = await server.client.get(USER_ASSET);
    assert.equal(answer.code, 200000);
    assert.deepEqual(Object.keys(answer.data), [server.demo.portfolioId, funded, empty]);
    assert.deepEqual(answer.data[server.demo.portfolioId], await portfolioAssets(server.client, server.demo.portfolioId));
    assert.deepEqual(answer.data[funded], await portfolioAssets(server.client, funded));
    assert.deepEqual(
      answer.data[funded].map((row: any) => [row.portfolioId, row.exchangeType, row.coin, row.available]),
      [[funded, 'BINANCE', 'BTC', '0.125'], [funded, 'OKX', 'USDT', '250.5']],
    );
    assert.deepEqual(answer.data[empty], []);
  });

  it('a portfolio key sees its own portfolio only', async () => {
    const portfolioId = await createPortfolio(server.client, 'AssetsOwnKey1');
    await fund(server, portfolioId, 'ETH', '3', 'OKX');
    const key = await createKey(server.client, portfolioId);
    const answer = await key.client.get(USER_ASSET);
    assert.equal(answer.code, 200000);
    assert.deepEqual(answer.data, { [portfolioId]: await portfolioAssets(key.client, portfolioId) });
    assert.deepEqual(answer.data[portfolioId].map((row: any) => [row.coin, row.available]), [['ETH', '3']]);
  });
});
