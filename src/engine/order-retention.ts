/**
 * Engine memory stays bounded: finished client orders leave engine state once they finished longer
 * ago than the retention (default 7 days, the history window), with their clientOrderId entries.
 * The history store keeps them, so order detail still answers; clientOrderId uniqueness (401009)
 * then holds among all open orders and the orders finished within the retention.
 */
import { TERMINAL_STATES } from '../domain/order.ts';
import type { TradingState } from './trading-state.ts';

/** Removes the finished orders last updated at or before `cutoff` (ms); returns how many. */
export function pruneFinishedOrders(trading: TradingState, cutoff: number): number {
  let pruned = 0;
  for (const [orderId, order] of trading.orders) {
    if (order.createAt > cutoff) break; // the Map holds orders in creation order: the rest are younger
    if (!TERMINAL_STATES.has(order.state) || order.updateAt > cutoff) continue;
    trading.orders.delete(orderId);
    const byClientId = trading.clientOrderIds.get(order.portfolioId);
    if (byClientId?.get(order.clientOrderId) === orderId) {
      byClientId.delete(order.clientOrderId);
      if (byClientId.size === 0) trading.clientOrderIds.delete(order.portfolioId);
    }
    pruned++;
  }
  return pruned;
}
