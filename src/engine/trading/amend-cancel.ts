/**
 * Replacing and cancelling client orders (connex-api.md §4.1, decisions E1, E6). A cancel is
 * confirmed by the venue on the next tick (CANCEL_PENDING until then); a replace keeps the orderId.
 */
import { ApiError } from '../../catalogue/index.ts';
import type { VenueName } from '../../domain/market.ts';
import { sub, type Price, type Size } from '../../domain/money.ts';
import { assertReplacement, type Order, type Written } from '../../domain/orders/index.ts';
import type { CommandContext } from '../core/context.ts';
import { onVenue } from '../venue-link/index.ts';
import { applyReports, publishOrder } from './lifecycle.ts';
import { actingPortfolio, type Actor } from '../identity/index.ts';
import { findOpenOrder, openOrdersOf, type OrderRefFields } from './open-orders.ts';
import { assertPerpReplace } from './perp-orders.ts';
import { isMinNotionalRemainder, outcome, type OrderOutcome } from './place.ts';
import { settlementOf } from './settlement.ts';
import { pricedFor } from '../broker/index.ts';

export interface OrderRef extends OrderRefFields {
  actor: Actor;
}

export interface ReplaceOrder extends OrderRef {
  replaceQty?: Size;
  replacePrice?: Price;
  written: Written;
}

export interface CancelAll {
  actor: Actor;
  venue?: VenueName;
  sym?: string;
}

function replace(ctx: CommandContext, cmd: ReplaceOrder): OrderOutcome {
  const portfolio = actingPortfolio(ctx.state, cmd.actor);
  const order = findOpenOrder(ctx.state, portfolio, cmd, 401072);
  if (order.exchangeOrderType !== 'LIMIT') throw new ApiError(401072);
  if (order.action === 'CANCEL_PENDING') throw new ApiError(401116);
  const price = cmd.replacePrice ?? order.limitPrice;
  const quantity = cmd.replaceQty ?? order.orderQty;
  if (price === order.limitPrice && quantity === order.orderQty) throw new ApiError(401073);
  const instrument = ctx.venues.market.instrument(order.sym)!;
  const settlement = settlementOf(order.business);
  if (isMinNotionalRemainder(order, instrument)) throw new ApiError(401083);
  if (quantity <= order.executedQty) throw new ApiError(401077);
  assertReplacement(instrument, price, quantity, cmd.written, ctx.venues.market.referencePrice(instrument));
  if (order.business === 'PERP') assertPerpReplace(ctx, order, instrument, price, quantity);
  const remaining = sub(quantity, order.executedQty);
  const needed = settlement.rereserve(ctx, order, pricedFor(ctx.state, order.portfolioId, instrument, ctx.ts), price, remaining);
  const delta = sub(needed, ctx.state.trading.reserved.get(order.orderId)!);
  const reports = onVenue(ctx, order.venue, (venue) => venue.amend(order.sym, order.orderId, price, remaining, ctx.ts));
  const result = outcome(order, reports);
  if (result.rejected) {
    // The venue kept the original order as it was: so do we, apart from saying the amend failed.
    order.action = 'AMEND_FAILED';
    publishOrder(ctx, order);
    return { ...result, state: order.state };
  }
  ctx.state.trading.reserved.set(order.orderId, needed);
  settlement.hold(ctx, order, instrument, delta, 'ORDER');
  order.action = 'AMEND_PENDING';
  applyReports(ctx, reports);
  return { ...result, state: order.state };
}

function requestCancel(ctx: CommandContext, order: Order): void {
  order.action = 'CANCEL_PENDING';
  order.cancelType = 'USER';
  ctx.state.trading.pendingCancels.push(order.orderId);
  publishOrder(ctx, order);
}

export const amendCancelHandlers = {
  replaceOrder(ctx: CommandContext, cmd: ReplaceOrder): OrderOutcome {
    return replace(ctx, cmd);
  },

  cancelOrder(ctx: CommandContext, cmd: OrderRef): OrderOutcome {
    const order = findOpenOrder(ctx.state, actingPortfolio(ctx.state, cmd.actor), cmd, 401019);
    if (order.action === 'CANCEL_PENDING') throw new ApiError(401116);
    requestCancel(ctx, order);
    return outcome(order, []);
  },

  cancelAll(ctx: CommandContext, cmd: CancelAll): { orders: Order[] } {
    const portfolio = actingPortfolio(ctx.state, cmd.actor);
    const orders = openOrdersOf(ctx.state, portfolio.portfolioId).filter(
      (o) => o.action !== 'CANCEL_PENDING' && (cmd.venue === undefined || o.venue === cmd.venue) && (cmd.sym === undefined || o.sym === cmd.sym),
    );
    for (const order of orders) requestCancel(ctx, order);
    return { orders };
  },
};

/** Tick phase: the venue confirms the cancels requested since the last tick (orders filled meanwhile stay filled). */
export function confirmPendingCancels(ctx: CommandContext): void {
  const trading = ctx.state.trading;
  const pending = trading.pendingCancels.splice(0);
  for (const orderId of pending) {
    const order = trading.orders.get(orderId);
    if (!order) continue; // finished meanwhile
    const reports = onVenue(ctx, order.venue, (venue) => venue.cancel(order.sym, orderId, ctx.ts));
    applyReports(ctx, reports);
  }
}
