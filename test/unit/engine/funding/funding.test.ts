/**
 * Funding settlement (decisions L7; research-perps.md §8.1–8.3) on the engine itself: every boundary
 * crossed is settled exactly once, each at its own mark, for the positions open at that instant, longs
 * paying shorts when the rate is positive, qty × contractSize × mark × rate to 8 decimals; zero-sum
 * with the house taking the rounding. (The conservation property tests hold the sums across trading.)
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { baseQty } from '../../../../src/domain/instrument.ts';
import { abs, add, formatFixed, mul, neg, parseFixed, roundTo, sub, ZERO, type Amount } from '../../../../src/domain/money.ts';
import { Engine } from '../../../../src/engine/core/engine.ts';
import type { BalanceChanged, EngineEvent } from '../../../../src/engine/core/events.ts';
import { fundingDue } from '../../../../src/engine/funding/index.ts';
import { marketDataOf } from '../../../../src/venues/index.ts';
import { encode } from '../../../../src/store/journal/codec.ts';
import { journaledEngine } from '../../../support/engine.ts';

const HOUR = 3_600_000;
const BINANCE_BTC = 'BINANCE_PERP_BTC_USDT';
const OKX_BTC = 'OKX_PERP_BTC_USDT';

function setup() {
  const { engine, apply, journal, user, actorOf } = journaledEngine('funded', 'k');
  const pid: string = user.mainPortfolioId;
  const other: string = (apply('createPortfolio', { userId: user.userId, name: 'Shorts01' }).result as any).portfolio.portfolioId;
  for (const portfolioId of [pid, other]) {
    for (const venue of ['BINANCE', 'OKX']) apply('creditDeposit', { portfolioId, venue, coin: 'USDT', amount: parseFixed('1000000') });
    for (const sym of [BINANCE_BTC, OKX_BTC]) apply('setLeverage', { actor: actorOf(portfolioId), sym, leverage: 10 });
  }
  apply('tick', { elapsedMs: 1000 });
  const market = (type: 'BUY' | 'SELL', portfolioId: string, sym: string, qty: string) =>
    apply('placeOrder', { actor: actorOf(portfolioId), sym, side: type, type: 'MARKET', timeInForce: 'IOC', orderQty: parseFixed(qty), limitPrice: ZERO, quoteOrderQty: ZERO, written: { qty: qty.split('.')[1]?.length ?? 0, price: 0, quote: 0 } });
  const house = () => engine.state.trading.housePortfolios[0];
  const usdt = (portfolioId: string, venue: 'BINANCE' | 'OKX') => {
    const b = engine.state.portfolios.get(portfolioId)!.accounts[venue].balances.get('USDT')!;
    return sub(add(b.available, b.frozen), b.overdraw);
  };
  return { engine, apply, market, pid, other, house, usdt, journal };
}

const fundingEvents = (events: EngineEvent[]) => events.filter((e): e is BalanceChanged => e.type === 'balanceChanged' && e.reason === 'FUNDING_FEE');
const delta = (e: BalanceChanged) => sub(sub(e.afterAvailable, e.beforeAvailable), sub(e.overdraw, e.beforeOverdraw ?? e.overdraw));

describe('funding settlement (decisions L7)', () => {
  it('settles each of three boundaries crossed by one fast-forward once, each at its own mark: qty × contractSize × mark × rate, longs pay, zero-sum', () => {
    const s = setup();
    s.market('BUY', s.pid, BINANCE_BTC, '0.5');
    s.market('SELL', s.other, BINANCE_BTC, '0.2');
    s.market('BUY', s.pid, OKX_BTC, '100'); // 100 contracts × 0.01 = 1 BTC
    const clientsBefore = { BINANCE: add(s.usdt(s.pid, 'BINANCE'), s.usdt(s.other, 'BINANCE')), OKX: add(s.usdt(s.pid, 'OKX'), s.usdt(s.other, 'OKX')) };
    // Fast-forward 23 h from 07:00: the 08:00, 16:00 and 00:00 boundaries.
    const { events } = s.apply('tick', { elapsedMs: 23 * HOUR });
    const paid = fundingEvents(events);
    const marks = new Set<string>();
    for (const [portfolioId, sym, qty] of [[s.pid, BINANCE_BTC, '0.5'], [s.other, BINANCE_BTC, '-0.2'], [s.pid, OKX_BTC, '100']] as const) {
      const rows = paid.filter((e) => e.portfolioId === portfolioId && e.sym === sym);
      assert.equal(rows.length, 3, `${portfolioId} ${sym}: one payment per boundary`);
      for (const row of rows) {
        const amount = delta(row);
        const instrument = marketDataOf(s.engine.state.sim).instrument(sym)!;
        const notional = abs(amount);
        // The payment is qty × contractSize × mark × rate: back out mark × rate and check sign and size.
        assert.ok(qty.startsWith('-') ? amount > 0n : amount < 0n, 'longs pay, shorts receive at a positive rate');
        const perCoin = (notional * 10n ** 18n) / baseQty(instrument, abs(parseFixed(qty)!));
        marks.add(formatFixed(roundTo(perCoin as Amount, 2, 'halfUp')));
      }
    }
    assert.ok(marks.size >= 3, 'each boundary at its own mark');
    const position = [...s.engine.state.positions.open.values()].find((p) => p.portfolioId === s.pid && p.sym === BINANCE_BTC)!;
    const own = paid.filter((e) => e.portfolioId === s.pid && e.sym === BINANCE_BTC).reduce((total, e) => add(total, delta(e)), ZERO as Amount);
    assert.equal(position.fundingFee, own, 'the position carries the signed sum of its funding');
    for (const venue of ['BINANCE', 'OKX'] as const) {
      const clients = sub(add(s.usdt(s.pid, venue), s.usdt(s.other, venue)), clientsBefore[venue]);
      const clientFunding = paid.filter((e) => e.venue === venue).reduce((total, e) => add(total, delta(e)), ZERO as Amount);
      assert.equal(clients, clientFunding, `${venue}: clients' balances moved by funding alone`);
    }
  });

  it('the rate of a quiet market is the interest rate 0.01 %: 0.5 BTC long at mark m pays 0.5 × m × 0.0001', () => {
    const s = setup();
    s.market('BUY', s.pid, BINANCE_BTC, '0.5');
    const instrument = marketDataOf(s.engine.state.sim).instrument(BINANCE_BTC)!;
    const nextDue = s.engine.state.funding.nextDue;
    // Land just past the boundary with a 0 ms tick: the market does not move, so the mark is the one now.
    const mark = marketDataOf(s.engine.state.sim).markPrice(instrument);
    const wallAtDue = nextDue - s.engine.state.clock.ahead;
    assert.ok(!fundingDue(s.engine.state, wallAtDue - 1));
    assert.ok(fundingDue(s.engine.state, wallAtDue));
    const houseBefore = s.usdt(s.house(), 'BINANCE');
    const { events } = s.engine.apply(wallAtDue + 1, { type: 'settleFunding', payload: {} } as never);
    const [row] = fundingEvents(events).filter((e) => e.portfolioId === s.pid);
    assert.equal(delta(row), neg(roundTo(mul(mul(mark, parseFixed<'qty'>('0.5')!), parseFixed<'rate'>('0.0001')!), 8, 'halfUp')));
    // Zero-sum: the house, the other side of the trade, received what the long paid.
    assert.equal(sub(s.usdt(s.house(), 'BINANCE'), houseBefore), neg(delta(row)));
  });

  it('pays only for positions open at the instant, never twice, and the journal replays to the same state', () => {
    const s = setup();
    s.market('BUY', s.pid, BINANCE_BTC, '0.3');
    s.market('SELL', s.pid, BINANCE_BTC, '0.3'); // closed before the boundary
    s.market('SELL', s.other, BINANCE_BTC, '0.1');
    const first = fundingEvents(s.apply('tick', { elapsedMs: 2 * HOUR }).events);
    assert.deepEqual(first.map((e) => e.portfolioId), [s.other], 'only the position open at 08:00');
    assert.equal(fundingEvents(s.apply('tick', { elapsedMs: 1000 }).events).length, 0, 'a boundary is settled once');
    assert.equal(fundingEvents(s.apply('settleFunding', {}).events).length, 0);
    const replayed = new Engine();
    for (const { ts, command } of s.journal) replayed.apply(ts, command);
    assert.equal(encode(replayed.state), encode(s.engine.state));
  });
});
