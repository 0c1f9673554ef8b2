/** Order management's part of the engine state: every open order, its reservation, fees collected, the house portfolios. */
import type { Amount } from '../../domain/money.ts';
import type { Order } from '../../domain/orders/index.ts';
import type { State } from '../core/state.ts';
import { FinishedOrders, type FinishedOrder, type FinishedOrderRows } from './finished-orders.ts';
import { KeptOrder } from './kept-order.ts';
import { OpenOrderIndex } from './open-order-index.ts';

export interface TradingState {
  /** Open orders, client and house alike. */
  orders: Map<string, Order>;
  /** Client orders finished within the retention (retention.ts); the order itself is in history. */
  finishedOrders: FinishedOrders;
  /**
   * portfolioId → clientOrderId → orderId of the open client orders placed with a clientOrderId
   * (decisions E3: unique per portfolio among open and finished orders kept; see clientOrderIdInUse).
   */
  clientOrderIds: Map<string, Map<string, string>>;
  /** The orders not yet terminal (those of `orders`), by portfolio and sym. */
  openOrders: OpenOrderIndex<Order>;
  /** orderId → what is still frozen for it, in the coin the order spends. */
  reserved: Map<string, Amount>;
  /** Cancels the venue confirms on the next tick (decisions E1: CANCEL_PENDING until then). */
  pendingCancels: string[];
  /** `${venue}:${coin}` → trading fees collected. */
  fees: Map<string, Amount>;
  /** Market-maker portfolios of the simulation; their orders are never shown to clients. */
  housePortfolios: string[];
}

/**
 * After a snapshot of state format `format` is decoded: its orders and finished orders, plain there,
 * become the compact records engine state keeps. Format 1 kept finished orders as a Map of objects, and
 * every kept order's clientOrderId in clientOrderIds; today that map has the open orders' given ones.
 */
export function restoreTradingState(trading: TradingState, format: number): void {
  for (const [orderId, order] of trading.orders) trading.orders.set(orderId, new KeptOrder(order));
  trading.openOrders = OpenOrderIndex.from(trading.openOrders as unknown as Map<string, string[]>, (orderId) => trading.orders.get(orderId)!);
  if (format >= 2) {
    trading.finishedOrders = FinishedOrders.from(trading.finishedOrders as unknown as FinishedOrderRows);
    return;
  }
  const finished = new FinishedOrders();
  for (const [orderId, order] of trading.finishedOrders as unknown as Map<string, Omit<FinishedOrder, 'orderId'>>) finished.add({ orderId, ...order });
  trading.finishedOrders = finished;
  for (const [portfolioId, byClientId] of trading.clientOrderIds) {
    for (const [clientOrderId, orderId] of byClientId) if (clientOrderId === orderId || !trading.orders.has(orderId)) byClientId.delete(clientOrderId);
    if (byClientId.size === 0) trading.clientOrderIds.delete(portfolioId);
  }
}

export function emptyTradingState(): TradingState {
  return {
    orders: new Map(),
    finishedOrders: new FinishedOrders(),
    clientOrderIds: new Map(),
    openOrders: new OpenOrderIndex<Order>(),
    reserved: new Map(),
    pendingCancels: [],
    fees: new Map(),
    housePortfolios: [],
  };
}

/** Whether a portfolio is one of the simulation's market makers (never shown to clients). */
export function isHouse(state: Readonly<State>, portfolioId: string): boolean {
  return state.trading.housePortfolios.includes(portfolioId);
}

/** Portfolios of clients: all but the house's. */
export function clientPortfolioCount(state: Readonly<State>): number {
  return state.portfolios.size - state.trading.housePortfolios.length;
}
