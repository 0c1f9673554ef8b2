/**
 * Issue 12 item 5: a SIGKILL between an algo's trigger and its child order neither loses nor duplicates the
 * child. Ten stop-losses on one long fire in the ticks after a price drop; the server is killed while those ticks
 * run, restarted, and ticked on: each algo ends with exactly one child, and the long is closed exactly once.
 */
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { AdminClient, ConnexClient } from '../../src/client/connex-client.ts';
import { formatFixed, mul, parseFixed, roundToStep } from '../../src/domain/money.ts';
import { readDemoCredentials, restartableServer } from '../support/process.ts';

const BTC_PERP = 'BINANCE_PERP_BTC_USDT';
const STOPS = 10;
const UNLIMITED = JSON.stringify({ '*': { orderWrite: [100_000, 1000], orderRead: [100_000, 1000], leverage: [100_000, 1000], marketReference: [100_000, 1000], positionRead: [100_000, 1000], algo: [100_000, 1000] } });

describe('algo orders across SIGKILL', () => {
  const servers = restartableServer('algo-kill', { RATE_LIMITS: UNLIMITED, SIM_TICK_MS: '0' });
  const { dataDir, start } = servers;
  after(() => servers.close());

  it('each triggered algo has exactly one child after a kill in the middle of the ticks that fire them', async (t) => {
    const first = await start();
    const demo = readDemoCredentials(dataDir);
    const client = new ConnexClient(first.baseUrl, { apiKey: demo.apiKey, secretKey: demo.secretKey });
    const admin = new AdminClient(first.baseUrl, demo.adminToken);
    assert.equal((await admin.call('POST', '/sim/tick', { count: '1', elapsedMs: '1000' })).code, 200000);
    assert.equal((await client.post('/api/v1/trading/position/leverage', { sym: BTC_PERP, leverage: '10' })).code, 200000);
    assert.equal((await client.post('/api/v1/trading/order', { sym: BTC_PERP, side: 'BUY', orderType: 'MARKET', orderQty: '1', syncMode: 'true' })).code, 200000);
    const mark = parseFixed<'price'>((await client.get('/api/v1/market/markPrice', { sym: BTC_PERP })).data[0].markPrice)!;
    const algoIds: string[] = [];
    for (let i = 0; i < STOPS; i++) {
      const slTriggerPrice = formatFixed(roundToStep(mul(mark, parseFixed<'rate'>(String(0.97 - i * 0.002))!), parseFixed<'price'>('0.1')!, 'down'));
      const answer = await client.post('/api/v1/algo/order', { algoOrderType: 'TPSL', sym: BTC_PERP, conditionType: 'CONDITIONAL', side: 'SELL', orderQty: '0.1', reduceOnly: 'true', slTriggerPrice, slTriggerType: 'MARK_PRICE', clientOrderId: `stop${i}` });
      assert.equal(answer.code, 200000, JSON.stringify(answer));
      algoIds.push(answer.data.algoOrderId);
    }
    assert.equal((await admin.call('POST', '/sim/price', { asset: 'BTC', price: formatFixed(roundToStep(mul(mark, parseFixed<'rate'>('0.9')!), parseFixed<'price'>('1')!, 'down')) })).code, 200000);
    // The ticks that move the mark down through the stops run while the server is killed.
    const ticking = admin.call('POST', '/sim/tick', { count: '20', elapsedMs: '1000' }).catch(() => null);
    await new Promise((resolve) => setTimeout(resolve, 20 + Math.floor(Math.random() * 280)));
    first.child.kill('SIGKILL');
    await ticking;
    await first.exited;

    const second = await start();
    const again = new ConnexClient(second.baseUrl, { apiKey: demo.apiKey, secretKey: demo.secretKey });
    const adminAgain = new AdminClient(second.baseUrl, demo.adminToken);
    const childrenOf = async (algoOrderId: string) => {
      const subOrders = await again.get('/api/v1/algo/history/subOrders', { algoOrderId });
      assert.equal(subOrders.code, 200000, JSON.stringify(subOrders));
      return subOrders.data.list as { orderId: string }[];
    };
    let firedBefore = 0;
    for (const algoOrderId of algoIds) if ((await childrenOf(algoOrderId)).length > 0) firedBefore++;
    t.diagnostic(`algos that had fired before the kill: ${firedBefore} of ${STOPS}`);
    assert.equal((await adminAgain.call('POST', '/sim/tick', { count: '20', elapsedMs: '1000' })).code, 200000);
    for (const algoOrderId of algoIds) {
      const list = await childrenOf(algoOrderId);
      assert.equal(list.length, 1, `algo ${algoOrderId}: exactly one child (${JSON.stringify(list.map((o) => o.orderId))})`);
    }
    const position = (await again.get('/api/v1/trading/position', { sym: BTC_PERP, zeroFilter: 'true' })).data;
    assert.deepEqual(position, [], 'the long closed exactly once: ten children of 0.1');
  });
});
