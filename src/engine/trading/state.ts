/** Order management's part of the engine state: every open order, its reservation, fees collected, the house portfolios. */
import type { Amount } from '../../domain/money.ts';
import type { Order, OrderState } from '../../domain/orders/index.ts';
import type { State } from '../core/state.ts';
import { KeptOrder } from './kept-order.ts';

/**
 * What the engine keeps of a finished client order within the retention: enough for clientOrderId
 * uniqueness and for the codes a cancel or replace of it answers. The order itself is in history.
 */
export interface FinishedOrder {
  portfolioId: string;
  clientOrderId: string;
  state: OrderState;
  finishedAt: number;
}

export interface TradingState {
  /** Open orders, client and house alike. */
  orders: Map<string, Order>;
  /** Client orders finished within the retention (order-retention.ts), in the order they finished. */
  finishedOrders: Map<string, FinishedOrder>;
  /** portfolioId → clientOrderId → orderId (decisions E3: unique per portfolio among the orders kept). */
  clientOrderIds: Map<string, Map<string, string>>;
  /** portfolioId → orderIds not yet terminal. */
  openOrders: Map<string, string[]>;
  /** orderId → what is still frozen for it, in the coin the order spends. */
  reserved: Map<string, Amount>;
  /** Cancels the venue confirms on the next tick (decisions E1: CANCEL_PENDING until then). */
  pendingCancels: string[];
  /** `${venue}:${coin}` → trading fees collected. */
  fees: Map<string, Amount>;
  /** Market-maker portfolios of the simulation; their orders are never shown to clients. */
  housePortfolios: string[];
}

/** After a snapshot is decoded: its orders, plain there, become the compact records engine state keeps. */
export function restoreTradingState(trading: TradingState): void {
  for (const [orderId, order] of trading.orders) trading.orders.set(orderId, new KeptOrder(order));
}

export function emptyTradingState(): TradingState {
  return {
    orders: new Map(),
    finishedOrders: new Map(),
    clientOrderIds: new Map(),
    openOrders: new Map(),
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
