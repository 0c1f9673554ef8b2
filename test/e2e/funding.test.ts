/**
 * Funding through the API (issue 10 item 1; decisions L7, L12; research-perps.md §8.1–8.3): every
 * boundary crossed is settled exactly once — by a fast-forward, while the server was down, and never
 * again after a restart —, only for what was open at the instant, with the sign and notional of the
 * venue formula; FUNDING_FEE statements in venue time and the position's fundingFee agree.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConnexClient } from '../../src/client/connex-client.ts';
import { abs, formatFixed, sub, sum } from '../../src/domain/money.ts';
import { testSchema, type TestSchema } from '../support/postgres.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { BTC_PERP, PERP_ENV, fixed, marketOrder, perpTrader, quoteBooks, setLeverage } from '../support/perp.ts';

const HOUR = 3_600_000;
/** BTC's index holds here (a one-row price file), so what a boundary charges is known within the mark's ±0.5 % basis band. */
const BTC_INDEX = '95000';
const priceDir = mkdtempSync(join(tmpdir(), 'openconnex-funding-'));
writeFileSync(join(priceDir, 'btc.csv'), `timestamp,price\n0,${BTC_INDEX}\n`);
/** What 1 BTC pays at 0.01 %: 95000 × 0.0001 with the mark anywhere in its band. */
const ONE_BTC_PAYS = [fixed<'amount'>('9.4525'), fixed<'amount'>('9.5475')] as const;
const ENV = {
  RATE_LIMITS: JSON.stringify({ '*': { ...JSON.parse(PERP_ENV.RATE_LIMITS)['*'], statement: [100000, 1000], positionRead: [100000, 1000] } }),
  SIM_PRICE_FILE: join(priceDir, 'btc.csv'),
  SIM_PRICE_ASSET: 'BTC',
};

/** Venue time now, as the market data says it (the mark's `time`). */
async function venueNow(client: ConnexClient): Promise<number> {
  return (await client.get('/api/v1/market/markPrice', { sym: BTC_PERP })).data[0].time;
}

async function fundingRows(client: ConnexClient): Promise<any[]> {
  const answer = await client.get('/api/v1/trading/statement', { statementType: 'FUNDING_FEE', pageSize: '1000' });
  assert.equal(answer.code, 200000, JSON.stringify(answer));
  return answer.data.list;
}

async function fastForward(server: TestServer, elapsedMs: number): Promise<void> {
  const answer = await server.admin.call('POST', '/sim/tick', { count: '1', elapsedMs: String(elapsedMs) });
  assert.equal(answer.code, 200000, JSON.stringify(answer));
}

async function nextBoundary(client: ConnexClient): Promise<number> {
  return Number((await client.get('/api/v1/market/fundingRate', { sym: BTC_PERP })).data[0].fundingTime);
}

async function position(client: ConnexClient): Promise<any> {
  return (await client.get('/api/v1/trading/position', { sym: BTC_PERP })).data.find((row: any) => row.positionQty !== '0');
}

describe('funding through the API (decisions L7)', () => {
  let schema: TestSchema;
  let server: TestServer;
  let long: Awaited<ReturnType<typeof perpTrader>>;
  before(async () => {
    schema = testSchema();
    server = await startTestServer({ env: { ...ENV, ...schema.env }, keepData: true });
    long = await perpTrader(server, 'FundedLong', '100000');
    await quoteBooks(server);
    await setLeverage(long.client, BTC_PERP, '10');
  });
  after(async () => {
    await server.stop();
    rmSync(server.dataDir, { recursive: true, force: true });
    rmSync(priceDir, { recursive: true, force: true });
    await schema.drop();
  });

  it('a fast-forward across three boundaries settles each once: −qty × mark × 0.01 % for a long, at the boundary instant, in venue time', async () => {
    await marketOrder(long.client, BTC_PERP, 'BUY', '1');
    const first = await nextBoundary(long.client);
    const now = await venueNow(long.client);
    await fastForward(server, first - now + 16 * HOUR + 60_000);
    const rows = await fundingRows(long.client);
    assert.equal(rows.length, 3, JSON.stringify(rows));
    assert.deepEqual(rows.map((r: any) => Number(r.createAt)).sort(), [first, first + 8 * HOUR, first + 16 * HOUR]);
    for (const row of rows) {
      assert.equal(row.sym, BTC_PERP);
      assert.equal(row.businessType, 'PERP');
      const paid = fixed<'amount'>(row.deltaAmount);
      assert.ok(paid < 0n, 'a long pays at a positive rate');
      assert.ok(abs(paid) >= ONE_BTC_PAYS[0] && abs(paid) <= ONE_BTC_PAYS[1], `paid ${row.deltaAmount}`);
    }
    const held = await position(long.client);
    assert.equal(held.fundingFee, formatFixed(sum(rows.map((r: any) => fixed<'amount'>(r.deltaAmount)))));
  });

  it('pays for the size held at the boundary instant: an add just after it does not count', async () => {
    const boundary = await nextBoundary(long.client);
    await fastForward(server, boundary - (await venueNow(long.client)) - 300);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const before = (await fundingRows(long.client)).length;
    await marketOrder(long.client, BTC_PERP, 'BUY', '1'); // venue time is past the boundary: it is settled first
    const rows = await fundingRows(long.client);
    assert.equal(rows.length, before + 1);
    const latest = rows.find((r: any) => Number(r.createAt) >= boundary);
    assert.ok(abs(fixed<'amount'>(latest.deltaAmount)) <= ONE_BTC_PAYS[1], `charged for 1 BTC, not 2: ${latest.deltaAmount}`);
  });

  it('a position closed before the boundary pays nothing; a short receives; OKX counts contracts × contractSize', async () => {
    const short = await perpTrader(server, 'FundedShort', '100000');
    await setLeverage(short.client, BTC_PERP, '10');
    await marketOrder(short.client, BTC_PERP, 'SELL', '0.5');
    const flat = await perpTrader(server, 'FundedFlat', '100000');
    await setLeverage(flat.client, BTC_PERP, '10');
    await marketOrder(flat.client, BTC_PERP, 'BUY', '0.5');
    await marketOrder(flat.client, BTC_PERP, 'SELL', '0.5');
    await server.admin.call('POST', '/deposits', { portfolioId: short.portfolioId, exchangeType: 'OKX', coin: 'USDT', amount: '100000' });
    await setLeverage(short.client, 'OKX_PERP_BTC_USDT', '10');
    await marketOrder(short.client, 'OKX_PERP_BTC_USDT', 'BUY', '100');
    const boundary = await nextBoundary(short.client);
    await fastForward(server, boundary - (await venueNow(short.client)) + 1000);
    assert.equal((await fundingRows(flat.client)).length, 0, 'closed before the boundary');
    const rows = (await fundingRows(short.client)).filter((r: any) => Number(r.createAt) === boundary);
    const binance = rows.find((r: any) => r.sym === BTC_PERP);
    const okx = rows.find((r: any) => r.sym === 'OKX_PERP_BTC_USDT');
    assert.ok(fixed(binance.deltaAmount) > 0n, 'a short receives');
    assert.ok(fixed(okx.deltaAmount) < 0n, 'the OKX long pays');
    // 100 contracts of 0.01 BTC pay as 1 BTC: about twice what 0.5 BTC receives.
    const ratio = Number(formatFixed(abs(fixed<'amount'>(okx.deltaAmount)))) / Number(formatFixed(fixed<'amount'>(binance.deltaAmount)));
    assert.ok(ratio > 1.8 && ratio < 2.2, `ratio ${ratio}`);
    assert.equal(formatFixed(sub(fixed<'amount'>(okx.afterAvailable), fixed<'amount'>(okx.beforeAvailable))), okx.deltaAmount);
  });

  it('boundaries passed while the server is down are settled once it is back, and never again after another restart', async () => {
    const boundary = await nextBoundary(long.client);
    const before = (await fundingRows(long.client)).length;
    const dataDir = server.dataDir;
    const credentials = long.credentials;
    await server.stop();
    // Back 9 hours later (wall clock): one or two boundaries passed while down.
    const shift = 9 * HOUR;
    server = await startTestServer({ env: { ...ENV, ...schema.env }, dataDir, keepData: true, clock: () => Date.now() + shift });
    const shifted = () => Math.floor((Date.now() + shift) / 1000);
    const client = new ConnexClient(server.baseUrl, credentials, shifted);
    await fastForward(server, 0);
    const rows = await fundingRows(client);
    const passed = rows.length - before;
    assert.ok(passed >= 1 && passed <= 2, `settled ${passed}`);
    assert.ok(rows.some((r: any) => Number(r.createAt) >= boundary));
    await server.stop();
    server = await startTestServer({ env: { ...ENV, ...schema.env }, dataDir, keepData: true, clock: () => Date.now() + shift });
    await fastForward(server, 0);
    assert.equal((await fundingRows(new ConnexClient(server.baseUrl, credentials, shifted))).length, rows.length, 'nothing settled twice');
  });
});
