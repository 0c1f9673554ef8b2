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
  ctx.state.trading.finishedOrders.forgetFinishedBy(ctx.ts - tick.orderRetentionMs);
}
