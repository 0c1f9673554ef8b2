/**
 * Decisions I1: an export the journal accepted is never lost. Ten exports of each of three portfolios are
 * requested at once and the server is killed with SIGKILL while its worker is still writing their files;
 * after the restart every one of them ends COMPLETED, the demo portfolio's with the rows the REST history
 * gives, and the day's count of 10 still holds.
 */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { AdminClient, ConnexClient } from '../../src/client/connex-client.ts';
import { readDemoCredentials, restartableServer } from '../support/process.ts';
import { parseCsv, untilFinished } from '../support/exports.ts';

const DAY = 86_400_000;
const TRANSFERS = 40;
const EXPORTS = 10;
const PORTFOLIOS = 3;
const UNLIMITED = JSON.stringify({ '*': { dataExport: [100_000, 1000], dataExportRead: [100_000, 1000] } });
const REST_OF = { STATEMENTS: '/api/v1/trading/statement', TRANSFERS: '/api/v1/transfer/list' } as const;

describe('data export across SIGKILL', () => {
  const servers = restartableServer('export-kill', { RATE_LIMITS: UNLIMITED, SIM_TICK_MS: '0' });
  const { dataDir, start } = servers;
  after(() => servers.close());

  it('completes every accepted export after a kill in the middle of writing them', async (t) => {
    const first = await start();
    const demo = readDemoCredentials(dataDir);
    const client = new ConnexClient(first.baseUrl, { apiKey: demo.apiKey, secretKey: demo.secretKey });
    for (let i = 0; i < TRANSFERS; i++) {
      const [from, to] = i % 2 === 0 ? ['BINANCE', 'OKX'] : ['OKX', 'BINANCE'];
      const moved = await client.post('/api/v1/transfer/apply', { fromTradeAccountId: demo.portfolioId, fromAccountType: from, toTradeAccountId: demo.portfolioId, toAccountType: to, currency: 'USDT', amount: `${i + 1}` });
      assert.equal(moved.code, 200000, JSON.stringify(moved));
    }
    const newest = (await client.get('/api/v1/transfer/list', { pageSize: '1' })).data.list[0].createAt as number;
    const today = newest - (newest % DAY) + DAY;
    const ticked = await new AdminClient(first.baseUrl, demo.adminToken).call('POST', '/sim/tick', { count: '1', elapsedMs: String(today - newest + 1000) });
    assert.equal(ticked.code, 200000, JSON.stringify(ticked));
    const range = { startTime: String(today - DAY), endTime: String(today - 1) };

    const portfolioIds = [demo.portfolioId];
    for (let i = 1; i < PORTFOLIOS; i++) portfolioIds.push((await client.post('/api/v1/trading/portfolio', { name: `Export0${i}` })).data.portfolioId);
    const types = Array.from({ length: EXPORTS }, (_, i) => (i % 2 === 0 ? 'STATEMENTS' : 'TRANSFERS') as keyof typeof REST_OF);
    const requests = portfolioIds.flatMap((portfolioId) => types.map((exportType) => ({ portfolioId, exportType })));
    const answers = await Promise.all(requests.map((params) => client.post('/api/v1/trading/export', { ...params, ...range })));
    for (const answer of answers) assert.equal(answer.code, 200000, JSON.stringify(answer));
    const listAll = async (c: ConnexClient) => (await Promise.all(portfolioIds.map((portfolioId) => c.get('/api/v1/trading/export/list', { portfolioId })))).flatMap((a) => a.data.list);
    // The kill comes once the worker has taken up the first one.
    let statuses: string[];
    do statuses = (await listAll(client)).map((e: any) => e.status);
    while (statuses.every((status) => status === 'PENDING'));
    first.child.kill('SIGKILL');
    await first.exited;
    const unfinished = statuses.filter((status) => status !== 'COMPLETED').length;
    t.diagnostic(`just before the kill: ${['PENDING', 'PROCESSING', 'COMPLETED'].map((status) => `${statuses.filter((s) => s === status).length} ${status}`).join(', ')}`);
    assert.ok(unfinished > 0, 'the kill came while files were still being written');

    const second = await start();
    const again = new ConnexClient(second.baseUrl, { apiKey: demo.apiKey, secretKey: demo.secretKey });
    for (const [i, answer] of answers.entries()) {
      const { portfolioId, exportType } = requests[i];
      const done = await untilFinished(again, answer.data.exportId, portfolioId);
      assert.equal(done.status, 'COMPLETED', JSON.stringify(done));
      // The other portfolios have no history; transfer/list of a primary key lists every portfolio's transfers.
      if (portfolioId !== demo.portfolioId) continue;
      const rest = await again.get(REST_OF[exportType], { ...range, pageSize: '1000' });
      assert.equal(done.rowCount, rest.data.totalSize);
      const link = await again.get('/api/v1/trading/export/url', { exportId: answer.data.exportId });
      const [header, ...rows] = parseCsv(await (await fetch(second.baseUrl + link.data.url)).text());
      assert.deepEqual(rows, rest.data.list.map((row: any) => header.map((column) => (typeof row[column] === 'string' ? row[column] : JSON.stringify(row[column])))));
    }
    assert.deepEqual(readdirSync(join(dataDir, 'exports')).filter((name) => !name.endsWith('.csv')), [], 'no partial file left');
    assert.equal((await again.post('/api/v1/trading/export', { exportType: 'TRANSFERS', ...range })).code, 401105, 'the day’s count survived the crash');
  });
});
