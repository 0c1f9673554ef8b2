/**
 * What happens to an order and its owner's balances when the venue reports on it: state changes,
 * spot settlement of fills with fees, release of what is left frozen once the order is done.
 */
import { MESSAGES } from '../../catalogue/index.ts';
import { rejectionCode } from './rejections.ts';
import type { Instrument } from '../../domain/instrument.ts';
import { credit, freeze, spendFrozen, unfreeze } from '../../domain/accounts/index.ts';
import type { Fixed } from '../../domain/money.ts';
import { type Execution, type Order, TERMINAL_STATES } from '../../domain/orders/index.ts';
import { fillAmounts, reservationCoin } from '../../domain/spot/index.ts';
import type { VenueReport } from '../../venues/venue.ts';
import { emitBalance } from '../accounts/balance-events.ts';
import type { CommandContext } from '../core/context.ts';
import { isHousePortfolio } from './state.ts';
import type { Portfolio } from '../../domain/identity/index.ts';

export function isHouse(ctx: CommandContext, portfolioId: string): boolean {
  return isHousePortfolio(ctx.state.trading, portfolioId);
}

export function portfolioOf(ctx: CommandContext, order: Order): Portfolio {
  return ctx.state.portfolios.get(order.portfolioId)!;
}

export function publishOrder(ctx: CommandContext, order: Order): void {
  order.updateAt = ctx.ts;
  if (!isHouse(ctx, order.portfolioId)) ctx.emit({ type: 'orderUpdated', order: { ...order } });
}

/** Records a new open order and freezes what it may spend. */
export function openOrder(ctx: CommandContext, order: Order, reservation: Fixed, instrument: Instrument): void {
  const trading = ctx.state.trading;
  trading.orders.set(order.orderId, order);
  if (!isHouse(ctx, order.portfolioId)) {
    let byClientId = trading.clientOrderIds.get(order.portfolioId);
    if (!byClientId) trading.clientOrderIds.set(order.portfolioId, (byClientId = new Map()));
    byClientId.set(order.clientOrderId, order.orderId);
  }
  const open = trading.openOrders.get(order.portfolioId);
  if (open) open.push(order.orderId);
  else trading.openOrders.set(order.portfolioId, [order.orderId]);
  trading.reserved.set(order.orderId, reservation);
  changeFrozen(ctx, order, instrument, reservation, 'ORDER');
  publishOrder(ctx, order);
}

/** Freezes (positive) or releases (negative) part of an order's reservation. */
export function changeFrozen(ctx: CommandContext, order: Order, instrument: Instrument, delta: Fixed, reason: string): void {
  if (delta === 0n) return;
  const account = portfolioOf(ctx, order).accounts[order.venue];
  const coin = reservationCoin(instrument, order.side);
  const before = account.balances.get(coin)?.available ?? 0n;
  const balance = delta > 0n ? freeze(account, coin, delta, ctx.ts) : unfreeze(account, coin, -delta, ctx.ts);
  emitBalance(ctx, { portfolioId: order.portfolioId, venue: order.venue, coin }, before, balance, reason, order.orderId);
}

export function applyReports(ctx: CommandContext, reports: readonly VenueReport[], instrumentOf: (sym: string) => Instrument): void {
  for (const report of reports) {
    const order = ctx.state.trading.orders.get(report.orderId);
    if (!order) throw new Error(`venue reported on unknown order ${report.orderId}`);
    const instrument = instrumentOf(order.sym);
    switch (report.kind) {
      case 'accepted':
        if (order.state === 'NEW') order.state = 'OPEN';
        publishOrder(ctx, order);
        break;
      case 'rejected':
        order.reason = MESSAGES[rejectionCode(report.reason)];
        finish(ctx, order, instrument, 'REJECT');
        break;
      case 'fill':
        settleFill(ctx, order, instrument, report);
        break;
      case 'cancelled':
        cancelled(ctx, order, instrument, report.cause);
        break;
      case 'amended':
        order.limitPrice = report.price;
        order.orderQty = order.executedQty + report.quantity;
        order.action = 'AMEND_COMPLETED';
        publishOrder(ctx, order);
        break;
      case 'amendRejected':
        order.action = 'AMEND_FAILED';
        publishOrder(ctx, order);
        break;
    }
  }
}

function cancelled(ctx: CommandContext, order: Order, instrument: Instrument, cause: Extract<VenueReport, { kind: 'cancelled' }>['cause']): void {
  order.cancelType = cause === 'USER' ? 'USER' : cause === 'SYSTEM' || cause === 'RISK_CONTROL' ? 'SYSTEM' : 'EXPIRE';
  if (cause === 'RISK_CONTROL') order.reason = MESSAGES[rejectionCode(cause)];
  if (order.action === 'CANCEL_PENDING') order.action = 'CANCEL_COMPLETE';
  finish(ctx, order, instrument, 'CANCELLED');
}

function settleFill(ctx: CommandContext, order: Order, instrument: Instrument, fill: Extract<VenueReport, { kind: 'fill' }>): void {
  const { notional, fee } = fillAmounts(instrument, fill.price, fill.quantity, fill.liquidity);
  const account = portfolioOf(ctx, order).accounts[order.venue];
  const where = { portfolioId: order.portfolioId, venue: order.venue };
  const trading = ctx.state.trading;
  const [paidCoin, paid, gotCoin, got] =
    order.side === 'BUY' ? [instrument.quote, notional + fee, instrument.base, fill.quantity] : [instrument.base, fill.quantity, instrument.quote, notional - fee];
  const paidBefore = account.balances.get(paidCoin)?.available ?? 0n;
  const paidBalance = spendFrozen(account, paidCoin, paid, ctx.ts);
  trading.reserved.set(order.orderId, trading.reserved.get(order.orderId)! - paid);
  emitBalance(ctx, { ...where, coin: paidCoin }, paidBefore, paidBalance, 'TRADE', order.orderId);
  if (got > 0n) {
    const gotBefore = account.balances.get(gotCoin)?.available ?? 0n;
    emitBalance(ctx, { ...where, coin: gotCoin }, gotBefore, credit(account, gotCoin, got, ctx.ts), 'TRADE', order.orderId);
  }
  if (fee > 0n) {
    const key = `${order.venue}:${instrument.quote}`;
    trading.fees.set(key, (trading.fees.get(key) ?? 0n) + fee);
  }
  order.executedQty += fill.quantity;
  order.executedAmount += notional;
  order.lastExecutedQty = fill.quantity;
  order.lastExecutedPrice = fill.price;
  order.lastExecutedAmount = notional;
  order.fee += fee;
  order.feeCoin = instrument.quote;
  recordExecution(ctx, order, fill, fee);
  const complete = order.orderQty > 0n && order.executedQty >= order.orderQty;
  if (complete) finish(ctx, order, instrument, 'FILLED');
  else {
    order.state = 'PARTIALLY_FILLED';
    publishOrder(ctx, order);
  }
}

function recordExecution(ctx: CommandContext, order: Order, fill: Extract<VenueReport, { kind: 'fill' }>, fee: Fixed): void {
  if (isHouse(ctx, order.portfolioId)) return;
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
    rpnl: 0n,
    liquidity: fill.liquidity,
    createAt: ctx.ts,
  };
  ctx.emit({ type: 'executionCreated', execution });
}

/** A terminal state: what is still frozen goes back to available; the order leaves engine state (history has it). */
export function finish(ctx: CommandContext, order: Order, instrument: Instrument, state: Order['state']): void {
  const trading = ctx.state.trading;
  order.state = state;
  const left = trading.reserved.get(order.orderId) ?? 0n;
  changeFrozen(ctx, order, instrument, -left, 'ORDER');
  trading.reserved.delete(order.orderId);
  const open = trading.openOrders.get(order.portfolioId);
  if (open) {
    const at = open.indexOf(order.orderId);
    if (at >= 0) open.splice(at, 1);
    if (open.length === 0) trading.openOrders.delete(order.portfolioId);
  }
  publishOrder(ctx, order);
  trading.orders.delete(order.orderId);
  if (!isHouse(ctx, order.portfolioId)) {
    trading.finishedOrders.set(order.orderId, { portfolioId: order.portfolioId, clientOrderId: order.clientOrderId, state, finishedAt: ctx.ts });
  }
}

export function isTerminal(order: Order): boolean {
  return TERMINAL_STATES.has(order.state);
}
