/**
 * Attached TP/SL on the engine itself (decisions M2): the algo follows its order's fills (PENDING_NEW,
 * then armed for each quantity filled), is cancelled with an order that ends unfilled, a refused one
 * places nothing, and the journal replays to the same state.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '../../../../src/catalogue/index.ts';
import { mul, parseFixed, roundTo, ZERO, type Price } from '../../../../src/domain/money.ts';
import { Engine } from '../../../../src/engine/core/engine.ts';
import { encode } from '../../../../src/store/journal/codec.ts';
import { marketDataOf } from '../../../../src/venues/index.ts';
import { journaledEngine } from '../../../support/engine.ts';

const BTC_PERP = 'BINANCE_PERP_BTC_USDT';

function setup() {
  const { engine, apply, journal, user, actorOf } = journaledEngine('attached', 'k');
  const pid: string = user.mainPortfolioId;
  const other: string = (apply('createPortfolio', { userId: user.userId, name: 'Taker01' }).result as any).portfolio.portfolioId;
  for (const portfolioId of [pid, other]) {
    apply('creditDeposit', { portfolioId, venue: 'BINANCE', coin: 'USDT', amount: parseFixed('1000000') });
    apply('setLeverage', { actor: actorOf(portfolioId), sym: BTC_PERP, leverage: 10 });
  }
  apply('tick', { elapsedMs: 1000 });
  const instrument = marketDataOf(engine.state.sim).instrument(BTC_PERP)!;
  const mark = () => marketDataOf(engine.state.sim).markPrice(instrument);
  const at = (factor: string, of: Price = mark()) => roundTo(mul(of, parseFixed<'rate'>(factor)!), 1, 'down');
  const order = (portfolioId: string, side: 'BUY' | 'SELL', qty: string, limitPrice?: Price) => ({
    actor: actorOf(portfolioId),
    sym: BTC_PERP,
    side,
    type: limitPrice === undefined ? 'MARKET' : 'LIMIT',
    timeInForce: limitPrice === undefined ? 'IOC' : 'GTC',
    orderQty: parseFixed(qty),
    limitPrice: limitPrice ?? ZERO,
    quoteOrderQty: ZERO,
    written: { qty: 3, price: 1, quote: 0 },
  });
  const withTpsl = (fields: object, legs: { tp?: object; sl?: object }) => apply('placeOrderWithTpsl', { ...fields, tp: legs.tp ?? {}, sl: legs.sl ?? {} });
  const attachedTo = (orderId: string) => [...engine.state.algos.open.values()].find((algo) => algo.attachedOrderId === orderId);
  return { engine, apply, journal, pid, other, actorOf, mark, at, order, withTpsl, attachedTo };
}

describe('attached TP/SL (decisions M2)', () => {
  it('waits PENDING_NEW, is armed for each quantity its order fills, and keeps it when the order is cancelled after', () => {
    const s = setup();
    const { bids, asks } = marketDataOf(s.engine.state.sim).depth(BTC_PERP, 1);
    const entry = roundTo(((bids[0][0] + asks[0][0]) / 2n) as Price, 1, 'down');
    const { result } = s.withTpsl(s.order(s.pid, 'BUY', '0.3', entry), { sl: { triggerPrice: s.at('0.95'), triggerType: 'MARK_PRICE' } });
    const { orderId } = (result as any).order;
    const algo = s.attachedTo(orderId)!;
    assert.deepEqual([algo.algoOrderType, algo.state, algo.side, algo.orderQty, algo.reduceOnly], ['ATTACHED_TPSL', 'PENDING_NEW', 'SELL', ZERO, true]);
    assert.equal(s.engine.state.algos.triggers.size, 0, 'nothing armed before a fill');
    assert.equal(s.engine.state.algos.attached.get(orderId), algo.algoOrderId);

    s.apply('placeOrder', s.order(s.other, 'SELL', '0.1'));
    const filled = s.engine.state.trading.orders.get(orderId)!.executedQty;
    assert.ok(filled > 0n, 'the taker reached the order');
    assert.deepEqual([algo.state, algo.orderQty], ['NEW', filled]);
    assert.equal(s.engine.state.algos.triggers.size, 1);

    s.apply('cancelOrder', { actor: s.actorOf(s.pid), orderId });
    s.apply('tick', { elapsedMs: 1000 });
    assert.deepEqual([algo.state, algo.orderQty], ['NEW', filled]);
    assert.equal(s.engine.state.algos.attached.size, 0, 'its order ended: nothing left to follow');
  });

  it('is cancelled with an order that ends unfilled', () => {
    const s = setup();
    const { result } = s.withTpsl(s.order(s.pid, 'BUY', '0.1', s.at('0.97')), { tp: { triggerPrice: s.at('1.05') } });
    const { orderId } = (result as any).order;
    const algoOrderId = s.attachedTo(orderId)!.algoOrderId;
    s.apply('cancelOrder', { actor: s.actorOf(s.pid), orderId });
    const { events } = s.apply('tick', { elapsedMs: 1000 });
    const last = events.filter((e) => e.type === 'algoOrderUpdated' && e.algo.algoOrderId === algoOrderId).at(-1);
    assert.ok(last && last.type === 'algoOrderUpdated');
    assert.deepEqual([last.algo.state, last.algo.reason], ['CANCELLED', 'Its order ended unfilled']);
    assert.equal(s.engine.state.algos.open.size, 0);
  });

  it('a refused TP/SL places no order and changes nothing', () => {
    const s = setup();
    const before = encode(s.engine.state);
    assert.throws(() => s.withTpsl(s.order(s.pid, 'BUY', '0.1', s.at('0.97')), { tp: { triggerPrice: s.at('0.96') } }), (e: unknown) => e instanceof ApiError && e.code === 401246);
    assert.throws(() => s.withTpsl(s.order(s.pid, 'BUY', '0.1'), {}), (e: unknown) => e instanceof ApiError && e.code === 401214);
    assert.equal(encode(s.engine.state), before);
  });

  it('the journal replays to the same algo state and state hash', () => {
    const s = setup();
    const base = s.mark();
    s.withTpsl(s.order(s.pid, 'BUY', '0.2'), { sl: { triggerPrice: s.at('0.95'), triggerType: 'MARK_PRICE' }, tp: { triggerPrice: s.at('1.05') } });
    s.withTpsl(s.order(s.pid, 'BUY', '0.2', s.at('0.98')), { sl: { triggerPrice: s.at('0.94'), triggerType: 'MARK_PRICE' } });
    s.apply('setReferencePrice', { asset: 'BTC', price: s.at('0.9', base) });
    for (let i = 0; i < 20; i++) s.apply('tick', { elapsedMs: 1000 });
    const replayed = new Engine();
    for (const { ts, command } of s.journal) replayed.apply(ts, command);
    assert.equal(encode(replayed.state.algos), encode(s.engine.state.algos));
    assert.equal(encode(replayed.state), encode(s.engine.state));
  });
});
