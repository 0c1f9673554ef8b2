import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatFixed, parseFixed, sub, ZERO } from '../../../../src/domain/money.ts';
import { Engine } from '../../../../src/engine/core/engine.ts';
import { encode } from '../../../../src/store/journal/codec.ts';
import { journaledEngine } from '../../../support/engine.ts';

const HOUR = 3_600_000;

function borrowing() {
  const s = journaledEngine('Interest');
  const portfolioId = s.user.mainPortfolioId;
  s.apply('creditDeposit', { portfolioId, venue: 'BINANCE', coin: 'USDT', amount: parseFixed('20000') });
  s.apply('tick', { elapsedMs: 1000 });
  s.apply('placeOrder', {
    actor: s.actorOf(portfolioId),
    sym: 'BINANCE_MARGIN_BTC_USDT',
    side: 'BUY',
    type: 'MARKET',
    timeInForce: 'IOC',
    orderQty: ZERO,
    limitPrice: ZERO,
    quoteOrderQty: parseFixed('30000'),
    written: { qty: 0, price: 0, quote: 0 },
  });
  const usdt = () => s.engine.state.portfolios.get(portfolioId)!.accounts.BINANCE.balances.get('USDT')!;
  return { ...s, usdt };
}

/** What a DEDUCT_INTEREST change charged: taken from what was available, or added to the debt. */
const charged = (e: any) => formatFixed(sub(sub(e.beforeAvailable, e.afterAvailable), sub(e.beforeBorrowed, e.borrowed)));

describe('borrow interest (research-perps.md §3)', () => {
  it('charges the first hour at borrow time, beyond what is available onto the debt, then each full hour of venue time once: a 3 h fast-forward three times, a 0 ms tick not again', () => {
    const s = borrowing();
    // The order borrowed 10000 USDT, spent it all, and owes its first hour on top: 10000 × 0.0000045.
    assert.equal(formatFixed(s.usdt().borrowed), '10000.045');
    assert.equal(formatFixed(s.engine.state.lending.interestCollected.get('BINANCE:USDT')!), '0.045');
    const events = s.apply('tick', { elapsedMs: 3 * HOUR }).events.filter((e: any) => e.type === 'balanceChanged' && e.reason === 'DEDUCT_INTEREST');
    // Each hour on what is owed then: 10000.045 × 0.0000045 = 0.0450002025, rounded up to 8 decimals (the order's
    // unspent remainder pays it, so the debt stays).
    assert.deepEqual(events.map(charged), ['0.04500021', '0.04500021', '0.04500021']);
    assert.equal(formatFixed(s.engine.state.lending.interestCollected.get('BINANCE:USDT')!), '0.18000063');
    assert.equal(s.apply('tick', { elapsedMs: 0 }).events.filter((e: any) => e.reason === 'DEDUCT_INTEREST').length, 0);
    const replayed = new Engine();
    for (const { ts, command } of s.journal) replayed.apply(ts, command);
    assert.equal(encode(replayed.state), encode(s.engine.state));
  });

  it('charges nothing once the debt is repaid', () => {
    const s = borrowing();
    s.apply('creditDeposit', { portfolioId: s.user.mainPortfolioId, venue: 'BINANCE', coin: 'USDT', amount: parseFixed('10001') });
    const repaid = s.apply('repayLoan', { actor: s.actorOf(s.user.mainPortfolioId), venue: 'BINANCE', coin: 'USDT', amount: parseFixed('10001') }).result as any;
    assert.equal(formatFixed(repaid.repaid), '10000.045');
    assert.equal(formatFixed(repaid.loanBalance), '0');
    assert.equal(s.apply('tick', { elapsedMs: 2 * HOUR }).events.filter((e: any) => e.reason === 'DEDUCT_INTEREST').length, 0);
  });
});
