/**
 * MARGIN settlement (decisions K1; research-perps.md §3): spot settlement in the unified account, except
 * that an order may borrow what the account lacks of the coin it spends (within the loan limits), and a
 * fill that brings a coin back repays that coin's debt first.
 */
import type { Portfolio } from '../../domain/identity/index.ts';
import type { Instrument } from '../../domain/instrument.ts';
import { add, sub, ZERO, type Amount } from '../../domain/money.ts';
import type { Order } from '../../domain/orders/index.ts';
import { reservationCoin } from '../../domain/spot/index.ts';
import type { CommandContext } from '../core/context.ts';
import { assertBorrowable, borrowCoin, chargeHourOn, repayFromAvailable, type LoanRef } from '../lending/index.ts';
import type { Fill, OrderIntent, Reservation, SettledFill, Settlement } from './settlement.ts';
import { availableOf, reservationFor, spotSettlement } from './settle-spot.ts';
import { isHouse } from './state.ts';

function reserve(ctx: CommandContext, portfolio: Portfolio, instrument: Instrument, intent: OrderIntent): Reservation {
  const reservation = reservationFor(portfolio, instrument, intent);
  const lacking = sub(reservation.amount, availableOf(portfolio, instrument, intent.side));
  // The house market maker never borrows: it quotes what it holds.
  if (lacking <= 0n || isHouse(ctx.state, portfolio.portfolioId)) return spotSettlement.reserve(ctx, portfolio, instrument, intent);
  const where = { portfolioId: portfolio.portfolioId, venue: instrument.venue, coin: reservationCoin(instrument, intent.side) };
  assertBorrowable(ctx.state, ctx.venues.market, where, lacking);
  return reservation;
}

/** Borrows what the account lacks of a hold, then holds it as spot does; the borrow's first hour of interest is charged once the hold is in place. */
function hold(ctx: CommandContext, order: Order, instrument: Instrument, delta: Amount, reason: string): void {
  const portfolio = ctx.state.portfolios.get(order.portfolioId)!;
  const lacking = sub(delta, availableOf(portfolio, instrument, order.side));
  const debt = { portfolioId: order.portfolioId, venue: order.venue, coin: reservationCoin(instrument, order.side) };
  if (lacking > 0n) {
    borrowCoin(ctx, debt, lacking, loanOf(order));
    order.borrowAmount = add(order.borrowAmount ?? ZERO, lacking);
    order.borrowAsset = debt.coin;
  }
  spotSettlement.hold(ctx, order, instrument, delta, reason);
  if (lacking > 0n) chargeHourOn(ctx, debt, lacking, loanOf(order));
}

/** An order's borrows and repayments are its loans: under its id and its client id. */
function loanOf(order: Order): LoanRef {
  return { requestId: order.orderId, clientOrderId: order.clientOrderId };
}

function settleFill(ctx: CommandContext, order: Order, instrument: Instrument, fill: Fill): SettledFill {
  const settled = spotSettlement.settleFill(ctx, order, instrument, fill);
  const gotCoin = order.side === 'BUY' ? instrument.base : instrument.quote;
  repayFromAvailable(ctx, { portfolioId: order.portfolioId, venue: order.venue, coin: gotCoin }, loanOf(order));
  return settled;
}

export const marginSettlement: Settlement = { reserve, rereserve: spotSettlement.rereserve, hold, settleFill };
