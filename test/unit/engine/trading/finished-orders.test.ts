/**
 * What the engine keeps of finished client orders for the retention (compact columns and hash tables):
 * their clientOrderIds stay taken (401009) and a cancel of one answers as finished (401019) through
 * thousands of orders, pruning and snapshots; a snapshot of the older state format loads, a newer one is refused.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFixed, ZERO } from '../../../../src/domain/money.ts';
import { Engine } from '../../../../src/engine/core/engine.ts';
import { STATE_FORMAT, upgradeState, type State } from '../../../../src/engine/core/state.ts';
import { decode, encode } from '../../../../src/store/journal/codec.ts';
import { codeOf } from '../../../support/engine.ts';

const ORDERS = 3000;
const START = 1_764_000_000_000;

interface Trader {
  engine: Engine;
  ts: number;
  actor: { userId: string; keyPortfolioId: string; primary: true };
}

function trader(): Trader {
  const engine = new Engine();
  const { user } = engine.apply(START, { type: 'createUser', payload: { name: 'kept', primaryKey: { accessKey: 'f'.repeat(64), secret: { iv: '', tag: '', data: '' } } } }).result;
  engine.apply(START + 1, { type: 'creditDeposit', payload: { portfolioId: user.mainPortfolioId, venue: 'BINANCE', coin: 'USDT', amount: parseFixed('1000000')! } });
  return { engine, ts: START + 1, actor: { userId: user.userId, keyPortfolioId: user.mainPortfolioId, primary: true } };
}

/** A bid of the trader's; IOC on the empty book: it finishes at once, CANCELLED. */
function place(t: Trader, timeInForce: 'IOC' | 'GTC', clientOrderId?: string): { orderId: string; state: string } {
  const payload = {
    actor: t.actor,
    sym: 'BINANCE_SPOT_BTC_USDT',
    side: 'BUY' as const,
    type: 'LIMIT' as const,
    timeInForce,
    orderQty: parseFixed<'qty'>('0.001')!,
    limitPrice: parseFixed<'price'>('90000')!,
    quoteOrderQty: ZERO,
    written: { qty: 3, price: 0, quote: 0 },
    ...(clientOrderId === undefined ? {} : { clientOrderId }),
  };
  const { order, state } = t.engine.apply(++t.ts, { type: 'placeOrder', payload }).result;
  return { orderId: order.orderId, state };
}

/** Every third order without a clientOrderId (its orderId is its clientOrderId); then one resting with and one without. */
function tradeMany(t: Trader): string[] {
  const orderIds: string[] = [];
  for (let i = 0; i < ORDERS; i++) {
    const placed = place(t, 'IOC', i % 3 === 0 ? undefined : `c${i}`);
    assert.equal(placed.state, 'CANCELLED');
    orderIds.push(placed.orderId);
  }
  place(t, 'GTC', 'resting');
  place(t, 'GTC');
  return orderIds;
}

const snapshotOf = (engine: Engine, format?: number) => new Engine(upgradeState(decode<State>(encode(engine.state)), format));

describe('finished orders kept for the retention', () => {
  it('keep their clientOrderIds taken and answer as finished, through pruning and a snapshot, until the retention frees them', () => {
    const t = trader();
    const orderIds = tradeMany(t);
    const restored: Trader = { ...t, engine: snapshotOf(t.engine) };
    assert.equal(encode(restored.engine.state), encode(t.engine.state));

    for (const engine of [t, restored]) {
      for (const i of [1, 2, 1000, ORDERS - 1]) assert.equal(codeOf(() => place(engine, 'GTC', `c${i}`)), 401009, `c${i}`);
      for (const i of [0, 999, ORDERS - 3]) assert.equal(codeOf(() => place(engine, 'GTC', orderIds[i])), 401009, `the orderId of #${i} as clientOrderId`);
      assert.equal(codeOf(() => place(engine, 'GTC', 'resting')), 401009);
      assert.equal(codeOf(() => engine.engine.apply(++engine.ts, { type: 'cancelOrder', payload: { actor: engine.actor, clientOrderId: 'c5' } })), 401019);
      assert.equal(codeOf(() => engine.engine.apply(++engine.ts, { type: 'cancelOrder', payload: { actor: engine.actor, orderId: orderIds[1500] } })), 401019);
      assert.equal(codeOf(() => engine.engine.apply(++engine.ts, { type: 'cancelOrder', payload: { actor: engine.actor, clientOrderId: orderIds[2] } })), 401018, 'c2 is #2’s clientOrderId, not its orderId');
    }

    // The first half finished at or before START + 2 + ORDERS / 2: a tick at that age forgets them.
    const retention = { elapsedMs: 200, orderRetentionMs: 1 };
    for (const engine of [t, restored]) {
      engine.ts = START + 2 + ORDERS / 2;
      engine.engine.apply(engine.ts, { type: 'tick', payload: retention });
    }
    assert.equal(encode(restored.engine.state), encode(t.engine.state));
    const again = snapshotOf(t.engine);
    assert.equal(encode(again.state), encode(t.engine.state));
    for (const engine of [t, { ...restored, engine: again }]) {
      assert.equal(codeOf(() => place(engine, 'GTC', `c${ORDERS / 2 + 1}`)), 401009, 'finished after the cutoff');
      assert.equal(codeOf(() => place(engine, 'GTC', orderIds[ORDERS - 3])), 401009);
      assert.equal(place(engine, 'GTC', 'c1').state, 'OPEN', 'forgotten: free again');
      assert.equal(place(engine, 'GTC', orderIds[0]).state, 'OPEN');
      assert.equal(codeOf(() => engine.engine.apply(++engine.ts, { type: 'cancelOrder', payload: { actor: engine.actor, clientOrderId: 'c4' } })), 401018);
    }
  });

  it('restore from a snapshot of state format 1 (finished orders as a Map, every kept clientOrderId indexed); a newer format is refused', () => {
    const t = trader();
    tradeMany(t);
    const today = JSON.parse(encode(t.engine.state));
    const trading = t.engine.state.trading;
    const finished = trading.finishedOrders.toJSON();
    const portfolioId = finished.portfolioIds[0];
    const old = finished.orderIds.map((id, i) => [String(id), { portfolioId, clientOrderId: finished.clientOrderIds[i] || String(id), state: 'CANCELLED', finishedAt: finished.finishedAts[i] }] as const);
    const indexed = [...old.map(([orderId, kept]) => [kept.clientOrderId, orderId]), ...[...trading.orders.values()].filter((o) => o.portfolioId === portfolioId).map((o) => [o.clientOrderId, o.orderId])];
    const formatOne = { ...today, trading: { ...today.trading, finishedOrders: { $m: old }, clientOrderIds: { $m: [[portfolioId, { $m: indexed }]] } } };
    const upgraded = upgradeState(decode<State>(JSON.stringify(formatOne)), 1);
    assert.equal(encode(upgraded), encode(t.engine.state));

    assert.throws(() => upgradeState(decode<State>(encode(t.engine.state)), STATE_FORMAT + 1), new RegExp(`format ${STATE_FORMAT + 1}.*up to ${STATE_FORMAT}`));
  });
});
