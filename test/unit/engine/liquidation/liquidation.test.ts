/**
 * Liquidation on the engine itself (decisions L8; research-perps.md §1.2, §1.5, §2): the tick after a price move
 * cancels the account's orders (LIQUIDATING), takes its positions to the book tier by tier (SYSTEM_REDUCE) and in
 * full (SYSTEM_LIQ), pays the liquidation fee from what the account can spare into the insurance fund, restores a
 * negative equity to 0 from the fund (LIQ_COMPENSATION), and when the fund cannot cover it deleverages the other
 * side at the bankruptcy price, highest ADL rank first. (The conservation property test holds the sums.)
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { baseQty } from '../../../../src/domain/instrument.ts';
import { abs, add, mul, neg, parseFixed, sub, sum, ZERO, type Fixed, type Price, type Unit } from '../../../../src/domain/money.ts';
import type { Order } from '../../../../src/domain/orders/index.ts';
import { Engine } from '../../../../src/engine/core/engine.ts';
import type { BalanceChanged } from '../../../../src/engine/core/events.ts';
import { adlRanksOf } from '../../../../src/engine/liquidation/index.ts';
import { liquidationPriceOf, marginAccount } from '../../../../src/engine/positions/index.ts';
import { encode } from '../../../../src/store/journal/codec.ts';
import { marketDataOf } from '../../../../src/venues/index.ts';
import { journaledEngine } from '../../../support/engine.ts';
import { delta, ordersOf, statements, statuses } from '../../../support/engine-events.ts';

const BTC = 'BINANCE_PERP_BTC_USDT';
const OKX_BTC = 'OKX_PERP_BTC_USDT';
const F = <U extends Unit>(text: string): Fixed<U> => parseFixed<U>(text)!;

function setup(insuranceFund = '10000000') {
  const { engine, apply, journal, user, actorOf } = journaledEngine('liquidated', 'l');
  apply('startInsuranceFunds', { funds: { USDT: F(insuranceFund) } });
  let portfolios = 0;
  const trader = (usdt: string, leverage: number, venue: 'BINANCE' | 'OKX' = 'BINANCE') => {
    const portfolioId = (apply('createPortfolio', { userId: user.userId, name: `Trader${++portfolios}x` }).result as any).portfolio.portfolioId as string;
    apply('creditDeposit', { portfolioId, venue, coin: 'USDT', amount: F(usdt) });
    for (const sym of venue === 'BINANCE' ? [BTC] : [OKX_BTC]) apply('setLeverage', { actor: actorOf(portfolioId), sym, leverage });
    return portfolioId;
  };
  apply('tick', { elapsedMs: 1000 }); // the house quotes every book
  const market = () => marketDataOf(engine.state.sim);
  const order = (portfolioId: string, sym: string, side: 'BUY' | 'SELL', qty: string, limitPrice?: Price, positionSide?: 'LONG' | 'SHORT') =>
    (apply('placeOrder', {
      ...(positionSide && { positionSide }),
      actor: actorOf(portfolioId),
      sym,
      side,
      type: limitPrice ? 'LIMIT' : 'MARKET',
      timeInForce: limitPrice ? 'GTC' : 'IOC',
      orderQty: F(qty),
      limitPrice: limitPrice ?? ZERO,
      quoteOrderQty: ZERO,
      written: { qty: 0, price: 0, quote: 0 },
    }).result as any).order as Order;
  const mark = (sym = BTC) => market().markPrice(market().instrument(sym)!);
  /** Moves BTC's index so that the perp's mark lands on `target` (the basis stays until the next tick). */
  const moveMarkTo = (target: Price, sym = BTC) => apply('setReferencePrice', { asset: 'BTC', price: sub(target, sub(mark(sym), market().indexPrice('BTC')!)) });
  const account = (portfolioId: string, venue: 'BINANCE' | 'OKX' = 'BINANCE') => marginAccount(engine.state, market(), portfolioId, venue);
  const usdt = (portfolioId: string, venue: 'BINANCE' | 'OKX' = 'BINANCE') => engine.state.portfolios.get(portfolioId)!.accounts[venue].balances.get('USDT')!;
  const fund = (venue = 'BINANCE') => engine.state.liquidation.insuranceFunds.get(`${venue}:USDT`) ?? ZERO;
  /** One 1 ms tick: the makers re-quote around the moved price, the watch finds the account, liquidation runs. */
  const liquidationTick = () => apply('tick', { elapsedMs: 1 }).events;
  return { engine, journal, apply, actorOf, trader, order, mark, moveMarkTo, account, usdt, fund, liquidationTick, market };
}

const total = (rows: BalanceChanged[]) => sum(rows.map(delta));

describe('liquidation (decisions L8)', () => {
  it('a long past its liquidation price: orders cancelled (LIQUIDATING), closed at the book (SYSTEM_LIQ), the fee from what is left into the fund, NORMAL again', () => {
    const s = setup();
    const long = s.trader('3000', 50);
    s.order(long, BTC, 'BUY', '1');
    const resting = s.order(long, BTC, 'BUY', '0.002', F('80000'));
    const fundBefore = s.fund();
    s.moveMarkTo(mul(s.mark(), F<'rate'>('0.97')));
    assert.equal(s.account(long).status, 'LIQUIDATING');
    const events = s.liquidationTick();
    const orders = ordersOf(events, long);
    assert.deepEqual(orders.find((o) => o.orderId === resting.orderId)!.cancelType, 'LIQUIDATING');
    const [liq] = orders.filter((o) => o.origin === 'SYSTEM_LIQ');
    assert.deepEqual([liq.state, liq.side, liq.exchangeOrderType, liq.timeInForce, liq.reduceOnly, liq.executedQty], ['FILLED', 'SELL', 'MARKET', 'IOC', true, F('1')]);
    assert.ok(events.some((e) => e.type === 'executionCreated' && e.execution.orderId === liq.orderId));
    const fee = total(statements(events, long, 'LIQUIDATION_FEE'));
    assert.ok(fee < 0n && abs(fee) <= mul(liq.executedAmount, F<'rate'>('0.0125')), 'at most liquidationFee × closed notional');
    assert.equal(sub(s.fund(), fundBefore), neg(fee), 'the fee went into the fund');
    assert.deepEqual([s.usdt(long).available, s.usdt(long).overdraw], [0n, 0n], 'what was left paid the fee, nothing more');
    assert.deepEqual(statuses(events, long), ['LIQUIDATING', 'NORMAL']);
    assert.equal(s.account(long).positions.length, 0);
  });

  it('a gap past bankruptcy: no fee; the negative equity is restored to 0 from the fund (LIQ_COMPENSATION)', () => {
    const s = setup();
    const long = s.trader('3000', 50);
    s.order(long, BTC, 'BUY', '1');
    const fundBefore = s.fund();
    s.moveMarkTo(mul(s.mark(), F<'rate'>('0.9')));
    assert.equal(s.account(long).status, 'TAKEOVER');
    const events = s.liquidationTick();
    assert.equal(ordersOf(events, long).filter((o) => o.origin === 'SYSTEM_LIQ' && o.state === 'FILLED').length, 1);
    assert.equal(statements(events, long, 'LIQUIDATION_FEE').length, 0, 'nothing taken from a bankrupt account');
    const [compensation] = statements(events, long, 'LIQ_COMPENSATION');
    assert.ok(delta(compensation) > 0n);
    assert.equal(sub(fundBefore, s.fund()), delta(compensation));
    assert.deepEqual([s.usdt(long).available, s.usdt(long).overdraw, s.account(long).equity], [0n, 0n, 0n]);
    assert.deepEqual(statuses(events, long), ['TAKEOVER', 'NORMAL']);
  });

  it('tier by tier: a tier-2 position just past its liquidation price is brought to tier 1’s cap (SYSTEM_REDUCE) and kept; the fee leaves uniMMR above 1.05', () => {
    const s = setup();
    const big = s.trader('9000', 75);
    s.order(big, BTC, 'BUY', '5');
    const before = s.account(big);
    const [risk] = before.positions;
    assert.equal(risk.tier.riskLevel, 2);
    s.moveMarkTo(sub(liquidationPriceOf(before, risk)!, F('60')));
    assert.equal(s.account(big).status, 'LIQUIDATING');
    const events = s.liquidationTick();
    const system = ordersOf(events, big).filter((o) => o.origin !== 'DMA');
    assert.deepEqual(system.map((o) => [o.origin, o.state]), [['SYSTEM_REDUCE', 'FILLED']]);
    const after = s.account(big);
    const [kept] = after.positions;
    assert.equal(kept.tier.riskLevel, 1);
    assert.equal(kept.position.qty, sub(F('5'), system[0].executedQty));
    assert.ok(mul(kept.mark, baseQty(kept.instrument, add(kept.position.qty, kept.instrument.lotSize))) > F('300000'), 'one lot more would be past tier 1’s cap: it kept all it could');
    assert.ok(after.uniMmr > F('1.05') && after.status !== 'LIQUIDATING');
    assert.ok(statements(events, big, 'LIQUIDATION_FEE').length === 1);
  });

  it('hedge mode: the LONG and the SHORT of a sym show one liqPrice, and the account is liquidated there, not before', () => {
    const s = setup();
    const hedged = s.trader('10000', 10);
    s.apply('setPositionMode', { actor: s.actorOf(hedged), venue: 'BINANCE', positionMode: 'BOTH' });
    s.order(hedged, BTC, 'BUY', '0.5', undefined, 'LONG');
    s.order(hedged, BTC, 'SELL', '0.2', undefined, 'SHORT');
    const before = s.account(hedged);
    const [long, short] = ['LONG', 'SHORT'].map((side) => before.positions.find((risk) => risk.position.positionSide === side)!);
    const price = liquidationPriceOf(before, long)!;
    assert.equal(liquidationPriceOf(before, short), price, 'one mark, one price');
    assert.ok(price < mul(s.mark(), F<'rate'>('0.75')), 'net long 0.3 on 10 000: far below the mark');
    s.moveMarkTo(add(price, F('60')));
    assert.equal(s.account(hedged).status, 'CANCEL_OPEN', 'just above it: not yet liquidated');
    s.moveMarkTo(sub(price, F('60')));
    assert.equal(s.account(hedged).status, 'LIQUIDATING');
  });

  it('a deep drop on a tier-3 position: down to tier 2’s cap, to tier 1’s cap, then closed in full', () => {
    const s = setup();
    const whale = s.trader('25000', 50);
    s.order(whale, BTC, 'BUY', '10');
    assert.equal(s.account(whale).positions[0].tier.riskLevel, 3);
    s.moveMarkTo(mul(s.mark(), F<'rate'>('0.95')));
    const events = s.liquidationTick();
    const system = ordersOf(events, whale).filter((o) => o.origin !== 'DMA');
    assert.deepEqual(system.map((o) => o.origin), ['SYSTEM_REDUCE', 'SYSTEM_REDUCE', 'SYSTEM_LIQ']);
    assert.equal(sum(system.map((o) => o.executedQty)), F('10'));
    assert.equal(s.account(whale).positions.length, 0);
    assert.ok(s.account(whale).equity >= 0n);
  });

  it('OKX tiers by contracts: 1 500 contracts are cut to tier 1’s 1 000 first', () => {
    const s = setup();
    const okx = s.trader('30000', 75, 'OKX');
    s.order(okx, OKX_BTC, 'BUY', '1500');
    assert.equal(s.account(okx, 'OKX').positions[0].tier.riskLevel, 2);
    s.moveMarkTo(mul(s.mark(OKX_BTC), F<'rate'>('0.98')), OKX_BTC);
    const events = s.liquidationTick();
    const [first, ...rest] = ordersOf(events, okx).filter((o) => o.origin !== 'DMA');
    assert.deepEqual([first.origin, first.executedQty], ['SYSTEM_REDUCE', F('500')]);
    assert.ok(rest.every((o) => o.origin === 'SYSTEM_LIQ'));
  });

  it('ADL when the fund cannot cover: the best-ranked short is reduced at the bankruptcy price, off the book and without fee; the long ends at 0', () => {
    const s = setup('0');
    const long = s.trader('3000', 50);
    const short = s.trader('20000', 10);
    const calm = s.trader('200000', 1);
    s.order(long, BTC, 'BUY', '1');
    s.order(short, BTC, 'SELL', '1');
    s.order(calm, BTC, 'SELL', '0.5');
    s.moveMarkTo(mul(s.mark(), F<'rate'>('0.95')));
    const ranks = (portfolioId: string) => adlRanksOf(s.engine.state, s.market(), portfolioId).map((r) => r.adlRank);
    assert.deepEqual([ranks(short), ranks(calm)], [[5], [3]], 'the leveraged winner first');
    const shortBalance = s.usdt(short).available;
    const events = s.liquidationTick();
    const [liq] = ordersOf(events, long).filter((o) => o.origin !== 'DMA');
    const [reduced] = ordersOf(events, short).filter((o) => o.origin !== 'DMA');
    assert.deepEqual([liq.origin, liq.state, liq.exchangeOrderType, liq.executedQty, liq.fee], ['SYSTEM_LIQ', 'FILLED', 'LIMIT', F('1'), 0n]);
    assert.deepEqual([reduced.origin, reduced.side, reduced.state, reduced.executedQty, reduced.fee], ['SYSTEM_REDUCE', 'BUY', 'FILLED', F('1'), 0n]);
    assert.equal(liq.lastExecutedPrice, reduced.lastExecutedPrice, 'one price for both sides: the bankruptcy price');
    assert.ok(liq.lastExecutedPrice > s.mark(), 'above the mark: the short gives up what the long lost beyond its margin');
    assert.equal(ordersOf(events, calm).length, 0, 'the short ranked second was not needed');
    const equity = s.account(long).equity;
    assert.ok(equity >= 0n && equity < F('0.1'), 'the long ends at 0, within a tick');
    assert.equal(sub(s.usdt(short).available, shortBalance), events.flatMap((e) => (e.type === 'executionCreated' && e.execution.portfolioId === short ? [e.execution.rpnl] : []))[0]);
    assert.equal(s.fund(), total(statements(events, long, 'LIQUIDATION_FEE')) * -1n, 'nothing paid out of an empty fund');
  });

  it('replaying the journal gives the same state', () => {
    const s = setup('0');
    const long = s.trader('3000', 50);
    const short = s.trader('20000', 10);
    s.order(long, BTC, 'BUY', '1');
    s.order(short, BTC, 'SELL', '1');
    s.moveMarkTo(mul(s.mark(), F<'rate'>('0.93')));
    s.liquidationTick();
    s.apply('tick', { elapsedMs: 60_000 });
    const replayed = new Engine();
    for (const { ts, command } of s.journal) replayed.apply(ts, command);
    assert.equal(encode(replayed.state), encode(s.engine.state));
  });
});
