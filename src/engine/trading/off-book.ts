/**
 * An order of the system filled off the book (ADL, decisions L8): a direct settlement between two positions at
 * one price, so it pays no fee (research-perps.md §1.5) and leaves the venue's book alone; otherwise an ordinary
 * order and execution of its portfolio, as the order history and the pushes show them.
 */
import type { Portfolio } from '../../domain/identity/index.ts';
import { ZERO } from '../../domain/money.ts';
import type { Order, OrderOrigin } from '../../domain/orders/index.ts';
import type { CommandContext } from '../core/context.ts';
import { applyReports, openOrder } from './lifecycle.ts';
import { newOrder, type PlaceOrder } from './place.ts';
import type { Fill } from './settlement.ts';

/** Opens the order and fills all of it at its limit price; answers it filled. */
export function fillOffBook(ctx: CommandContext, portfolio: Portfolio, cmd: PlaceOrder, origin: OrderOrigin): Order {
  const instrument = ctx.venues.market.instrument(cmd.sym)!;
  const order = newOrder(ctx, portfolio, instrument, { ...cmd, reduceOnly: cmd.reduceOnly ?? false, positionSide: cmd.positionSide ?? 'NONE' }, ctx.newId(), origin);
  openOrder(ctx, order, ZERO);
  const fill: Fill = { kind: 'fill', orderId: order.orderId, tradeId: order.orderId, price: cmd.limitPrice, quantity: cmd.orderQty, liquidity: 'TAKER', feeFree: true };
  applyReports(ctx, [{ kind: 'accepted', orderId: order.orderId }, fill]);
  return order;
}
