/**
 * Liquidation of MARGIN debts on the engine itself (issue 11; decisions L3, L8; research-perps.md §3): an account
 * with debts and no position enters liquidation when its collateral's price moves; the tick after buys back the
 * borrowed coin or sells collateral for it on the MARGIN book (SYSTEM_LIQ), the fill repays the debt, the
 * venue's margin liquidation fee goes into the insurance fund, and a bankrupt account's debt is bought back
 * with what the fund pays. Replays to the same state.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { abs, mul, neg, parseFixed, sub, sum, ZERO, type Fixed, type Unit } from '../../../../src/domain/money.ts';
import type { Order } from '../../../../src/domain/orders/index.ts';
import { Engine } from '../../../../src/engine/core/engine.ts';
import { marginAccount } from '../../../../src/engine/positions/index.ts';
import { encode } from '../../../../src/store/journal/codec.ts';
import { marketDataOf } from '../../../../src/venues/index.ts';
import { journaledEngine } from '../../../support/engine.ts';
import { delta, ordersOf, statements, statuses } from '../../../support/engine-events.ts';

const BTC_MARGIN = 'BINANCE_MARGIN_BTC_USDT';
const F = <U extends Unit>(text: string): Fixed<U> => parseFixed<U>(text)!;

function setup() {
  const s = journaledEngine('debtor', 'd');
  s.apply('startInsuranceFunds', { funds: { USDT: F('10000000') } });
  const portfolioId = s.user.mainPortfolioId;
  s.apply('creditDeposit', { portfolioId, venue: 'BINANCE', coin: 'USDT', amount: F('5000') });
  s.apply('tick', { elapsedMs: 1000 }); // the house quotes every book
  const market = () => marketDataOf(s.engine.state.sim);
  const btcIndex = () => market().indexPrice('BTC')!;
  /** A market order: a sale of `qty` BTC, or a purchase for `qty` USDT. */
  const margin = (side: 'BUY' | 'SELL', qty: string) =>
    (s.apply('placeOrder', {
      actor: s.actorOf(portfolioId),
      sym: BTC_MARGIN,
      side,
      type: 'MARKET',
      timeInForce: 'IOC',
      orderQty: side === 'SELL' ? F(qty) : ZERO,
      limitPrice: ZERO,
      quoteOrderQty: side === 'BUY' ? F(qty) : ZERO,
      written: { qty: 0, price: 0, quote: 0 },
    }).result as any).order as Order;
  const moveBtc = (factor: string) => s.apply('setReferencePrice', { asset: 'BTC', price: mul(btcIndex(), F<'rate'>(factor)) });
  const account = () => marginAccount(s.engine.state, market(), portfolioId, 'BINANCE');
  const balance = (coin: string) => s.engine.state.portfolios.get(portfolioId)!.accounts.BINANCE.balances.get(coin)!;
  const fund = () => s.engine.state.liquidation.insuranceFunds.get('BINANCE:USDT') ?? ZERO;
  const liquidationTick = () => s.apply('tick', { elapsedMs: 1 }).events;
  const replaysEqual = () => {
    const replayed = new Engine();
    for (const { ts, command } of s.journal) replayed.apply(ts, command);
    assert.equal(encode(replayed.state), encode(s.engine.state));
  };
  return { ...s, portfolioId, margin, moveBtc, account, balance, fund, liquidationTick, replaysEqual };
}


describe('liquidation of MARGIN debts', () => {
  it('a short (borrowed BTC sold) whose BTC rises 13 %: LIQUIDATING; the tick buys the BTC back (SYSTEM_LIQ), the fill repays it, 2 % of the notional into the fund, NORMAL again', () => {
    const s = setup();
    const sold = s.margin('SELL', '0.3');
    assert.equal(sold.borrowAsset, 'BTC');
    assert.equal(s.account().status, 'NORMAL');
    s.moveBtc('1.13');
    const fundBefore = s.fund();
    const events = s.liquidationTick();
    assert.deepEqual(statuses(events, s.portfolioId), ['LIQUIDATING', 'NORMAL']);
    const [liq, ...others] = ordersOf(events, s.portfolioId);
    assert.equal(others.length, 0);
    assert.deepEqual([liq.origin, liq.sym, liq.side, liq.exchangeOrderType, liq.timeInForce, liq.state], ['SYSTEM_LIQ', BTC_MARGIN, 'BUY', 'MARKET', 'IOC', 'FILLED']);
    assert.equal(liq.borrowAmount ?? ZERO, ZERO, 'a liquidation order never borrows');
    assert.ok(events.some((e) => e.type === 'executionCreated' && e.execution.orderId === liq.orderId));
    const [repaid] = statements(events, s.portfolioId, 'REPAY');
    assert.deepEqual([repaid.coin, repaid.requestId, repaid.borrowed], ['BTC', liq.orderId, ZERO]);
    assert.equal(s.balance('BTC').borrowed, 0n);
    const [fee] = statements(events, s.portfolioId, 'LIQUIDATION_FEE');
    assert.deepEqual([fee.coin, fee.sym, fee.business], ['USDT', BTC_MARGIN, 'MARGIN']);
    assert.equal(neg(delta(fee)), mul(liq.executedAmount, F<'rate'>('0.02')), 'BINANCE cross margin: 2 % of what the liquidation traded');
    assert.equal(sub(s.fund(), fundBefore), neg(delta(fee)));
    assert.ok(s.account().equity > 0n);
    s.replaysEqual();
  });

  it('a long on borrowed USDT whose BTC falls: the BTC is sold for the USDT owed, no more than that needs', () => {
    const s = setup();
    const bought = s.margin('BUY', '19000');
    assert.deepEqual([bought.borrowAsset, bought.borrowAmount], ['USDT', F('14000')]);
    const held = s.balance('BTC').available;
    s.moveBtc('0.8');
    const events = s.liquidationTick();
    assert.equal(statuses(events, s.portfolioId)[0], 'LIQUIDATING');
    const system = ordersOf(events, s.portfolioId).filter((o) => o.origin === 'SYSTEM_LIQ');
    assert.deepEqual(system.map((o) => [o.side, o.state]), [['SELL', 'FILLED']]);
    const [fee] = statements(events, s.portfolioId, 'LIQUIDATION_FEE');
    assert.equal(neg(delta(fee)), mul(system[0].executedAmount, F<'rate'>('0.02')), 'the sale paid the debt and the fee');
    assert.equal(s.balance('USDT').borrowed, 0n);
    assert.ok(s.balance('BTC').available > 0n && s.balance('BTC').available < held, 'part of the BTC is kept');
    assert.equal(s.account().status, 'NORMAL');
    s.replaysEqual();
  });

  it('a short gapped past bankruptcy: all the USDT buys back what it can, the fund pays for the rest (LIQ_COMPENSATION), no debt is left and nothing is below 0', () => {
    const s = setup();
    s.margin('SELL', '0.4');
    s.moveBtc('1.5');
    assert.equal(s.account().status, 'TAKEOVER');
    const fundBefore = s.fund();
    const events = s.liquidationTick();
    assert.equal(statuses(events, s.portfolioId)[0], 'TAKEOVER');
    const system = ordersOf(events, s.portfolioId).filter((o) => o.origin === 'SYSTEM_LIQ');
    assert.ok(system.length >= 2 && system.every((o) => o.side === 'BUY'), `${system.length} buys`);
    const [compensation] = statements(events, s.portfolioId, 'LIQ_COMPENSATION');
    assert.equal(compensation.coin, 'USDT');
    assert.equal(s.balance('BTC').borrowed, 0n);
    const paid = sub(fundBefore, s.fund());
    const fees = sum(statements(events, s.portfolioId, 'LIQUIDATION_FEE').map((e) => neg(delta(e))));
    assert.equal(paid, sub(delta(compensation), fees), 'the fund paid the compensation less what came back as fee');
    assert.ok(s.account().equity >= 0n && abs(s.account().equity) < F('50'));
    assert.equal(s.account().status, 'NORMAL');
    s.replaysEqual();
  });
});
