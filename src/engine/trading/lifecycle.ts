/**
 * The life of an order once it exists: opened (its reservation frozen), the venue's reports applied
 * (accepted, fills, cancels, amends), finished (what is left frozen released). Money moves through
 * the settlement of the order's business type (settlement.ts); this file is the same for all.
 */
import { MESSAGES } from '../../catalogue/index.ts';
import type { Instrument } from '../../domain/instrument.ts';
import { add, neg, ZERO, type Amount } from '../../domain/money.ts';
import { TERMINAL_STATES, type Execution, type Order } from '../../domain/orders/index.ts';
import type { VenueReport } from '../../venues/index.ts';
import type { CommandContext } from '../core/context.ts';
import { collectMarkup, fillMarkup } from '../broker/index.ts';
import { onVenue, publishMarketUpdates } from '../venue-link/index.ts';
import { trimReduceOnly } from './reduce-only.ts';
import { rejectionCode } from './rejections.ts';
import { orderFields } from './kept-order.ts';
import { settlementOf, type Fill } from './settlement.ts';
import { isHouse, type TradingState } from './state.ts';

export function publishOrder(ctx: CommandContext, order: Order): void {
  order.updateAt = ctx.ts;
  if (!isHouse(ctx.state, order.portfolioId)) ctx.emit({ type: 'orderUpdated', order: orderFields(order) });
}

/** Records a new open order and freezes what it may spend. */
export function openOrder(ctx: CommandContext, order: Order, reservation: Amount): void {
  const trading = ctx.state.trading;
  trading.orders.set(order.orderId, order);
  if (order.clientOrderId !== order.orderId && !isHouse(ctx.state, order.portfolioId)) {
    let byClientId = trading.clientOrderIds.get(order.portfolioId);
    if (!byClientId) trading.clientOrderIds.set(order.portfolioId, (byClientId = new Map()));
    byClientId.set(order.clientOrderId, order.orderId);
  }
  trading.openOrders.add(order);
  trading.reserved.set(order.orderId, reservation);
  holdFor(ctx, order, reservation);
  publishOrder(ctx, order);
}

/** Holds (positive) or releases (negative) part of an order's reservation, where its business type holds it. */
function holdFor(ctx: CommandContext, order: Order, delta: Amount): void {
  if (delta !== 0n) settlementOf(order.business).hold(ctx, order, instrumentOf(ctx, order), delta, 'ORDER');
}

function instrumentOf(ctx: CommandContext, order: Order): Instrument {
  return ctx.venues.market.instrument(order.sym)!;
}

export function applyReports(ctx: CommandContext, reports: readonly VenueReport[]): void {
  const movedPositions = new Set<string>();
  for (const report of reports) {
    const order = ctx.state.trading.orders.get(report.orderId);
    if (!order) throw new Error(`venue reported on unknown order ${report.orderId}`);
    switch (report.kind) {
      case 'accepted':
        if (order.state === 'NEW') order.state = 'OPEN';
        publishOrder(ctx, order);
        break;
      case 'rejected':
        order.reason = MESSAGES[rejectionCode(report.reason)];
        finish(ctx, order, 'REJECT');
        break;
      case 'fill':
        filled(ctx, order, report);
        if (order.business === 'PERP' && !isHouse(ctx.state, order.portfolioId)) movedPositions.add(`${order.portfolioId}|${order.sym}`);
        break;
      case 'cancelled':
        cancelled(ctx, order, report.cause);
        break;
      case 'amended':
        order.limitPrice = report.price;
        order.orderQty = add(order.executedQty, report.quantity);
        order.action = 'AMEND_COMPLETED';
        publishOrder(ctx, order);
        break;
      case 'amendRejected':
        order.action = 'AMEND_FAILED';
        publishOrder(ctx, order);
        break;
    }
  }
  for (const moved of movedPositions) {
    const [portfolioId, sym] = moved.split('|');
    trimReduceOnly(ctx, portfolioId, sym);
  }
}

/** Takes an order off the book at once, for a reason of the system's (not a client's cancel request). */
export function cancelNow(ctx: CommandContext, order: Order, cancelType: Order['cancelType'], reason: string): void {
  order.cancelType = cancelType;
  order.reason = reason;
  applyReports(ctx, onVenue(ctx, order.venue, (venue) => venue.cancel(order.sym, order.orderId, ctx.ts)));
}

/** Applies the venue's answer to a submission; an order still NEW has had none yet (fault LATENCY). */
export function venueAnswered(ctx: CommandContext, order: Order, reports: readonly VenueReport[]): void {
  applyReports(ctx, reports);
  if (order.state !== 'NEW' && !isTerminal(order) && !restsOnBook(order)) completeUnrested(ctx, order);
}

/** Tick phase: the venues answer the submissions they held back (fault LATENCY) whose ticks ran out. */
export function releaseDelayedOrders(ctx: CommandContext): void {
  ctx.venues.releaseDelayed(ctx.ts, (reports) => {
    publishMarketUpdates(ctx);
    venueAnswered(ctx, ctx.state.trading.orders.get(reports[0].orderId)!, reports);
  });
}

function restsOnBook(order: Order): boolean {
  return order.exchangeOrderType === 'LIMIT' && (order.timeInForce === 'GTC' || order.timeInForce === 'GTX');
}

/** An order that cannot rest and got no end from the venue has spent its budget: it is done. */
function completeUnrested(ctx: CommandContext, order: Order): void {
  const complete = order.quoteOrderQty > 0n ? order.executedQty > 0n : order.executedQty >= order.orderQty;
  if (!complete) order.cancelType = 'EXPIRE';
  finish(ctx, order, complete ? 'FILLED' : 'CANCELLED');
}

function cancelled(ctx: CommandContext, order: Order, cause: Extract<VenueReport, { kind: 'cancelled' }>['cause']): void {
  if (order.cancelType === '') order.cancelType = cause === 'USER' ? 'USER' : cause === 'SYSTEM' || cause === 'RISK_CONTROL' ? 'SYSTEM' : 'EXPIRE';
  if (cause === 'RISK_CONTROL') order.reason = MESSAGES[rejectionCode(cause)];
  if (order.action === 'CANCEL_PENDING') order.action = 'CANCEL_COMPLETE';
  finish(ctx, order, 'CANCELLED');
}

function filled(ctx: CommandContext, order: Order, fill: Fill): void {
  const instrument = instrumentOf(ctx, order);
  const settled = settlementOf(order.business).settleFill(ctx, order, instrument, fill);
  const markup = fill.feeFree ? ZERO : fillMarkup(ctx, order, instrument, settled.notional, settled.fee, fill.liquidity);
  const fee = add(settled.fee, markup);
  order.executedQty = add(order.executedQty, fill.quantity);
  order.executedAmount = add(order.executedAmount, settled.notional);
  order.lastExecutedQty = fill.quantity;
  order.lastExecutedPrice = fill.price;
  order.lastExecutedAmount = settled.notional;
  order.fee = add(order.fee, fee);
  order.feeCoin = settled.feeCoin;
  collectMarkup(ctx, order, instrument, markup, recordExecution(ctx, order, fill, fee, settled.rpnl));
  const complete = order.orderQty > 0n && order.executedQty >= order.orderQty;
  if (complete) finish(ctx, order, 'FILLED');
  else {
    order.state = 'PARTIALLY_FILLED';
    publishOrder(ctx, order);
  }
}

/** The execution's transactionId ('' for the house, whose fills are not recorded). */
function recordExecution(ctx: CommandContext, order: Order, fill: Fill, fee: Amount, rpnl: Amount): string {
  if (isHouse(ctx.state, order.portfolioId)) return '';
  const execution: Execution = {
    transactionId: ctx.newId(),
    portfolioId: order.portfolioId,
    orderId: order.orderId,
    clientOrderId: order.clientOrderId,
    algoOrderId: order.algoOrderId,
    sym: order.sym,
    venue: order.venue,
    business: order.business,
    side: order.side,
    quantity: fill.quantity,
    price: fill.price,
    fee,
    feeCoin: order.feeCoin,
    rpnl,
    liquidity: fill.liquidity,
    createAt: ctx.ts,
  };
  ctx.emit({ type: 'executionCreated', execution });
  return execution.transactionId;
}

/** A terminal state: what is still frozen goes back to available; the order leaves engine state (history has it). */
export function finish(ctx: CommandContext, order: Order, state: Order['state']): void {
  const trading = ctx.state.trading;
  order.state = state;
  const left = trading.reserved.get(order.orderId) ?? ZERO;
  holdFor(ctx, order, neg(left));
  trading.reserved.delete(order.orderId);
  trading.openOrders.remove(order);
  publishOrder(ctx, order);
  trading.orders.delete(order.orderId);
  if (!isHouse(ctx.state, order.portfolioId)) {
    forgetClientOrderId(trading, order);
    trading.finishedOrders.add({ orderId: order.orderId, portfolioId: order.portfolioId, clientOrderId: order.clientOrderId, state, finishedAt: ctx.ts });
  }
}

/** Its clientOrderId is the finished orders' to answer for from now on. */
function forgetClientOrderId(trading: TradingState, order: Order): void {
  const byClientId = trading.clientOrderIds.get(order.portfolioId);
  if (byClientId?.delete(order.clientOrderId) && byClientId.size === 0) trading.clientOrderIds.delete(order.portfolioId);
}

export function isTerminal(order: Order): boolean {
  return TERMINAL_STATES.has(order.state);
}
