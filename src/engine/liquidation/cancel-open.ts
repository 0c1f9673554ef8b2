/**
 * CANCEL_OPEN (decisions L3: uniMMR below 1.25): the account's open orders that add risk are cancelled. An
 * order adds risk when it holds initial margin for exposure it would open (a reduce-only or closing order
 * holds none); spot orders and closes stay. Run every tick, so an order placed meanwhile goes at the next.
 */
import type { VenueName } from '../../domain/market.ts';
import type { CommandContext } from '../core/context.ts';
import { cancelNow, openOrdersOf } from '../trading/index.ts';

export const CANCEL_OPEN_REASON = 'Account status CANCEL_OPEN: orders that add risk are cancelled';

/** Tick phase: the risk-adding orders of every account the status watch found CANCEL_OPEN. */
export function cancelRiskAddingOrders(ctx: CommandContext): void {
  for (const [key, status] of ctx.state.positions.statuses) {
    if (status !== 'CANCEL_OPEN') continue;
    const [portfolioId, venue] = key.split('|') as [string, VenueName];
    for (const order of openOrdersOf(ctx.state, portfolioId)) {
      const holdsMargin = (ctx.state.trading.reserved.get(order.orderId) ?? 0n) > 0n;
      if (order.venue === venue && order.business === 'PERP' && holdsMargin && order.action !== 'CANCEL_PENDING') cancelNow(ctx, order, 'SYSTEM', CANCEL_OPEN_REASON);
    }
  }
}
