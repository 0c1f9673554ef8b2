/**
 * Spot settlement: an order freezes the coin it spends (quote for a BUY, with taker-fee headroom;
 * base for a SELL), and a fill hands coins over, the fee paid in the quote coin.
 */
import { ApiError } from '../../catalogue/index.ts';
import { credit, spendFrozen } from '../../domain/accounts/index.ts';
import type { Portfolio } from '../../domain/identity/index.ts';
import { baseQty, type Instrument } from '../../domain/instrument.ts';
import type { Side } from '../../domain/market.ts';
import { add, coinAmount, sub, ZERO, type Price, type Size } from '../../domain/money.ts';
import type { Order, OrderTerms } from '../../domain/orders/index.ts';
import { buyReservation, fillAmounts, notionalWithin, reservationCoin } from '../../domain/spot/index.ts';
import { emitBalance } from '../accounts/index.ts';
import type { CommandContext } from '../core/context.ts';
import type { Fill, Reservation, SettledFill, Settlement } from './settlement.ts';

function reserve(portfolio: Portfolio, instrument: Instrument, terms: OrderTerms): Reservation {
  const { amount, venueOrder } = reservationFor(portfolio, instrument, terms);
  const available = portfolio.accounts[instrument.venue].balances.get(reservationCoin(instrument, terms.side))?.available ?? ZERO;
  if (amount <= 0n || available < amount) throw new ApiError(401055);
  return { amount, venueOrder };
}

function reservationFor(portfolio: Portfolio, instrument: Instrument, terms: OrderTerms): Reservation {
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
  if (fee > 0n) {
    const key = `${order.venue}:${instrument.quote}`;
    trading.fees.set(key, add(trading.fees.get(key) ?? ZERO, fee));
  }
  return { notional, fee, feeCoin: instrument.quote, rpnl: ZERO };
}

export const spotSettlement: Settlement = {
  frozenCoin: reservationCoin,
  reserve,
  reservationOf: (instrument: Instrument, side: Side, price: Price, quantity: Size) =>
    side === 'BUY' ? buyReservation(instrument, price, baseQty(instrument, quantity)) : coinAmount(baseQty(instrument, quantity)),
  settleFill,
};
