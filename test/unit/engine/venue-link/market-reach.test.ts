/**
 * A MARKET order's reach (the furthest price it would trade at), which self-trade prevention checks
 * against the portfolio's own resting orders: read from the nearest levels of the side it takes first,
 * and from the whole side when it goes past them.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFixed, ZERO } from '../../../../src/domain/money.ts';
import { codeOf, journaledEngine } from '../../../support/engine.ts';

const SYM = 'BINANCE_SPOT_BTC_USDT';
/** Maker asks on this many price levels: more than the reach reads first (16). */
const MAKER_LEVELS = 20;
const LOT = '0.001';

function market() {
  const { engine, apply, user } = journaledEngine('reach');
  const secret = { iv: '', tag: '', data: '' };
  const maker = (apply('createUser', { name: 'maker', primaryKey: { accessKey: 'm'.repeat(64), secret } }).result as { user: typeof user }).user;
  for (const { mainPortfolioId } of [user, maker]) {
    apply('creditDeposit', { portfolioId: mainPortfolioId, venue: 'BINANCE', coin: 'USDT', amount: parseFixed('1000000') });
    apply('creditDeposit', { portfolioId: mainPortfolioId, venue: 'BINANCE', coin: 'BTC', amount: parseFixed('1') });
  }
  const order = (who: typeof user, side: 'BUY' | 'SELL', type: 'LIMIT' | 'MARKET', qty: string, price?: string) => ({
    actor: { userId: who.userId, keyPortfolioId: who.mainPortfolioId, primary: true as const },
    sym: SYM,
    side,
    type,
    timeInForce: type === 'LIMIT' ? ('GTC' as const) : ('IOC' as const),
    orderQty: parseFixed(qty),
    limitPrice: price === undefined ? ZERO : parseFixed(price),
    quoteOrderQty: ZERO,
    written: { qty: 3, price: 0, quote: 0 },
  });
  for (let level = 0; level < MAKER_LEVELS; level++) apply('placeOrder', order(maker, 'SELL', 'LIMIT', LOT, String(90_100 + 10 * level)));
  // The portfolio's own ask, one level past the maker's twenty.
  apply('placeOrder', order(user, 'SELL', 'LIMIT', LOT, String(90_100 + 10 * MAKER_LEVELS)));
  return { engine, apply, order, user };
}

describe('a MARKET order’s reach for self-trade prevention', () => {
  it('reads past the nearest 16 levels: a BUY that would reach the own ask on the 21st level is refused (401043), and changes nothing', () => {
    const { engine, apply, order, user } = market();
    const open = engine.state.trading.openOrders.count(user.mainPortfolioId);
    assert.equal(codeOf(() => apply('placeOrder', order(user, 'BUY', 'MARKET', '0.0205'))), 401043);
    assert.equal(engine.state.trading.openOrders.count(user.mainPortfolioId), open);
  });

  it('a BUY spent within the maker’s levels trades', () => {
    const { apply, order, user } = market();
    const { result } = apply('placeOrder', order(user, 'BUY', 'MARKET', '0.019'));
    assert.equal((result as { order: { state: string } }).order.state, 'FILLED');
  });
});
