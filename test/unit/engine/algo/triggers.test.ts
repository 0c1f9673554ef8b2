/**
 * TPSL triggers on the engine itself (decisions M1, M4): a MARK_PRICE leg fires at the market tick that
 * moves the mark past it, a LAST_PRICE leg in the very command whose trade reaches it; the child is an
 * order carrying the algoOrderId; an OCO's other leg is voided; the journal replays to the same state.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { AlgoOrder } from '../../../../src/domain/algo/index.ts';
import { mul, parseFixed, roundTo, ZERO, type Price } from '../../../../src/domain/money.ts';
import { Engine } from '../../../../src/engine/core/engine.ts';
import type { EngineEvent } from '../../../../src/engine/core/events.ts';
import { encode } from '../../../../src/store/journal/codec.ts';
import { marketDataOf } from '../../../../src/venues/index.ts';
import { journaledEngine } from '../../../support/engine.ts';

const BTC_PERP = 'BINANCE_PERP_BTC_USDT';

function setup() {
  const { engine, apply, journal, user, actorOf } = journaledEngine('algos', 'k');
  const pid: string = user.mainPortfolioId;
  const other: string = (apply('createPortfolio', { userId: user.userId, name: 'Taker01' }).result as any).portfolio.portfolioId;
  for (const portfolioId of [pid, other]) {
    apply('creditDeposit', { portfolioId, venue: 'BINANCE', coin: 'USDT', amount: parseFixed('1000000') });
    apply('setLeverage', { actor: actorOf(portfolioId), sym: BTC_PERP, leverage: 10 });
  }
  apply('tick', { elapsedMs: 1000 });
  const market = (side: 'BUY' | 'SELL', portfolioId: string, qty: string) =>
    apply('placeOrder', { actor: actorOf(portfolioId), sym: BTC_PERP, side, type: 'MARKET', timeInForce: 'IOC', orderQty: parseFixed(qty), limitPrice: ZERO, quoteOrderQty: ZERO, written: { qty: 3, price: 0, quote: 0 } });
  const instrument = marketDataOf(engine.state.sim).instrument(BTC_PERP)!;
  const mark = () => marketDataOf(engine.state.sim).markPrice(instrument);
  const at = (factor: string, of: Price = mark()) => roundTo(mul(of, parseFixed<'rate'>(factor)!), 1, 'down');
  const legs = { tp: {}, sl: {}, conditional: {} };
  const placeAlgo = (terms: Record<string, unknown>) =>
    (apply('placeAlgoOrder', { actor: actorOf(pid), algoOrderType: 'TPSL', sym: BTC_PERP, ...legs, ...terms }).result as { algoOrderId: string }).algoOrderId;
  return { engine, apply, journal, pid, other, market, mark, at, placeAlgo };
}

const algoUpdates = (events: EngineEvent[], algoOrderId: string): AlgoOrder[] =>
  events.flatMap((e) => (e.type === 'algoOrderUpdated' && e.algo.algoOrderId === algoOrderId ? [e.algo] : []));

describe('algo triggers (decisions M1)', () => {
  it('a MARK_PRICE stop-loss fires at the tick that moves the mark past it: a MARKET child with the algoOrderId closes the long', () => {
    const s = setup();
    s.market('BUY', s.pid, '0.5');
    const base = s.mark();
    const id = s.placeAlgo({ conditionType: 'CONDITIONAL', side: 'SELL', orderQty: parseFixed('0.5'), reduceOnly: true, sl: { triggerPrice: s.at('0.97'), triggerType: 'MARK_PRICE' } });
    assert.equal(s.engine.state.algos.open.get(id)!.state, 'NEW');
    s.apply('setReferencePrice', { asset: 'BTC', price: s.at('0.9', base) });
    let events: EngineEvent[] = [];
    for (let i = 0; i < 30 && s.engine.state.algos.open.has(id); i++) events = s.apply('tick', { elapsedMs: 1000 }).events;
    assert.ok(s.mark() <= s.at('0.97', base), 'the mark went past the trigger');
    assert.deepEqual(algoUpdates(events, id).map((a) => a.state), ['PROCESSING', 'COMPLETED']);
    const child = events.find((e) => e.type === 'orderUpdated' && e.order.algoOrderId === id && e.order.state === 'FILLED');
    assert.ok(child && child.type === 'orderUpdated');
    assert.deepEqual([child.order.side, child.order.exchangeOrderType, child.order.reduceOnly, child.order.orderQty], ['SELL', 'MARKET', true, parseFixed('0.5')]);
    assert.equal(s.engine.state.positions.open.size, 0);
    assert.equal(s.engine.state.algos.triggers.size, 0, 'nothing left armed');
  });

  it('a LAST_PRICE leg fires inside the command whose trade reaches it; an OCO voids its other leg', () => {
    const s = setup();
    s.market('BUY', s.pid, '0.2');
    const last = s.engine.state.algos.lastPrices.get(BTC_PERP)!;
    // Another portfolio's large market buy walks the asks above the last trade.
    const id = s.placeAlgo({
      conditionType: 'OCO',
      side: 'SELL',
      orderQty: parseFixed('0.2'),
      reduceOnly: true,
      tp: { triggerPrice: (last + parseFixed('0.1')!) as Price, triggerType: 'LAST_PRICE' },
      sl: { triggerPrice: s.at('0.9'), triggerType: 'MARK_PRICE' },
    });
    const { events } = s.market('BUY', s.other, '20');
    const updates = algoUpdates(events, id);
    assert.equal(updates.at(-1)!.state, 'COMPLETED', 'fired and filled within the taker’s command');
    assert.equal(updates.at(-1)!.fired, 'TP');
    assert.equal(s.engine.state.algos.triggers.size, 0, 'the stop-loss leg was voided with it');
  });

  it('the journal replays to the same algo state, triggers, children and state hash', () => {
    const s = setup();
    s.market('BUY', s.pid, '0.3');
    const base = s.mark();
    s.placeAlgo({ conditionType: 'ENTIRE_CLOSE_POSITION', sl: { triggerPrice: s.at('0.95'), triggerType: 'MARK_PRICE' } });
    s.placeAlgo({ conditionType: 'CONDITIONAL', side: 'BUY', orderQty: parseFixed('0.1'), tp: { triggerPrice: s.at('0.9'), triggerType: 'LAST_PRICE' } });
    s.apply('setReferencePrice', { asset: 'BTC', price: s.at('0.88', base) });
    for (let i = 0; i < 20; i++) s.apply('tick', { elapsedMs: 1000 });
    const replayed = new Engine();
    for (const { ts, command } of s.journal) replayed.apply(ts, command);
    assert.equal(encode(replayed.state.algos), encode(s.engine.state.algos));
    assert.equal(encode(replayed.state), encode(s.engine.state));
  });
});
