import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { mul, parseFixed, type Fixed, type Price, type Unit } from '../../src/domain/money.ts';
import { runAdminCli } from '../support/process.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { TRADING_ENV } from '../support/trading.ts';

const fixed = <U extends Unit>(text: string): Fixed<U> => parseFixed<U>(text)!;
const BOOKS = ['BINANCE_SPOT_BTC_USDT', 'OKX_SPOT_BTC_USDT', 'BINANCE_PERP_BTC_USDT', 'OKX_PERP_BTC_USDT'];

/** Whether `value` is within `rate` (a fraction) of `target`. */
function near(value: Fixed, target: Price, rate: string): boolean {
  const gap = value > target ? value - target : target - value;
  return gap <= mul(target, fixed<'rate'>(rate));
}

describe('operator: the simulated reference price (POST /admin/v1/sim/price, npm run admin -- sim price)', () => {
  let server: TestServer;
  const tick = async () => assert.equal((await server.admin.call('POST', '/sim/tick', { elapsedMs: '1000' })).code, 200000);
  const setPrice = (fields: Record<string, string>) => server.admin.call('POST', '/sim/price', fields);
  const indexOf = async (coin: string) => {
    const rows = (await server.client.get('/api/v1/trading/portfolio/assets', { exchangeType: 'BINANCE', pageSize: '100' })).data.list;
    return fixed<'price'>(rows.find((row: any) => row.coin === coin).indexPrice);
  };
  const top = async (sym: string) => {
    const answer = await server.client.get('/api/v1/market/depth', { sym, limit: '1' });
    assert.equal(answer.code, 200000, JSON.stringify(answer));
    return { bid: fixed<'price'>(answer.data.bids[0][0]), ask: fixed<'price'>(answer.data.asks[0][0]) };
  };
  const cli = async (...args: string[]) => {
    const { port } = new URL(server.baseUrl);
    const result = await runAdminCli(args, { HOST: '127.0.0.1', PORT: port, DATA_DIR: server.dataDir, ADMIN_TOKEN: '', OPENCONNEX_URL: '' });
    return { ...result, json: result.stdout ? JSON.parse(result.stdout) : undefined };
  };

  before(async () => {
    server = await startTestServer({ env: TRADING_ENV, keepData: true });
    await tick();
  });
  after(async () => {
    await server.stop();
    rmSync(server.dataDir, { recursive: true, force: true });
  });

  it('moves the index and mark at once, and the spot and perp books to the new price on the next tick', async () => {
    for (const sym of BOOKS) assert.ok(near((await top(sym)).bid, fixed('95000'), '0.01'), `${sym} starts near 95000`);

    const answer = await setPrice({ asset: 'BTC', price: '150000' });
    assert.deepEqual(answer, { code: 200000, message: 'Success', data: { asset: 'BTC', price: '150000' } });
    assert.equal(await indexOf('BTC'), fixed('150000'));
    const marks = (await server.client.get('/api/v1/market/markPrice', { sym: 'BINANCE_PERP_BTC_USDT' })).data;
    assert.ok(near(fixed(marks[0].markPrice), fixed('150000'), '0.005'), `mark ${marks[0].markPrice}`);
    for (const sym of BOOKS) assert.ok((await top(sym)).ask < fixed('100000'), `${sym} waits for the next tick`);

    await tick();
    for (const sym of BOOKS) {
      const { bid, ask } = await top(sym);
      assert.ok(bid < ask, sym);
      assert.ok(near(bid, fixed('150000'), '0.006') && near(ask, fixed('150000'), '0.006'), `${sym}: ${bid} / ${ask}`);
    }
    for (const sym of BOOKS.slice(0, 2)) assert.ok(near((await top(sym)).bid, fixed('150000'), '0.001'), `${sym} quotes around the index`);
  });

  it('refuses an asset it does not simulate and a price that is not a positive decimal or beyond ÷/× 10 of the price now, changing nothing', async () => {
    const before = (await server.admin.call('GET', '/engine', {})).data.hash;
    const refusals: [Record<string, string>, number][] = [
      [{ asset: 'PEPE', price: '1' }, 403010],
      [{ asset: 'USDT', price: '1' }, 403010],
      [{ asset: 'btc', price: '1' }, 403010],
      [{ asset: 'BTC', price: '0' }, 400000],
      [{ asset: 'BTC', price: '-5' }, 400000],
      [{ asset: 'BTC', price: 'abc' }, 400000],
      [{ asset: 'BTC', price: '1e5' }, 400000],
      [{ asset: 'BTC', price: '2000000' }, 400000],
      [{ asset: 'BTC', price: '10000' }, 400000],
      [{ price: '1' }, 400009],
      [{ asset: 'BTC' }, 400009],
    ];
    for (const [fields, code] of refusals) assert.equal((await setPrice(fields)).code, code, JSON.stringify(fields));
    assert.equal((await server.admin.call('GET', '/engine', {})).data.hash, before);
    const anonymous = await fetch(`${server.baseUrl}/admin/v1/sim/price`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"asset":"BTC","price":"1"}' });
    assert.equal((await anonymous.json()).code, 2000);
    assert.equal(await indexOf('BTC') > fixed('100000'), true);
  });

  it('npm run admin -- sim price <ASSET> <PRICE>, then sim tick: the ETH books follow', async () => {
    const moved = await cli('sim', 'price', 'ETH', '5000');
    assert.equal(moved.code, 0, moved.stderr);
    assert.deepEqual(moved.json.data, { asset: 'ETH', price: '5000' });
    const ticked = await cli('sim', 'tick', '--elapsed-ms', '1000');
    assert.equal(ticked.code, 0, ticked.stderr);
    assert.deepEqual(ticked.json.data, { ticks: 1 });
    assert.ok(near((await top('BINANCE_SPOT_ETH_USDT')).bid, fixed('5000'), '0.001'));

    const refused = await cli('sim', 'price', 'DOGE', '-1');
    assert.equal(refused.code, 1);
    assert.equal(refused.json.code, 400000);
    for (const args of [['sim', 'price', 'ETH'], ['sim', 'price', '--asset', 'ETH', '--price', '1'], ['sim'], ['sim', 'price', 'ETH', '1', '2']]) {
      const usage = await cli(...args);
      assert.equal(usage.code, 2, args.join(' '));
      assert.match(usage.stderr, /sim price <asset> <price>/);
    }
  });

  it('is journaled: a restart keeps the operator’s prices', async () => {
    const ethIndex = await indexOf('ETH');
    await server.stop();
    server = await startTestServer({ env: TRADING_ENV, dataDir: server.dataDir, keepData: true });
    assert.equal(await indexOf('ETH'), ethIndex);
    assert.ok(near(await indexOf('BTC'), fixed('150000'), '0.001'));
  });
});
