/** A portfolio's open orders: asked by commands and by reads alike. */
import { ApiError } from '../../catalogue/index.ts';
import type { Portfolio } from '../../domain/identity/index.ts';
import type { Order } from '../../domain/orders/index.ts';
import type { State } from '../core/state.ts';
import { isHouse } from './state.ts';

export interface OrderRefFields {
  orderId?: string;
  clientOrderId?: string;
}

/** Open orders of one portfolio, all syms (per-sym limit: the instrument's maxNumOrders → 401054). */
export const MAX_OPEN_ORDERS = 500;

/** The portfolio's order if it is open (finished orders are read from history). */
export function openOrderOf(state: Readonly<State>, portfolio: Portfolio, ref: OrderRefFields): Order | undefined {
  if (ref.orderId !== undefined) {
    const order = state.trading.orders.get(ref.orderId);
    return order?.portfolioId === portfolio.portfolioId ? order : undefined;
  }
  return openByClientOrderId(state, portfolio.portfolioId, ref.clientOrderId!);
}

/** An order placed without a clientOrderId has its orderId as one and no entry in clientOrderIds. */
function openByClientOrderId(state: Readonly<State>, portfolioId: string, clientOrderId: string): Order | undefined {
  const trading = state.trading;
  const order = trading.orders.get(trading.clientOrderIds.get(portfolioId)?.get(clientOrderId) ?? clientOrderId);
  return order?.portfolioId === portfolioId && order.clientOrderId === clientOrderId ? order : undefined;
}

/** Whether the portfolio has an open order, or one finished within the retention, with that clientOrderId (decisions E3). */
export function clientOrderIdInUse(state: Readonly<State>, portfolioId: string, clientOrderId: string): boolean {
  return openByClientOrderId(state, portfolioId, clientOrderId) !== undefined || state.trading.finishedOrders.byClientOrderId(portfolioId, clientOrderId) !== undefined;
}

/** The portfolio's open orders, oldest first. */
export function openOrdersOf(state: Readonly<State>, portfolioId: string): Order[] {
  return state.trading.openOrders.ordersOf(portfolioId);
}

/** How many orders of the portfolio are open, all syms. */
export function openOrderCount(state: Readonly<State>, portfolioId: string): number {
  return state.trading.openOrders.count(portfolioId);
}

/** The portfolio's open orders on one sym, oldest first. */
export function openOrdersOn(state: Readonly<State>, portfolioId: string, sym: string): Order[] {
  return [...state.trading.openOrders.onSym(portfolioId, sym).values()];
}

/** Open orders of every client portfolio (the house's left out). */
export function clientOpenOrderCount(state: Readonly<State>): number {
  let count = 0;
  for (const [portfolioId, open] of state.trading.openOrders.counts()) {
    if (!isHouse(state, portfolioId)) count += open;
  }
  return count;
}

/**
 * The portfolio's open order to cancel or replace. One that finished within the retention answers
 * 401117 if it filled and `finishedCode` otherwise; one never seen (or long gone) answers 401018.
 */
export function findOpenOrder(state: Readonly<State>, portfolio: Portfolio, ref: OrderRefFields, finishedCode: 401019 | 401072): Order {
  const order = openOrderOf(state, portfolio, ref);
  if (order) return order;
  const finishedOrders = state.trading.finishedOrders;
  const finished = ref.orderId !== undefined ? finishedOrders.byOrderId(ref.orderId) : finishedOrders.byClientOrderId(portfolio.portfolioId, ref.clientOrderId!);
  if (finished?.portfolioId === portfolio.portfolioId) throw new ApiError(finished.state === 'FILLED' ? 401117 : finishedCode);
  throw new ApiError(401018);
}
