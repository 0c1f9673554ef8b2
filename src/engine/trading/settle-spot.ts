/**
 * Spot settlement: an order freezes the coin it spends (quote for a BUY, with taker-fee headroom;
 * base for a SELL), and a fill hands coins over, the fee paid in the quote coin.
 */
import { ApiError } from '../../catalogue/index.ts';
import { credit, freeze, spendFrozen, unfreeze } from '../../domain/accounts/index.ts';
import type { Portfolio } from '../../domain/identity/index.ts';
import { baseQty, type Instrument } from '../../domain/instrument.ts';
import type { Side } from '../../domain/market.ts';
import { add, coinAmount, neg, sub, ZERO, type Amount, type Price, type Size } from '../../domain/money.ts';
import { fillAmounts, type Order, type OrderTerms } from '../../domain/orders/index.ts';
import { buyReservation, notionalWithin, reservationCoin } from '../../domain/spot/index.ts';
import { emitBalance } from '../accounts/index.ts';
import { assertCollateralFree } from '../positions/index.ts';
import type { CommandContext } from '../core/context.ts';
import type { Fill, Reservation, SettledFill, Settlement } from './settlement.ts';
import { isHouse } from './state.ts';

function reserve(ctx: CommandContext, portfolio: Portfolio, instrument: Instrument, terms: OrderTerms): Reservation {
  const { amount, venueOrder } = reservationFor(portfolio, instrument, terms);
  if (amount <= 0n || availableOf(portfolio, instrument, terms.side) < amount) throw new ApiError(401055);
  if (!isHouse(ctx.state, portfolio.portfolioId)) assertCollateralFree(ctx.state, ctx.venues.market, portfolio.portfolioId, instrument.venue, reservationCoin(instrument, terms.side), amount);
  return { amount, venueOrder };
}

export function availableOf(portfolio: Portfolio, instrument: Instrument, side: Side): Amount {
  return portfolio.accounts[instrument.venue].balances.get(reservationCoin(instrument, side))?.available ?? ZERO;
}

export function reservationFor(portfolio: Portfolio, instrument: Instrument, terms: OrderTerms): Reservation {
  const venueOrder: Reservation['venueOrder'] = {
    sym: instrument.sym,
    side: terms.side,
    type: terms.type,
    timeInForce: terms.timeInForce,
    quantity: terms.orderQty,
    ...(terms.type === 'LIMIT' ? { price: terms.limitPrice } : {}),
  };
  if (terms.side === 'SELL') return { amount: coinAmount(baseQty(instrument, terms.orderQty)), venueOrder };
  if (terms.type === 'LIMIT') return { amount: buyReservation(instrument, terms.limitPrice, baseQty(instrument, terms.orderQty)), venueOrder };
  // A market buy has no price: it may spend its quoteOrderQty, or else what the account has, never more.
  const byQuote = terms.quoteOrderQty > 0n;
  const budget = byQuote ? terms.quoteOrderQty : (portfolio.accounts[instrument.venue].balances.get(instrument.quote)?.available ?? ZERO);
  const quantity = byQuote ? instrument.maxMarketBaseSize : terms.orderQty;
  return { amount: budget, venueOrder: { ...venueOrder, quantity, quoteQuantity: notionalWithin(instrument, budget) } };
}

function rereserve(ctx: CommandContext, order: Order, instrument: Instrument, price: Price, quantity: Size): Amount {
  const needed = order.side === 'BUY' ? buyReservation(instrument, price, baseQty(instrument, quantity)) : coinAmount(baseQty(instrument, quantity));
  const portfolio = ctx.state.portfolios.get(order.portfolioId)!;
  if (sub(needed, ctx.state.trading.reserved.get(order.orderId)!) > availableOf(portfolio, instrument, order.side)) throw new ApiError(401076);
  return needed;
}

function hold(ctx: CommandContext, order: Order, instrument: Instrument, delta: Amount, reason: string): void {
  const account = ctx.state.portfolios.get(order.portfolioId)!.accounts[order.venue];
  const coin = reservationCoin(instrument, order.side);
  const before = account.balances.get(coin)?.available ?? ZERO;
  const balance = delta > 0n ? freeze(account, coin, delta, ctx.ts) : unfreeze(account, coin, neg(delta), ctx.ts);
  emitBalance(ctx, { portfolioId: order.portfolioId, venue: order.venue, coin }, before, balance, reason, order.orderId);
}

function settleFill(ctx: CommandContext, order: Order, instrument: Instrument, fill: Fill): SettledFill {
  const quantity = baseQty(instrument, fill.quantity);
  const { notional, fee } = fillAmounts(instrument, fill.price, quantity, fill.liquidity);
  const account = ctx.state.portfolios.get(order.portfolioId)!.accounts[order.venue];
  const where = { portfolioId: order.portfolioId, venue: order.venue };
  const trading = ctx.state.trading;
  const [paidCoin, paid, gotCoin, got] =
    order.side === 'BUY'
      ? [instrument.quote, add(notional, fee), instrument.base, coinAmount(quantity)]
      : [instrument.base, coinAmount(quantity), instrument.quote, sub(notional, fee)];
  const paidBefore = account.balances.get(paidCoin)?.available ?? ZERO;
  const paidBalance = spendFrozen(account, paidCoin, paid, ctx.ts);
  trading.reserved.set(order.orderId, sub(trading.reserved.get(order.orderId)!, paid));
  emitBalance(ctx, { ...where, coin: paidCoin }, paidBefore, paidBalance, 'TRADE', order.orderId);
  if (got > 0n) {
    const gotBefore = account.balances.get(gotCoin)?.available ?? ZERO;
    emitBalance(ctx, { ...where, coin: gotCoin }, gotBefore, credit(account, gotCoin, got, ctx.ts), 'TRADE', order.orderId);
  }
  collectFee(ctx, order, instrument, fee);
  return { notional, fee, feeCoin: instrument.quote, rpnl: ZERO };
}

/** Trading fees collected, per venue and quote coin (conservation counts them). */
export function collectFee(ctx: CommandContext, order: Order, instrument: Instrument, fee: Amount): void {
  if (fee <= 0n) return;
  const key = `${order.venue}:${instrument.quote}`;
  ctx.state.trading.fees.set(key, add(ctx.state.trading.fees.get(key) ?? ZERO, fee));
}

export const spotSettlement: Settlement = { reserve, rereserve, hold, settleFill };
