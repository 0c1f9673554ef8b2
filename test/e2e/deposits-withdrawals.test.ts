/**
 * Simulated chains end to end (connex-api.md §4.6, §6; decisions D1, N2): deterministic deposit addresses,
 * the operator's on-chain deposit confirming over venue ticks into the funding account or the destination
 * set by deposit/exchange, deposit history, withdrawals under WITHDRAW through statuses 1 → 2 → 3 with the
 * network fee, the operator failing one (5 / 4), and withdrawal history.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ConnexClient } from '../../src/client/connex-client.ts';
import { createKey, createPortfolio } from '../support/accounts.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { fund, TRADING_ENV } from '../support/trading.ts';

const ENV = {
  RATE_LIMITS: JSON.stringify({ '*': { ...JSON.parse(TRADING_ENV.RATE_LIMITS)['*'], fundingAccount: [100000, 1000], depositExchange: [100000, 1000] } }),
};
const WITHDRAW = '/api/v1/withdraw/apply';

describe('deposits and withdrawals on the simulated chains', () => {
  let server: TestServer;
  let fundingId: string;

  async function tickMs(elapsedMs: number): Promise<void> {
    const answer = await server.admin.call('POST', '/sim/tick', { count: '1', elapsedMs: String(elapsedMs) });
    assert.equal(answer.code, 200000, JSON.stringify(answer));
  }

  async function address(currency: string, network: string, client: ConnexClient = server.client): Promise<any> {
    const answer = await client.get('/api/v1/deposit/address', { currency, network, accountType: 'portfolio' });
    assert.equal(answer.code, 200000, JSON.stringify(answer));
    return answer.data;
  }

  async function funding(currency: string): Promise<any> {
    const answer = await server.client.get('/api/v1/asset/getAccountCurrencyInfo', { currency });
    assert.equal(answer.code, 200000, JSON.stringify(answer));
    return answer.data[0].assetInfo[0];
  }

  async function deposit(to: string, currency: string, network: string, amount: string): Promise<string> {
    const sent = await server.admin.call('POST', '/deposits/onchain', { address: to, currency, network, amount });
    assert.equal(sent.code, 200000, JSON.stringify(sent));
    return sent.data.depositId;
  }

  async function withdrawal(id: string): Promise<any> {
    const answer = await server.client.get('/api/v1/userWithdrawRecord/list', { id });
    assert.equal(answer.code, 200000, JSON.stringify(answer));
    return answer.data.list[0];
  }

  async function mainAvailable(venue: string, coin: string, portfolioId?: string): Promise<string> {
    const assets = await server.client.get('/api/v1/trading/portfolio/assets', { portfolioId, exchangeType: venue });
    return assets.data.list.find((row: any) => row.coin === coin)?.available ?? '0';
  }

  before(async () => {
    server = await startTestServer({ env: ENV });
    fundingId = String((await server.client.get('/api/v1/tradeAccount/list')).data[0].accountId);
  });
  after(() => server.stop());

  it('deposit/address: the same address for a user, coin and network every time; 403010 for a pair no chain carries', async () => {
    const first = await address('USDT', 'TRC20');
    assert.deepEqual(await address('USDT', 'TRC20'), first);
    assert.match(first.address, /^T[0-9a-f]{40}$/);
    assert.equal(first.accountType, 'FUNDING');
    assert.equal(first.minimum, '1');
    assert.match((await address('USDT', 'ERC20')).address, /^0x[0-9a-f]{40}$/);
    assert.notEqual((await address('USDT', 'ERC20')).address, (await address('USDC', 'ERC20')).address);
    assert.equal((await server.client.get('/api/v1/deposit/address', { currency: 'BTC', network: 'TRC20' })).code, 403010);
  });

  it('an on-chain deposit is executing (2) until its confirmation time of venue time passes, then lands in the funding account (3)', async () => {
    const to = (await address('BTC', 'BTC')).address;
    const depositId = await deposit(to, 'BTC', 'BTC', '0.5');
    const pending = await server.client.get('/api/v1/deposit/history', { currency: 'BTC' });
    assert.equal(pending.code, 200000, JSON.stringify(pending));
    assert.deepEqual(pending.data.list.map((row: any) => [String(row.id), row.status, row.amount, row.address, row.accountType]), [[depositId, 2, 0.5, to, 'FUNDING']]);
    assert.equal(await funding('BTC'), undefined);

    await tickMs(5 * 60_000);
    assert.equal((await server.client.get('/api/v1/deposit/history', { currency: 'BTC' })).data.list[0].status, 2, 'BTC takes 10 minutes');
    await tickMs(5 * 60_000);
    const done = await server.client.get('/api/v1/deposit/history', { currency: 'BTC', status: '3' });
    assert.deepEqual(done.data.list.map((row: any) => [String(row.id), String(row.accountId)]), [[depositId, fundingId]]);
    assert.deepEqual(await funding('BTC'), { currency: 'BTC', totalBalance: '0.5', available: '0.5', withdrawAvailable: '0.5', frozen: '0', valueUsdt: (await funding('BTC'))!.valueUsdt } as any);
    assert.equal((await server.admin.call('POST', '/deposits/onchain', { address: 'nobody', currency: 'BTC', network: 'BTC', amount: '1' })).code, 400000);
    assert.equal((await server.admin.call('POST', '/deposits/onchain', { address: to, currency: 'BTC', network: 'BTC', amount: '0.00001' })).code, 403012);
  });

  it('a withdrawal freezes its amount, is approved (2) after a minute, executed (3) after the network’s time; the address gets it less the fee', async () => {
    const to = (await address('USDT', 'TRC20')).address;
    await deposit(to, 'USDT', 'TRC20', '1000');
    await tickMs(60_000);
    assert.equal((await funding('USDT'))!.available, '1000');

    const applied = await server.client.post(WITHDRAW, { currency: 'USDT', network: 'TRC20', address: 'TXdestination', amount: '250', clientOrderId: 'w-1' });
    assert.equal(applied.code, 200000, JSON.stringify(applied));
    assert.deepEqual((await server.client.post(WITHDRAW, { currency: 'USDT', network: 'TRC20', address: 'TXdestination', amount: '250', clientOrderId: 'w-1' })).data, applied.data, 'idempotent');
    const id = String(applied.data.withdrawId);
    const asked = await withdrawal(id);
    assert.deepEqual([asked.status, asked.amount, asked.networkFee, asked.amountReceived, String(asked.accountId), asked.fromAccountType, asked.txId, asked.clientOrderId], [1, 250, 1, 249, fundingId, 'FUNDING', '', 'w-1']);
    assert.deepEqual([(await funding('USDT'))!.available, (await funding('USDT'))!.frozen], ['750', '250']);

    await tickMs(60_000);
    const approved = await withdrawal(id);
    assert.equal(approved.status, 2);
    assert.match(approved.txId, /^0x[0-9a-f]{64}$/);
    await tickMs(60_000);
    assert.equal((await withdrawal(id)).status, 3);
    assert.deepEqual([(await funding('USDT'))!.available, (await funding('USDT'))!.frozen], ['750', '0']);
    const executed = await server.client.get('/api/v1/userWithdrawRecord/list', { status: '3', fromAccountType: 'FUNDING' });
    assert.deepEqual(executed.data.list.map((row: any) => String(row.Id)), [id]);
  });

  it('the operator fails a withdrawal: 5 before approval, 4 after; the amount is available again', async () => {
    const first = await server.client.post(WITHDRAW, { currency: 'USDT', network: 'TRC20', address: 'TXa', amount: '100' });
    const failed = await server.admin.call('POST', '/withdrawals/fail', { withdrawId: String(first.data.withdrawId), reason: 'address screening' });
    assert.deepEqual(failed.data, { status: 5 });
    const rejected = await withdrawal(String(first.data.withdrawId));
    assert.deepEqual([rejected.status, rejected.info], [5, 'address screening']);

    const second = await server.client.post(WITHDRAW, { currency: 'USDT', network: 'TRC20', address: 'TXb', amount: '100' });
    await tickMs(60_000);
    assert.deepEqual((await server.admin.call('POST', '/withdrawals/fail', { withdrawId: String(second.data.withdrawId) })).data, { status: 4 });
    assert.equal((await withdrawal(String(second.data.withdrawId))).status, 4);
    assert.equal((await server.admin.call('POST', '/withdrawals/fail', { withdrawId: String(second.data.withdrawId) })).code, 403014);
    assert.deepEqual([(await funding('USDT'))!.available, (await funding('USDT'))!.frozen], ['750', '0']);
  });

  it('from a portfolio’s venue account, under WITHDRAW only, within maxTransferable; bad input answers its code', async () => {
    const portfolioId = await createPortfolio(server.client, 'Withdrawals01');
    await fund(server, portfolioId, 'USDT', '100', 'BINANCE');
    const reader = await createKey(server.client, portfolioId, { permission: 'READ' });
    const base = { accountId: portfolioId, fromAccountType: 'BINANCE', currency: 'USDT', network: 'TRC20', address: 'TXc', amount: '50' };
    assert.equal((await reader.client.post(WITHDRAW, base)).code, 2002);
    const cases: [Record<string, string | undefined>, number][] = [
      [{ fromAccountType: undefined }, 403003],
      [{ accountId: '1234567890123456' }, 403006],
      [{ network: 'ERC21' }, 403010],
      [{ amount: '0' }, 403005],
      [{ amount: '1' }, 403012],
      [{ amount: '100.5' }, 403013],
      [{ address: undefined }, 400009],
      [{ clientOrderId: 'c'.repeat(64) }, 403016],
    ];
    for (const [change, expected] of cases) assert.equal((await server.client.post(WITHDRAW, { ...base, ...change } as Record<string, string>)).code, expected, JSON.stringify(change));
    const sent = await server.client.post(WITHDRAW, base);
    assert.equal(sent.code, 200000, JSON.stringify(sent));
    const assets = await server.client.get('/api/v1/trading/portfolio/assets', { portfolioId, exchangeType: 'BINANCE' });
    assert.deepEqual([assets.data.list[0].available, assets.data.list[0].frozen], ['50', '50']);
    const statements = await server.client.get('/api/v1/trading/statement', { portfolioId, statementType: 'TRANSFER' });
    assert.deepEqual(statements.data.list.map((row: any) => row.deltaAmount), ['-50', '100']);
  });
  it('a clientOrderId is idempotent per source account: another account’s withdrawal is never answered (403015, 401010)', async () => {
    const a = await createPortfolio(server.client, 'WithdrawKeyA');
    const c = await createPortfolio(server.client, 'WithdrawKeyC');
    await fund(server, a, 'USDT', '100', 'BINANCE');
    await fund(server, c, 'USDT', '100', 'BINANCE');
    const keyA = await createKey(server.client, a, { permission: 'READ,WITHDRAW' });
    const keyC = await createKey(server.client, c, { permission: 'READ,WITHDRAW' });
    const body = { fromAccountType: 'BINANCE', currency: 'USDT', network: 'TRC20', address: 'TXyz', amount: '20', clientOrderId: 'wx9' };
    const first = await keyC.client.post(WITHDRAW, body);
    assert.equal(first.code, 200000, JSON.stringify(first));
    assert.deepEqual((await keyC.client.post(WITHDRAW, { ...body, accountId: c })).data, first.data, 'the same account named: the first withdrawal');
    assert.equal((await keyA.client.post(WITHDRAW, body)).code, 403015, 'from A: other content');
    assert.equal((await keyA.client.post(WITHDRAW, { ...body, accountId: c })).code, 401010, 'C is not A’s to name');
    assert.equal((await server.client.post(WITHDRAW, { ...body, fromAccountType: undefined })).code, 403015, 'from the funding account: other content');
    assert.deepEqual((await server.client.post(WITHDRAW, { ...body, accountId: c })).data, first.data, 'the primary key naming C: the first withdrawal');
    const assets = await keyA.client.get('/api/v1/trading/portfolio/assets', { exchangeType: 'BINANCE' });
    assert.deepEqual([assets.data.list[0].available, assets.data.list[0].frozen], ['100', '0']);
    assert.deepEqual((await keyA.client.get('/api/v1/userWithdrawRecord/list', {})).data.list, []);
  });

  it('a portfolio key naming an account not its own gets 401010 whatever the type', async () => {
    const a = await createPortfolio(server.client, 'WithdrawProbe');
    const other = await createPortfolio(server.client, 'WithdrawOther');
    const key = await createKey(server.client, a, { permission: 'READ,WITHDRAW' });
    const base = { currency: 'USDT', network: 'TRC20', address: 'TXd', amount: '10' };
    for (const change of [{ accountId: fundingId, fromAccountType: 'BINANCE' }, { accountId: other, fromAccountType: 'FUNDING' }, { accountId: other }, { accountId: '1234567890123456', fromAccountType: 'OKX' }]) {
      assert.equal((await key.client.post(WITHDRAW, { ...base, ...change })).code, 401010, JSON.stringify(change));
    }
  });

  it('deposit/exchange routes a pair to the main portfolio’s venue account; a portfolio key routes to its own, seen in its bills', async () => {
    const set = await server.client.post('/api/v1/deposit/exchange', { exchange: 'OKX', currency: 'ETH', network: 'ERC20' });
    assert.equal(set.code, 200000, JSON.stringify(set));
    assert.equal((await server.client.post('/api/v1/deposit/exchange', { exchange: 'OKX', currency: 'USDT' })).code, 400000);
    const to = await address('ETH', 'ERC20');
    assert.equal(to.accountType, 'OKX');
    assert.equal((await address('USDT', 'TRC20')).accountType, 'FUNDING', 'other pairs still land in the funding account');
    const before = Number(await mainAvailable('OKX', 'ETH'));
    await deposit(to.address, 'ETH', 'ERC20', '2');
    await tickMs(2 * 60_000);
    assert.equal(Number(await mainAvailable('OKX', 'ETH')), before + 2);

    const portfolioId = await createPortfolio(server.client, 'DepositDest01');
    const key = await createKey(server.client, portfolioId, { permission: 'READ,TRANSFER' });
    assert.equal((await key.client.post('/api/v1/deposit/exchange', { exchange: 'BINANCE', currency: 'SOL', network: 'SOL' })).code, 200000);
    await deposit((await address('SOL', 'SOL', key.client)).address, 'SOL', 'SOL', '5');
    await tickMs(60_000);
    const bills = await key.client.get('/api/v1/asset/bills', { type: '0' });
    assert.equal(bills.code, 200000, JSON.stringify(bills));
    assert.deepEqual(bills.data.list.map((row: any) => [row.type, row.status, row.currency, row.amount, row.fromTradeAccountId, String(row.toTradeAccountId), row.toAccountType]), [[0, 1, 'SOL', 5, null, portfolioId, 'BINANCE']]);
    const own = await key.client.get('/api/v1/deposit/history', {});
    assert.deepEqual(own.data.list.map((row: any) => row.currency), ['SOL'], 'a portfolio key sees the deposits that landed in its portfolio');
  });

  it('deposit/exchange without a pair sets the default for every other pair', async () => {
    assert.equal((await server.client.post('/api/v1/deposit/exchange', { exchange: 'BINANCE' })).code, 200000);
    const to = await address('USDC', 'AVAXC');
    assert.equal(to.accountType, 'BINANCE');
    const before = Number(await mainAvailable('BINANCE', 'USDC'));
    await deposit(to.address, 'USDC', 'AVAXC', '30');
    await tickMs(60_000);
    assert.equal(Number(await mainAvailable('BINANCE', 'USDC')), before + 30);
  });

  it('each portfolio has its own addresses: a portfolio key’s setting routes only deposits to its portfolio, never the main portfolio’s', async () => {
    const c = await createPortfolio(server.client, 'DepositDestC');
    const keyC = await createKey(server.client, c, { permission: 'READ,TRANSFER' });
    const main = await address('USDT', 'TRC20');
    assert.equal((await keyC.client.post('/api/v1/deposit/exchange', { exchange: 'OKX' })).code, 200000);
    assert.deepEqual(await address('USDT', 'TRC20'), main, 'the main portfolio’s address and where it lands are unchanged');
    const own = await address('USDT', 'TRC20', keyC.client);
    assert.notEqual(own.address, main.address);
    assert.equal(own.accountType, 'OKX');

    const toMain = await deposit(main.address, 'USDT', 'TRC20', '300');
    const toC = await deposit(own.address, 'USDT', 'TRC20', '50');
    await tickMs(60_000);
    assert.equal(await mainAvailable('OKX', 'USDT', c), '50', 'only the deposit to C’s own address');
    const rows = (await server.client.get('/api/v1/deposit/history', { currency: 'USDT' })).data.list;
    const landed = (id: string) => rows.filter((row: any) => String(row.id) === id).map((row: any) => [String(row.accountId), row.accountType, row.status]);
    assert.deepEqual(landed(toC), [[c, 'OKX', 3]]);
    assert.notEqual(landed(toMain)[0][0], c, JSON.stringify(landed(toMain)));
    assert.deepEqual((await keyC.client.get('/api/v1/deposit/history', {})).data.list.map((row: any) => String(row.id)), [toC]);
  });

  it('a trading portfolio without a setting of its own follows the main portfolio’s, into its own account', async () => {
    const d = await createPortfolio(server.client, 'DepositDestD');
    const keyD = await createKey(server.client, d, { permission: 'READ' });
    assert.equal((await server.client.post('/api/v1/deposit/exchange', { exchange: 'OKX', currency: 'TRX', network: 'TRC20' })).code, 200000);
    const own = await address('TRX', 'TRC20', keyD.client);
    assert.equal(own.accountType, 'OKX');
    await deposit(own.address, 'TRX', 'TRC20', '40');
    await tickMs(60_000);
    assert.equal(await mainAvailable('OKX', 'TRX', d), '40');
  });
});
