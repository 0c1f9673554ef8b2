/**
 * Money between accounts (connex-api.md §4.4, §4.6; decisions D1, D2, D3, N1): the trade-account list,
 * the funding account, transfers with every 403xxx code real input reaches, requestId idempotency,
 * scoping of portfolio keys, 401046 lifted by a first transfer, TRANSFER statements and bills.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ConnexClient } from '../../src/client/connex-client.ts';
import { createKey, createPortfolio } from '../support/accounts.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { fund, TRADING_ENV } from '../support/trading.ts';

const ENV = {
  RATE_LIMITS: JSON.stringify({ '*': { ...JSON.parse(TRADING_ENV.RATE_LIMITS)['*'], fundingAccount: [100000, 1000], statement: [100000, 1000] } }),
};
const APPLY = '/api/v1/transfer/apply';

describe('transfers: funding account ↔ portfolio venue accounts, between venues and portfolios', () => {
  let server: TestServer;
  let fundingId: string;

  /** Sends an on-chain USDT deposit to the demo user's address and lets it confirm: it lands in the funding account. */
  async function depositToFunding(amount: string): Promise<void> {
    const address = await server.client.get('/api/v1/deposit/address', { currency: 'USDT', network: 'TRC20' });
    assert.equal(address.code, 200000, JSON.stringify(address));
    const sent = await server.admin.call('POST', '/deposits/onchain', { address: address.data.address, currency: 'USDT', network: 'TRC20', amount });
    assert.equal(sent.code, 200000, JSON.stringify(sent));
    const tick = await server.admin.call('POST', '/sim/tick', { count: '1', elapsedMs: '120000' });
    assert.equal(tick.code, 200000, JSON.stringify(tick));
  }

  async function fundingUsdt(): Promise<string> {
    const answer = await server.client.get('/api/v1/asset/getAccountCurrencyInfo', { currency: 'USDT' });
    assert.equal(answer.code, 200000, JSON.stringify(answer));
    return answer.data[0].assetInfo[0]?.available ?? '0';
  }

  async function available(client: ConnexClient, portfolioId: string, venue: string, coin: string): Promise<{ available: string; maxTransferable: string }> {
    const answer = await client.get('/api/v1/trading/portfolio/assets', { portfolioId, exchangeType: venue });
    assert.equal(answer.code, 200000, JSON.stringify(answer));
    const row = answer.data.list.find((r: any) => r.coin === coin);
    return { available: row?.available ?? '0', maxTransferable: row?.maxTransferable ?? '0' };
  }

  async function code(client: ConnexClient, params: Record<string, string>): Promise<number> {
    return (await client.post(APPLY, params)).code;
  }

  before(async () => {
    server = await startTestServer({ env: ENV });
    const accounts = await server.client.get('/api/v1/tradeAccount/list');
    assert.equal(accounts.code, 200000, JSON.stringify(accounts));
    fundingId = String(accounts.data[0].accountId);
  });
  after(() => server.stop());

  it('tradeAccount/list: the funding account, then each portfolio’s venue accounts; a portfolio key sees its own', async () => {
    const portfolioId = await createPortfolio(server.client, 'TradeAccounts1');
    const answer = await server.client.get('/api/v1/tradeAccount/list');
    assert.equal(answer.code, 200000);
    assert.deepEqual(answer.data[0], { accountId: Number(fundingId), accountType: 'FUNDING', venues: 'LTP', label: 'Funding Account', exchangeUid: 0, accountNote: '' });
    const rows = answer.data.filter((row: any) => String(row.accountId) === portfolioId);
    assert.deepEqual(rows.map((row: any) => [row.accountType, row.venues, row.label, row.accountNote]), [['BINANCE', 'BINANCE', 'DMA', 'TradeAccounts1'], ['OKX', 'OKEX', 'DMA', 'TradeAccounts1']]);
    const key = await createKey(server.client, portfolioId);
    const own = await key.client.get('/api/v1/tradeAccount/list');
    assert.deepEqual(own.data.map((row: any) => [String(row.accountId), row.accountType]), [[portfolioId, 'BINANCE'], [portfolioId, 'OKX']]);
  });

  it('a deposit lands in the funding account; a first transfer into a new portfolio lifts 401046 and is a TRANSFER statement', async () => {
    await depositToFunding('5000');
    assert.equal(await fundingUsdt(), '5000');
    const portfolioId = await createPortfolio(server.client, 'FirstTransfer1');
    const order = { portfolioId, sym: 'BINANCE_SPOT_BTC_USDT', side: 'BUY', orderQty: '0.001', orderType: 'LIMIT', limitPrice: '40000', timeInForce: 'GTC' };
    assert.equal((await server.client.post('/api/v1/trading/order', order)).code, 401046);

    const moved = await server.client.post(APPLY, { fromTradeAccountId: fundingId, toTradeAccountId: portfolioId, toAccountType: 'BINANCE', currency: 'USDT', amount: '1200.5' });
    assert.equal(moved.code, 200000, JSON.stringify(moved));
    assert.equal(moved.data.clientOrderId, '');
    assert.equal(await fundingUsdt(), '3799.5');
    assert.equal((await available(server.client, portfolioId, 'BINANCE', 'USDT')).available, '1200.5');
    assert.notEqual((await server.client.post('/api/v1/trading/order', order)).code, 401046);

    const statements = await server.client.get('/api/v1/trading/statement', { portfolioId, statementType: 'TRANSFER' });
    assert.equal(statements.code, 200000, JSON.stringify(statements));
    assert.deepEqual(statements.data.list.map((row: any) => [row.coin, row.exchangeType, row.deltaAmount, row.requestId]), [['USDT', 'BINANCE', '1200.5', String(moved.data.transferId)]]);

    const one = await server.client.get('/api/v1/transfer/get', { transferId: String(moved.data.transferId) });
    assert.equal(one.code, 200000, JSON.stringify(one));
    assert.deepEqual(
      [one.data.fromTradeAccountId, one.data.fromAccountType, String(one.data.toTradeAccountId), one.data.toAccountType, one.data.amount, one.data.amountReceived, one.data.networkFee, one.data.status],
      [Number(fundingId), 'FUNDING', portfolioId, 'BINANCE', 1200.5, 1200.5, 0, 1],
    );
  });

  it('between venues of a portfolio and between portfolios; a portfolio key moves only its own portfolio’s funds (401010)', async () => {
    const a = await createPortfolio(server.client, 'BetweenAaaa1');
    const b = await createPortfolio(server.client, 'BetweenBbbb1');
    await fund(server, a, 'USDT', '1000', 'BINANCE');
    assert.equal((await server.client.post(APPLY, { fromTradeAccountId: a, fromAccountType: 'BINANCE', toTradeAccountId: a, toAccountType: 'OKX', currency: 'USDT', amount: '300' })).code, 200000);
    assert.equal((await server.client.post(APPLY, { fromTradeAccountId: a, fromAccountType: 'OKX', toTradeAccountId: b, toAccountType: 'OKX', currency: 'USDT', amount: '100' })).code, 200000);
    assert.equal((await available(server.client, a, 'BINANCE', 'USDT')).available, '700');
    assert.equal((await available(server.client, a, 'OKX', 'USDT')).available, '200');
    assert.equal((await available(server.client, b, 'OKX', 'USDT')).available, '100');

    const key = await createKey(server.client, a, { permission: 'READ,TRANSFER' });
    assert.equal((await key.client.post(APPLY, { fromTradeAccountId: a, fromAccountType: 'OKX', toTradeAccountId: a, toAccountType: 'BINANCE', currency: 'USDT', amount: '50' })).code, 200000);
    assert.equal(await code(key.client, { fromTradeAccountId: a, fromAccountType: 'OKX', toTradeAccountId: b, toAccountType: 'OKX', currency: 'USDT', amount: '50' }), 401010);
    assert.equal(await code(key.client, { fromTradeAccountId: a, fromAccountType: 'OKX', toTradeAccountId: fundingId, currency: 'USDT', amount: '50' }), 401010);
    assert.equal(await code(key.client, { fromTradeAccountId: b, fromAccountType: 'OKX', toTradeAccountId: a, toAccountType: 'OKX', currency: 'USDT', amount: '50' }), 401010);
    const readOnly = await createKey(server.client, b, { permission: 'READ' });
    assert.equal(await code(readOnly.client, { fromTradeAccountId: b, fromAccountType: 'OKX', toTradeAccountId: b, toAccountType: 'BINANCE', currency: 'USDT', amount: '5' }), 2002);

    const list = await key.client.get('/api/v1/transfer/list', {});
    assert.equal(list.code, 200000, JSON.stringify(list));
    assert.equal(list.data.list.length, 3, JSON.stringify(list.data));
    assert.ok(list.data.list.every((row: any) => String(row.fromTradeAccountId) === a || String(row.toTradeAccountId) === a), JSON.stringify(list.data));
    const all = await server.client.get('/api/v1/transfer/list', { currency: 'USDT', status: '1' });
    assert.ok(all.data.totalSize >= 4);
    const bills = await key.client.get('/api/v1/asset/bills', { type: '1' });
    assert.equal(bills.code, 200000, JSON.stringify(bills));
    assert.deepEqual(bills.data.list.map((row: any) => [row.type, row.status, row.amount]), [[1, 1, 50], [1, 1, 100], [1, 1, 300]]);
    assert.equal((await server.client.get('/api/v1/asset/bills', {})).code, 100003, 'a primary key reads the transfer, deposit and withdrawal histories instead');
  });

  it('requestId makes a transfer idempotent (decisions N1): the same content returns the first, other content 403015', async () => {
    const p = await createPortfolio(server.client, 'Idempotent01');
    await fund(server, p, 'USDT', '1000', 'OKX');
    const params = { fromTradeAccountId: p, fromAccountType: 'OKX', toTradeAccountId: p, toAccountType: 'BINANCE', currency: 'USDT', amount: '10', requestId: 'move-1' };
    const first = await server.client.post(APPLY, params);
    const again = await server.client.post(APPLY, params);
    assert.equal(first.code, 200000, JSON.stringify(first));
    assert.deepEqual(again.data, first.data);
    assert.equal(first.data.clientOrderId, 'move-1');
    assert.deepEqual(await server.client.post(APPLY, { ...params, requestId: undefined, clientOrderId: 'move-1' }).then((a) => a.data), first.data, 'clientOrderId is its alias');
    assert.equal((await available(server.client, p, 'BINANCE', 'USDT')).available, '10', 'moved once');
    assert.equal(await code(server.client, { ...params, amount: '11' }), 403015);
    assert.equal(await code(server.client, { ...params, requestId: 'x'.repeat(64) }), 403016);
    const byClient = await server.client.get('/api/v1/transfer/get', { clientOrderId: 'move-1' });
    assert.equal(byClient.data.transferId, first.data.transferId);
  });

  it('a requestId another portfolio used answers a portfolio key 401010, never that portfolio’s transfer', async () => {
    const a = await createPortfolio(server.client, 'ReplayAaaaa1');
    const b = await createPortfolio(server.client, 'ReplayBbbbb1');
    await fund(server, b, 'USDT', '100', 'BINANCE');
    const keyA = await createKey(server.client, a, { permission: 'READ,TRANSFER' });
    const keyB = await createKey(server.client, b, { permission: 'READ,TRANSFER' });
    const params = { fromTradeAccountId: b, fromAccountType: 'BINANCE', toTradeAccountId: b, toAccountType: 'OKX', currency: 'USDT', amount: '4', requestId: 'rq77' };
    const first = await keyB.client.post(APPLY, params);
    assert.equal(first.code, 200000, JSON.stringify(first));
    const replayed = await keyA.client.post(APPLY, params);
    assert.equal(replayed.code, 401010, JSON.stringify(replayed));
    assert.deepEqual((await server.client.post(APPLY, params)).data, first.data, 'the primary key may see it: the first transfer');
    assert.equal((await available(server.client, b, 'OKX', 'USDT')).available, '4', 'moved once');
  });

  it('a portfolio key naming an account not its own gets 401010 whatever the type, so it cannot probe its user’s ids', async () => {
    const a = await createPortfolio(server.client, 'ProbeAaaaaa1');
    const b = await createPortfolio(server.client, 'ProbeBbbbbb1');
    await fund(server, a, 'USDT', '100', 'BINANCE');
    const key = await createKey(server.client, a, { permission: 'READ,TRANSFER' });
    const own = { fromTradeAccountId: a, fromAccountType: 'BINANCE', toTradeAccountId: a, toAccountType: 'OKX', currency: 'USDT', amount: '1' };
    const cases: Record<string, string | undefined>[] = [
      { fromTradeAccountId: b, fromAccountType: undefined },
      { fromTradeAccountId: b, fromAccountType: 'FUNDING' },
      { fromTradeAccountId: fundingId, fromAccountType: 'BINANCE' },
      { toTradeAccountId: fundingId, toAccountType: 'OKX' },
      { toTradeAccountId: b, toAccountType: 'FUNDING' },
      { fromTradeAccountId: '1234567890123456' },
      { toTradeAccountId: '1234567890123456' },
    ];
    for (const change of cases) assert.equal(await code(key.client, { ...own, ...change } as Record<string, string>), 401010, JSON.stringify(change));
    assert.equal((await available(server.client, a, 'BINANCE', 'USDT')).available, '100');
  });

  it('answers each 403xxx code real input reaches, and moves nothing', async () => {
    const p = await createPortfolio(server.client, 'BadTransfer1');
    const other = await createPortfolio(server.client, 'BadTransfer2');
    await fund(server, p, 'USDT', '100', 'BINANCE');
    const base = { fromTradeAccountId: p, fromAccountType: 'BINANCE', toTradeAccountId: other, toAccountType: 'OKX', currency: 'USDT', amount: '10' };
    const cases: [Record<string, string | undefined>, number][] = [
      [{ fromTradeAccountId: undefined, toTradeAccountId: undefined }, 403000],
      [{ fromTradeAccountId: 'abc' }, 403001],
      [{ fromTradeAccountId: undefined }, 403001],
      [{ toTradeAccountId: 'x1' }, 403002],
      [{ fromAccountType: 'SPOT' }, 403003],
      [{ fromAccountType: undefined }, 403003],
      [{ toAccountType: 'FUNDING' }, 403004],
      [{ amount: '0' }, 403005],
      [{ amount: '-5' }, 403005],
      [{ amount: 'ten' }, 403005],
      [{ fromTradeAccountId: '1234567890123456' }, 403006],
      [{ toTradeAccountId: '1234567890123456' }, 403007],
      [{ fromTradeAccountId: fundingId, fromAccountType: undefined, toTradeAccountId: fundingId, toAccountType: undefined }, 403008],
      [{ toTradeAccountId: p, toAccountType: 'BINANCE' }, 403009],
      [{ currency: 'XYZ' }, 403010],
      [{ amount: '1.1234567' }, 403011],
      [{ amount: '0.5' }, 403012],
      [{ amount: '100.000001' }, 403013],
    ];
    for (const [change, expected] of cases) assert.equal(await code(server.client, { ...base, ...change } as Record<string, string>), expected, JSON.stringify(change));
    assert.equal((await available(server.client, p, 'BINANCE', 'USDT')).available, '100');
    assert.equal((await server.client.get('/api/v1/transfer/get', { transferId: '1234567890123456' })).code, 403014);
  });

  it('refuses more than maxTransferable (403013) and moves exactly that much', async () => {
    const p = await createPortfolio(server.client, 'MaxTransfer1');
    await fund(server, p, 'USDT', '500', 'BINANCE');
    const freeze = await server.client.post('/api/v1/trading/order', { portfolioId: p, sym: 'BINANCE_SPOT_BTC_USDT', side: 'BUY', orderQty: '0.002', orderType: 'LIMIT', limitPrice: '50000', timeInForce: 'GTC' });
    assert.equal(freeze.code, 200000, JSON.stringify(freeze));
    const { available: free, maxTransferable } = await available(server.client, p, 'BINANCE', 'USDT');
    assert.equal(maxTransferable, free, 'without positions: what the open order left available');
    const params = { fromTradeAccountId: p, fromAccountType: 'BINANCE', toTradeAccountId: fundingId, currency: 'USDT' };
    const beyond = (Number(maxTransferable) + 0.000001).toFixed(6);
    assert.equal(await code(server.client, { ...params, amount: beyond }), 403013);
    assert.equal(await code(server.client, { ...params, amount: maxTransferable }), 200000);
    assert.equal((await available(server.client, p, 'BINANCE', 'USDT')).maxTransferable, '0');
  });
  it('with a network between two places it travels on the chain: in progress (0), then received less the network fee (1)', async () => {
    await depositToFunding('100');
    const p = await createPortfolio(server.client, 'ChainTransfer');
    const before = Number(await fundingUsdt());
    const moved = await server.client.post(APPLY, { fromTradeAccountId: fundingId, toTradeAccountId: p, toAccountType: 'OKX', currency: 'USDT', amount: '50', network: 'TRC20' });
    assert.equal(moved.code, 200000, JSON.stringify(moved));
    const travelling = await server.client.get('/api/v1/transfer/get', { transferId: String(moved.data.transferId) });
    assert.deepEqual([travelling.data.status, travelling.data.network, travelling.data.networkFee, travelling.data.amountReceived], [0, 'TRC20', 1, 49]);
    assert.equal(Number(await fundingUsdt()), before - 50);
    assert.equal((await available(server.client, p, 'OKX', 'USDT')).available, '0');
    const tick = await server.admin.call('POST', '/sim/tick', { count: '1', elapsedMs: '60000' });
    assert.equal(tick.code, 200000);
    assert.equal((await server.client.get('/api/v1/transfer/get', { transferId: String(moved.data.transferId) })).data.status, 1);
    assert.equal((await available(server.client, p, 'OKX', 'USDT')).available, '49');
    assert.equal(await code(server.client, { fromTradeAccountId: fundingId, toTradeAccountId: p, toAccountType: 'OKX', currency: 'USDT', amount: '3', network: 'ERC20' }), 403012, 'no more than the fee');
  });
});
