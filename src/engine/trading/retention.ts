/**
 * Engine memory stays bounded: what the engine keeps of finished client orders (their clientOrderId
 * and final state) leaves once they finished longer ago than the retention (default 7 days, the
 * history window). The history store keeps the orders themselves; clientOrderId uniqueness (401009)
 * holds among all open orders and the orders finished within the retention.
 */
import type { Tick } from '../clock/index.ts';
import type { CommandContext } from '../core/context.ts';

/** Tick phase: forgets the finished orders that finished longer than `orderRetentionMs` ago (ticks journaled before retention existed carry none: keep all). */
export function pruneFinishedOrders(ctx: CommandContext, tick: Tick): void {
  if (tick.orderRetentionMs === undefined) return;
  const trading = ctx.state.trading;
  const cutoff = ctx.ts - tick.orderRetentionMs;
  for (const [orderId, finished] of trading.finishedOrders) {
    if (finished.finishedAt > cutoff) break; // held in the order they finished: the rest finished later
    trading.finishedOrders.delete(orderId);
    const byClientId = trading.clientOrderIds.get(finished.portfolioId);
    if (byClientId?.get(finished.clientOrderId) === orderId) {
      byClientId.delete(finished.clientOrderId);
      if (byClientId.size === 0) trading.clientOrderIds.delete(finished.portfolioId);
    }
  }
}
