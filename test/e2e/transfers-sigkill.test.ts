/**
 * Issue 11 item 5: a SIGKILL between a transfer's acknowledgement and its projection into history loses no
 * transfer and performs none twice. Transfer i moves 2^i USDT between the demo portfolio's venue accounts,
 * so the balance after the restart says exactly which landed; each acknowledged one is in the history once,
 * and sending every requestId again moves nothing more (decisions N1).
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { ConnexClient } from '../../src/client/connex-client.ts';
import { add, formatFixed, parseFixed, sum, times, type Amount } from '../../src/domain/money.ts';
import { readDemoCredentials, restartableServer } from '../support/process.ts';

const UNIT = parseFixed<'amount'>('1')!;
const TRANSFERS = 19; // Σ 2^i USDT for i < 19 stays within the demo's 1,000,000
const amountOf = (i: number) => formatFixed(times(UNIT, 1n << BigInt(i)));
const START = parseFixed<'amount'>('1000000')!; // the demo's USDT on each venue
const UNLIMITED = JSON.stringify({ '*': { portfolioAssets: [100_000, 1000] } });

describe('transfers across SIGKILL', () => {
  const servers = restartableServer('transfers-kill', { RATE_LIMITS: UNLIMITED, SIM_TICK_MS: '0' });
  const { dataDir, start } = servers;
  after(() => servers.close());

  it('loses no acknowledged transfer and performs none twice', async (t) => {
    const first = await start();
    const demo = readDemoCredentials(dataDir);
    const client = new ConnexClient(first.baseUrl, { apiKey: demo.apiKey, secretKey: demo.secretKey });
    const transfer = (c: ConnexClient, i: number) =>
      c.post('/api/v1/transfer/apply', {
        fromTradeAccountId: demo.portfolioId,
        fromAccountType: 'BINANCE',
        toTradeAccountId: demo.portfolioId,
        toAccountType: 'OKX',
        currency: 'USDT',
        amount: amountOf(i),
        requestId: `move${i}`,
      });
    const acked: number[] = [];
    const refused: string[] = [];
    let sent = 0;
    let stop = false;
    const writer = (async () => {
      for (let i = 0; !stop && i < TRANSFERS; i++) {
        sent = i + 1;
        const answer = await transfer(client, i).catch(() => null);
        if (answer?.code === 200000) acked.push(i);
        else if (answer) refused.push(JSON.stringify(answer));
      }
      stop = true;
    })();
    while (acked.length < 8 && !stop && refused.length === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    assert.deepEqual(refused, []);
    first.child.kill('SIGKILL');
    stop = true;
    await writer;
    await first.exited;
    t.diagnostic(`acknowledged before the kill: ${acked.length} of ${sent} sent`);

    const second = await start();
    const again = new ConnexClient(second.baseUrl, { apiKey: demo.apiKey, secretKey: demo.secretKey });
    const okxUsdt = async (): Promise<Amount> => {
      const answer = await again.get('/api/v1/trading/portfolio/assets', { exchangeType: 'OKX' });
      assert.equal(answer.code, 200000, JSON.stringify(answer));
      return parseFixed<'amount'>(answer.data.list.find((row: any) => row.coin === 'USDT').available)!;
    };
    const listed = await again.get('/api/v1/transfer/list', { currency: 'USDT', pageSize: '1000' });
    assert.equal(listed.code, 200000, JSON.stringify(listed));
    // Each transfer's amount (2^i USDT) names it.
    const amounts: string[] = listed.data.list.map((row: any) => String(row.amount)); // JSON numbers (connex-api.md §1.5), whole USDT here
    assert.equal(new Set(amounts).size, amounts.length, 'no transfer twice in the history');
    for (const i of acked) assert.ok(amounts.includes(amountOf(i)), `acknowledged transfer move${i} lost`);
    const landed = Array.from({ length: sent }, (_, i) => i).filter((i) => amounts.includes(amountOf(i)));
    const expected = add(START, sum(landed.map((i) => times(UNIT, 1n << BigInt(i)))));
    assert.equal(formatFixed(await okxUsdt()), formatFixed(expected), 'the balance says exactly the transfers the history holds');

    for (let i = 0; i < sent; i++) assert.equal((await transfer(again, i)).code, 200000);
    const resent = add(START, sum(Array.from({ length: sent }, (_, i) => times(UNIT, 1n << BigInt(i)))));
    assert.equal(formatFixed(await okxUsdt()), formatFixed(resent), 'sending every requestId again moved only the ones that had not landed');
    const relisted = await again.get('/api/v1/transfer/list', { currency: 'USDT', pageSize: '1000' });
    assert.equal(relisted.data?.list?.length, sent, `one transfer per requestId: ${JSON.stringify(relisted).slice(0, 300)}`);
  });
});
