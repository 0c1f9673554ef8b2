import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { parseFixed, type Fixed, type Unit } from '../../src/domain/money.ts';
import { newRng, nextInt } from '../../src/venues/sim/random/rng.ts';
import type { TestServer } from '../support/server.ts';
import { BTC, TRADING_ENV, fund, tick } from '../support/trading.ts';
import type { WsClient } from '../support/ws.ts';
import { startWsTrading, type Trader, type WsTrading } from '../support/ws-trader.ts';

const fixed = <U extends Unit>(text: string): Fixed<U> => parseFixed<U>(text)!;
const OPEN_STATES = new Set(['NEW', 'OPEN', 'PARTIALLY_FILLED']);
const WS_LIMITS = { wsPlace: [100000, 1000], wsCancel: [100000, 1000], wsReplace: [100000, 1000], wsCancelAll: [100000, 1000], wsLogin: [1000, 1000] };

describe('private WebSocket: order actions and pushes', () => {
  let trading: WsTrading;
  let server: TestServer;
  let ws: WsClient;
  let counterparty: Trader;
  let nextId = 0;
  const act = (action: string, args: Record<string, unknown>) => ws.request({ id: `r${++nextId}`, action, args });

  before(async () => {
    const limits = JSON.parse(TRADING_ENV.RATE_LIMITS);
    trading = await startWsTrading('Counter01', { ...TRADING_ENV, RATE_LIMITS: JSON.stringify({ '*': { ...limits['*'], ...WS_LIMITS } }) });
    ({ server, ws, counterparty } = trading);
  });
  after(() => trading.stop());

  it('answers order actions with the REST codes and echoes the id', async () => {
    const cases: [string, Record<string, unknown>, number][] = [
      ['place_order', { side: 'BUY', orderType: 'LIMIT', orderQty: '0.01', limitPrice: '40000' }, 400009],
      ['place_order', { sym: BTC, side: 'UP', orderType: 'LIMIT', orderQty: '0.01', limitPrice: '40000' }, 401002],
      ['place_order', { sym: BTC, side: 'BUY', orderType: 'LIMIT', orderQty: '0.01', limitPrice: '40000', colour: 'red' }, 400000],
      ['place_order', { sym: BTC, side: 'BUY', orderType: 'LIMIT', orderQty: '0.01', limitPrice: '40000', clientOrderId: 'bad-id' }, 401051],
      ['replace_order', { orderId: '1234567890123456', replacePrice: '40000' }, 401018],
      ['cancel_order', {}, 401008],
      ['cancel_orders', { exchangeType: 'NYSE' }, 401023],
    ];
    for (const [action, args, code] of cases) {
      const answer = await act(action, args);
      assert.equal(answer.code, code, `${action} ${JSON.stringify(args)}: ${answer.msg}`);
      assert.equal(answer.id, `r${nextId}`);
    }
    const placed = await act('place_order', { sym: BTC, side: 'BUY', orderType: 'LIMIT', orderQty: '0.01', limitPrice: '39000', clientOrderId: 'ws1' });
    assert.equal(placed.code, 200000);
    assert.equal(placed.event, 'place_order');
    assert.equal(placed.data.clientOrderId, 'ws1');
    const push = (await ws.next((f) => f.json?.channel === 'Orders' && f.json.data.orderId === placed.data.orderId)).json;
    assert.equal(push.instId, BTC);
    assert.equal(push.data.clientOrderId, 'ws1');
    const cancelled = await act('cancel_order', { orderId: placed.data.orderId });
    assert.deepEqual(cancelled.data, { orderId: placed.data.orderId, clientOrderId: 'ws1', orderState: 'OPEN', action: 'CANCEL_PENDING' });
    const again = await act('cancel_orders', { sym: BTC });
    assert.deepEqual([again.code, again.data], [200000, {}]);
    await tick(server);
  });

  it('folding the pushes gives exactly the orders, fills and balances that REST reports', async () => {
    const rng = newRng(20261125);
    const random = (n: number) => nextInt(rng, n);
    const open = new Set<string>();
    let replaced = 0;
    let cancelled = 0;
    for (let step = 0; step < 150; step++) {
      const choice = random(10);
      const price = String(39_800 + random(40) * 10);
      const qty = `0.0${1 + random(9)}`;
      if (choice < 4 || open.size === 0) {
        const side = random(2) === 0 ? 'BUY' : 'SELL';
        const answer = await act('place_order', { sym: BTC, side, orderType: 'LIMIT', orderQty: qty, limitPrice: price });
        // 401043: it would have traded against one of our own resting orders (self-trade prevention).
        if (answer.code === 401043) continue;
        assert.equal(answer.code, 200000, answer.msg);
        open.add(answer.data.orderId);
      } else if (choice < 6) {
        const side = random(2) === 0 ? 'BUY' : 'SELL';
        const crossing = await counterparty.client.post('/api/v1/trading/order', { sym: BTC, side, orderType: 'LIMIT', timeInForce: 'IOC', orderQty: qty, limitPrice: side === 'BUY' ? '40300' : '39700' });
        assert.equal(crossing.code, 200000, crossing.message);
      } else {
        const orderId = [...open][random(open.size)];
        const answer = choice < 8
          ? await act('replace_order', random(2) ? { orderId, replacePrice: price } : { orderId, replaceQty: qty })
          : await act('cancel_order', { orderId });
        if (answer.code === 200000) choice < 8 ? replaced++ : cancelled++;
        else open.delete(orderId);
        if (choice >= 8 || random(4) === 0) await tick(server);
      }
    }
    await act('cancel_orders', { sym: BTC });
    await tick(server);
    // A deposit is pushed after everything before it: once it arrives, every earlier push has too.
    await fund(server, server.demo.portfolioId, 'ETH', '0.125', 'OKX');
    await ws.next((f) => f.json?.channel === 'Assets' && f.json.data.coin === 'ETH' && f.json.data.exchangeType === 'OKX' && f.json.data.available === '100.125');

    const pushes = ws.frames.map((f) => f.json).filter((m) => m?.channel);
    const orders = new Map<string, any>();
    const executions = new Map<string, any[]>();
    const assets = new Map<string, any>();
    for (const push of pushes) {
      if (push.channel === 'Orders') {
        const previous = orders.get(push.data.orderId);
        if (previous) {
          assert.ok(Number(push.data.updateAt) >= Number(previous.updateAt), 'order pushes arrive in engine order');
          assert.ok(fixed(push.data.executedQty) >= fixed(previous.executedQty));
        }
        orders.set(push.data.orderId, push.data);
      } else if (push.channel === 'Executions') {
        executions.set(push.data.orderId, [...(executions.get(push.data.orderId) ?? []), push.data]);
      } else if (push.channel === 'Assets') {
        assets.set(`${push.data.exchangeType}:${push.data.coin}`, push.data);
      }
    }
    const fills = [...executions.values()].flat().length;
    assert.ok(fills >= 10 && replaced >= 5 && cancelled >= 5, `a real workout: ${fills} fills, ${replaced} replaces, ${cancelled} cancels`);

    for (const [orderId, pushed] of orders) {
      const shown = await server.client.get('/api/v1/trading/order', { orderId });
      assert.equal(shown.code, 200000);
      assert.deepEqual({ ...pushed, leverage: Number(pushed.leverage) }, shown.data, `order ${orderId}`);
      const own = executions.get(orderId) ?? [];
      assert.equal(own.reduce((sum, e) => sum + fixed(e.quantity), 0n), fixed(pushed.executedQty), `fills of ${orderId}`);
      assert.equal(own.reduce((sum, e) => sum + fixed(e.fee), 0n), fixed(pushed.fee), `fees of ${orderId}`);
    }
    const openNow = await server.client.get('/api/v1/trading/orders', {});
    assert.deepEqual(openNow.data.list.map((o: any) => o.orderId).sort(), [...orders.values()].filter((o) => OPEN_STATES.has(o.orderState)).map((o) => o.orderId).sort());

    const rows = (await server.client.get('/api/v1/trading/portfolio/assets', {})).data.list;
    const balanceFields = (row: any) => ({ balance: row.balance, available: row.available, frozen: row.frozen, borrow: row.borrow, equity: row.equity, updateAt: row.updateAt });
    for (const row of rows) {
      const pushed = assets.get(`${row.exchangeType}:${row.coin}`);
      if (pushed) assert.deepEqual(balanceFields(pushed), balanceFields(row), `${row.exchangeType}:${row.coin}`);
    }
    assert.ok(assets.has('BINANCE:BTC') && assets.has('BINANCE:USDT'));
  });
});
