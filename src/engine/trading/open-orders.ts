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

function orderIdOf(state: Readonly<State>, portfolio: Portfolio, ref: OrderRefFields): string | undefined {
  return ref.orderId ?? state.trading.clientOrderIds.get(portfolio.portfolioId)?.get(ref.clientOrderId!);
}

/** The portfolio's order if it is open (finished orders are read from history). */
export function openOrderOf(state: Readonly<State>, portfolio: Portfolio, ref: OrderRefFields): Order | undefined {
  const orderId = orderIdOf(state, portfolio, ref);
  const order = orderId === undefined ? undefined : state.trading.orders.get(orderId);
  return order?.portfolioId === portfolio.portfolioId ? order : undefined;
}

/** The portfolio's open orders, oldest first. */
export function openOrdersOf(state: Readonly<State>, portfolioId: string): Order[] {
  const trading = state.trading;
  return (trading.openOrders.get(portfolioId) ?? []).map((id) => trading.orders.get(id)!);
}

/** How many orders of the portfolio are open, all syms. */
export function openOrderCount(state: Readonly<State>, portfolioId: string): number {
  return state.trading.openOrders.get(portfolioId)?.length ?? 0;
}

/** The portfolio's open orders on one sym, oldest first. */
export function openOrdersOn(state: Readonly<State>, portfolioId: string, sym: string): Order[] {
  const trading = state.trading;
  const on: Order[] = [];
  for (const id of trading.openOrders.get(portfolioId) ?? []) {
    const order = trading.orders.get(id)!;
    if (order.sym === sym) on.push(order);
  }
  return on;
}

/** Open orders of every client portfolio (the house's left out). */
export function clientOpenOrderCount(state: Readonly<State>): number {
  let count = 0;
  for (const [portfolioId, orderIds] of state.trading.openOrders) {
    if (!isHouse(state, portfolioId)) count += orderIds.length;
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
  const orderId = orderIdOf(state, portfolio, ref);
  const finished = orderId === undefined ? undefined : state.trading.finishedOrders.get(orderId);
  if (finished?.portfolioId === portfolio.portfolioId) throw new ApiError(finished.state === 'FILLED' ? 401117 : finishedCode);
  throw new ApiError(401018);
}
