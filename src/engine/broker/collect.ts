/**
 * The broker's mark-up on a sub-portfolio's fill (decisions J1): the marked-up fee less the venue's, paid by
 * the sub-portfolio in the fee coin and moved in the same command to the main portfolio's account on the venue.
 */
import { settle, spendFrozen } from '../../domain/accounts/index.ts';
import { BROKER_FEE, type BrokerFee } from '../../domain/broker/index.ts';
import { max, min, mul, neg, sub, ZERO, type Amount } from '../../domain/money.ts';
import { baseQty, type Instrument } from '../../domain/instrument.ts';
import { buyReservation } from '../../domain/spot/index.ts';
import type { Order } from '../../domain/orders/index.ts';
import { emitBalance } from '../accounts/index.ts';
import type { CommandContext } from '../core/context.ts';
import { markupsChangedSince, pricedFor } from './schedule.ts';

const LIQUIDATION_ORIGINS: ReadonlySet<Order['origin']> = new Set(['SYSTEM_LIQ', 'SYSTEM_REDUCE']);

/** What a fill of `notional` pays on top of the venue's fee `venueFee` (0 outside a broker's sub-portfolios, and for liquidation orders). */
export function fillMarkup(ctx: CommandContext, order: Order, instrument: Instrument, notional: Amount, venueFee: Amount, liquidity: 'MAKER' | 'TAKER'): Amount {
  // A liquidation's close is priced to leave the account at no less than zero after the venue's fee only.
  if (LIQUIDATION_ORIGINS.has(order.origin)) return ZERO;
  const priced = pricedFor(ctx.state, order.portfolioId, instrument, ctx.ts);
  if (priced === instrument) return ZERO;
  return sub(mul(notional, liquidity === 'MAKER' ? priced.makerFeeRate : priced.takerFeeRate, 'down'), venueFee);
}

/** Takes the mark-up from the sub-portfolio and credits it to its main portfolio; `transactionId` is the fill's execution. */
export function collectMarkup(ctx: CommandContext, order: Order, instrument: Instrument, markup: Amount, transactionId: string): void {
  if (markup <= 0n) return;
  const user = ctx.state.users.get(ctx.state.portfolios.get(order.portfolioId)!.userId)!;
  const detail = { sym: order.sym, business: order.business };
  payMarkup(ctx, order, instrument, markup, detail);
  const main = ctx.state.portfolios.get(user.mainPortfolioId)!.accounts[order.venue];
  const before = main.balances.get(instrument.quote);
  const [beforeAvailable, beforeOverdraw] = [before?.available ?? ZERO, before?.overdraw ?? ZERO];
  const balance = settle(main, instrument.quote, markup, ctx.ts);
  main.initialized = true;
  emitBalance(ctx, { portfolioId: user.mainPortfolioId, venue: order.venue, coin: instrument.quote }, beforeAvailable, balance, BROKER_FEE, transactionId, { beforeOverdraw, ...detail });
  const collection: BrokerFee = {
    transactionId,
    userId: user.userId,
    portfolioId: user.mainPortfolioId,
    subPortfolioId: order.portfolioId,
    venue: order.venue,
    business: order.business,
    coin: instrument.quote,
    amount: markup,
    createAt: ctx.ts,
  };
  ctx.emit({ type: 'brokerFeeCollected', collection });
}

/**
 * A spot or margin BUY pays from what the order holds (it reserved its taker fee marked up) as far as the rest of
 * the order does not need it; the rest, and any other fill's mark-up, comes from what is available, and beyond it
 * becomes overdraw as a perp fee does.
 */
function payMarkup(ctx: CommandContext, order: Order, instrument: Instrument, markup: Amount, detail: { sym: string; business: Order['business'] }): void {
  const coin = instrument.quote;
  const account = ctx.state.portfolios.get(order.portfolioId)!.accounts[order.venue];
  const before = account.balances.get(coin);
  const [beforeAvailable, beforeOverdraw] = [before?.available ?? ZERO, before?.overdraw ?? ZERO];
  const reserved = ctx.state.trading.reserved.get(order.orderId) ?? ZERO;
  const held = min(markup, spareOf(ctx, order, instrument, reserved));
  if (held > 0n) {
    spendFrozen(account, coin, held, ctx.ts);
    ctx.state.trading.reserved.set(order.orderId, sub(reserved, held));
  }
  const balance = settle(account, coin, neg(sub(markup, held)), ctx.ts);
  emitBalance(ctx, { portfolioId: order.portfolioId, venue: order.venue, coin }, beforeAvailable, balance, BROKER_FEE, order.orderId, { beforeOverdraw, ...detail });
}

/**
 * What a BUY holds beyond what the rest of it may spend. A LIMIT order keeps what its open part needs at the
 * venue's rate (its maker fills may pay a maker mark-up above the taker one it reserved). A MARKET order fills as
 * taker within the quote its reservation allowed at the marked-up rate, so while the user's mark-ups are as they
 * were when it was placed it holds enough for every fill; once they changed, it keeps all.
 */
function spareOf(ctx: CommandContext, order: Order, instrument: Instrument, reserved: Amount): Amount {
  if (order.business === 'PERP' || order.side !== 'BUY') return ZERO;
  if (order.exchangeOrderType === 'LIMIT') {
    const open = baseQty(instrument, sub(order.orderQty, order.executedQty));
    return max(sub(reserved, buyReservation(instrument, order.limitPrice, open)), ZERO);
  }
  const userId = ctx.state.portfolios.get(order.portfolioId)!.userId;
  return markupsChangedSince(ctx.state, userId, order.createAt, ctx.ts) ? ZERO : reserved;
}
