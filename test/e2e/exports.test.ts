/**
 * Data export (decisions I1) through the real server: the codes 401105–401110 by real input and state,
 * a CSV whose rows are the REST history rows, the signed download link (works, expires, refuses a forgery)
 * and one portfolio's exports hidden from another's key.
 */
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ConnexClient } from '../../src/client/connex-client.ts';
import { restMismatch } from '../support/documented.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { BTC, fund, newTrader, place, tick } from '../support/trading.ts';
import { BTC_PERP, marketOrder, PERP_ENV, quoteBooks, setLeverage } from '../support/perp.ts';
import { parseCsv, untilFinished } from '../support/exports.ts';

const DAY = 86_400_000;
const LIMITS = JSON.parse(PERP_ENV.RATE_LIMITS)['*'];
const UNLIMITED = [1000, 1000];
const ENV = { RATE_LIMITS: JSON.stringify({ '*': { ...LIMITS, positionClose: UNLIMITED, positionHistory: UNLIMITED, dataExport: UNLIMITED, dataExportRead: UNLIMITED } }) };

describe('data export', () => {
  let server: TestServer;
  let trader: Awaited<ReturnType<typeof newTrader>>;
  let wallOffset = 0;
  /** 00:00 UTC of the venue day the trades were made in, and of the next one (venue time is now in it). */
  let tradeDay: number;
  let today: number;
  let executionsExport: string;

  const request = (client: ConnexClient, params: Record<string, string>) => client.post('/api/v1/trading/export', params);
  const yesterday = (exportType: string) => ({ exportType, startTime: String(tradeDay), endTime: String(today - 1) });

  before(async () => {
    server = await startTestServer({ env: ENV, clock: () => Date.now() + wallOffset });
    trader = await newTrader(server, 'Exporter');
    await fund(server, trader.portfolioId, 'BTC', '1');
    await place(server.client, { sym: BTC, side: 'BUY', orderQty: '0.1', limitPrice: '40000' });
    await place(trader.client, { sym: BTC, side: 'SELL', orderQty: '0.04', limitPrice: '40000' });
    await place(trader.client, { sym: BTC, side: 'SELL', orderQty: '0.06', limitPrice: '39990' });
    await tick(server);
    // A perp position opened and closed: a row of position history.
    await quoteBooks(server);
    await setLeverage(server.client, BTC_PERP, '5');
    await marketOrder(server.client, BTC_PERP, 'BUY', '0.01');
    assert.equal((await server.client.delete('/api/v1/trading/position', { sym: BTC_PERP })).code, 200000);
    const moved = await server.client.post('/api/v1/transfer/apply', {
      ...{ fromTradeAccountId: server.demo.portfolioId, fromAccountType: 'BINANCE', toTradeAccountId: server.demo.portfolioId, toAccountType: 'OKX' },
      ...{ currency: 'USDT', amount: '12.5', requestId: 'export-test' },
    });
    assert.equal(moved.code, 200000, JSON.stringify(moved));
    const fills = await server.client.get('/api/v1/trading/executions', {});
    const fillTime = Number(fills.data[0].createAt);
    tradeDay = fillTime - (fillTime % DAY);
    today = tradeDay + DAY;
    // Venue time moves into the next UTC day: the day of the trades is history now.
    const ticked = await server.admin.call('POST', '/sim/tick', { count: '1', elapsedMs: String(today - fillTime + 1000) });
    assert.equal(ticked.code, 200000, JSON.stringify(ticked));
  });
  after(() => server.stop());

  it('refuses a range that reaches into today (401108), an unknown type (401106) or status (401107)', async () => {
    assert.equal((await request(server.client, { ...yesterday('EXECUTIONS'), endTime: String(today) })).code, 401108);
    assert.equal((await request(server.client, { ...yesterday('FILLS') })).code, 401106);
    assert.equal((await server.client.get('/api/v1/trading/export/list', { status: 'DONE' })).code, 401107);
    assert.equal((await server.client.get('/api/v1/trading/export/list', { exportType: 'FILLS' })).code, 401106);
    const none = await server.client.get('/api/v1/trading/export/list', {});
    assert.equal(none.data.totalSize, 0, 'a refused request left no export');
  });

  it('an export that cannot be written ends FAILED, and has no link (401110)', async () => {
    const dir = join(server.dataDir, 'exports');
    writeFileSync(dir, 'not a directory');
    const answer = await request(server.client, yesterday('ORDERS'));
    assert.equal(answer.code, 200000, JSON.stringify(answer));
    const failed = await untilFinished(server.client, answer.data.exportId);
    rmSync(dir);
    assert.deepEqual([failed.status, failed.reason, failed.rowCount], ['FAILED', 'the file could not be written', 0]);
    assert.equal((await server.client.get('/api/v1/trading/export/url', { exportId: answer.data.exportId })).code, 401110);
  });

  it('exports the day’s executions: the CSV rows are the REST rows', async () => {
    const answer = await request(server.client, yesterday('EXECUTIONS'));
    assert.equal(answer.code, 200000, JSON.stringify(answer));
    executionsExport = answer.data.exportId;
    const listed = await server.client.get('/api/v1/trading/export/list', {});
    const row = listed.data.list.find((e: any) => e.exportId === executionsExport);
    assert.ok(row && ['PENDING', 'PROCESSING', 'COMPLETED'].includes(row.status), JSON.stringify(listed));
    assert.deepEqual([row.exportType, row.startTime, row.endTime, row.portfolioId], ['EXECUTIONS', tradeDay, today - 1, Number(server.demo.portfolioId)]);

    const done = await untilFinished(server.client, executionsExport);
    assert.equal(done.status, 'COMPLETED', JSON.stringify(done));
    const rest = await server.client.get('/api/v1/trading/executions/pageable', { begin: String(tradeDay), end: String(today - 1) });
    assert.ok(rest.data.totalSize >= 4, 'the spot and perp fills');
    const csv = await download(server, executionsExport);
    assert.equal(done.rowCount, rest.data.totalSize);
    assert.equal(done.fileSize, Buffer.byteLength(csv));
    const [header, ...rows] = parseCsv(csv);
    assert.deepEqual(header, Object.keys(rest.data.list[0]));
    assert.deepEqual(rows, rest.data.list.map((fill: any) => header.map((column) => jsonText(fill[column]))));
  });

  for (const [exportType, path] of [
    ['ORDERS', '/api/v1/trading/history/orders'],
    ['POSITIONS', '/api/v1/trading/history/position'],
    ['STATEMENTS', '/api/v1/trading/statement'],
    ['TRANSFERS', '/api/v1/transfer/list'],
  ] as const) {
    it(`exports ${exportType}: the CSV rows are those of ${path}`, async () => {
      const answer = await request(server.client, yesterday(exportType));
      const done = await untilFinished(server.client, answer.data.exportId);
      assert.equal(done.status, 'COMPLETED', JSON.stringify(done));
      const range = path.startsWith('/api/v1/trading/history/') ? { begin: String(tradeDay), end: String(today - 1) } : { startTime: String(tradeDay), endTime: String(today - 1) };
      const rest = await server.client.get(path, range);
      assert.ok(rest.data.totalSize > 0, `${path} has rows: ${JSON.stringify(rest)}`);
      const [header, ...rows] = parseCsv(await download(server, answer.data.exportId));
      assert.deepEqual(header, Object.keys(rest.data.list[0]));
      assert.deepEqual(rows, rest.data.list.map((row: any) => header.map((column) => jsonText(row[column]))));
      assert.equal(done.rowCount, rest.data.totalSize);
    });
  }

  it('the link works for 15 minutes; a forged or expired one is refused', async () => {
    const { data } = await server.client.get('/api/v1/trading/export/url', { exportId: executionsExport });
    assert.ok(data.expireTime > Date.now() + 14 * 60_000);
    const ok = await fetch(server.baseUrl + data.url);
    assert.equal(ok.status, 200);
    assert.equal(ok.headers.get('content-type'), 'text/csv; charset=utf-8');
    assert.equal(ok.headers.get('content-disposition'), `attachment; filename="executions-${executionsExport}.csv"`);

    const url = new URL(data.url, server.baseUrl);
    const signature = url.searchParams.get('signature')!;
    const forged = new URL(url);
    forged.searchParams.set('signature', (signature[0] === '0' ? '1' : '0') + signature.slice(1));
    await assertRefused(forged, 403, 2000);
    const extended = new URL(url);
    extended.searchParams.set('expires', String(Number(url.searchParams.get('expires')) + DAY));
    await assertRefused(extended, 403, 2000);
    const otherExport = new URL(url);
    otherExport.searchParams.set('exportId', String(BigInt(executionsExport) + 1n));
    await assertRefused(otherExport, 403, 2000);

    wallOffset = 15 * 60_000 + 1000;
    try {
      await assertRefused(url, 410, 2000);
    } finally {
      wallOffset = 0;
    }
  });

  it('another portfolio’s key neither lists nor gets a link to it (401109); a primary key may name the portfolio', async () => {
    assert.equal((await trader.client.get('/api/v1/trading/export/url', { exportId: executionsExport })).code, 401109);
    assert.equal((await trader.client.get('/api/v1/trading/export/url', { exportId: '1000000000000000' })).code, 401109);
    assert.equal((await trader.client.get('/api/v1/trading/export/list', {})).data.totalSize, 0);
    assert.equal((await trader.client.get('/api/v1/trading/export/list', { portfolioId: server.demo.portfolioId })).code, 401010);

    const own = await request(trader.client, yesterday('EXECUTIONS'));
    assert.equal(own.code, 200000, JSON.stringify(own));
    const viaPrimary = await server.client.get('/api/v1/trading/export/list', { portfolioId: trader.portfolioId });
    assert.deepEqual(viaPrimary.data.list.map((e: any) => e.exportId), [own.data.exportId]);
    const done = await untilFinished(trader.client, own.data.exportId);
    const [, ...rows] = parseCsv(await download(server, own.data.exportId, trader.portfolioId));
    assert.equal(rows.length, done.rowCount);
    assert.equal(rows.length, 2, 'the trader’s own two fills');
  });

  it('at most 10 per portfolio per venue day (401105); the next day takes 10 more', async () => {
    const sent = (await server.client.get('/api/v1/trading/export/list', {})).data.totalSize;
    for (let i = sent; i < 10; i++) assert.equal((await request(server.client, yesterday('STATEMENTS'))).code, 200000);
    assert.equal((await request(server.client, yesterday('TRANSFERS'))).code, 401105);
    const trader2 = await request(trader.client, yesterday('TRANSFERS'));
    assert.equal(trader2.code, 200000, 'the limit is per portfolio');
    assert.equal((await server.admin.call('POST', '/sim/tick', { count: '1', elapsedMs: String(DAY) })).code, 200000);
    assert.equal((await request(server.client, yesterday('TRANSFERS'))).code, 200000);
  });

  async function download(server: TestServer, exportId: string, portfolioId?: string): Promise<string> {
    const link = await server.client.get('/api/v1/trading/export/url', { exportId, ...(portfolioId ? { portfolioId } : {}) });
    assert.equal(link.code, 200000, JSON.stringify(link));
    const response = await fetch(server.baseUrl + link.data.url);
    assert.equal(response.status, 200);
    return response.text();
  }

  async function assertRefused(url: URL, status: number, code: number): Promise<void> {
    const response = await fetch(url);
    const body = await response.json();
    assert.deepEqual([response.status, body.code], [status, code]);
    assert.equal(await restMismatch(server.baseUrl, 'GET', url.toString(), response.status, body), null);
  }
});

/** A JSON value as the CSV writes it. */
function jsonText(value: unknown): string {
  return value === null || value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value);
}
