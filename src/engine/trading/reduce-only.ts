/**
 * Reduce-only orders (decisions L5; connex-api.md §4.1): they only ever shrink the NET position. A new
 * one goes against a held position and, with the resting ones, never exceeds it: worse-priced ones make
 * room for a better one (cancelled with 401068's reason), and when the position shrinks the resting
 * ones are cut or cancelled (cancelType REDUCE_ONLY), worst price first.
 */
import { ApiError } from '../../catalogue/index.ts';
import type { Instrument } from '../../domain/instrument.ts';
import { abs, add, formatFixed, sub, sum, ZERO, type Price, type Size } from '../../domain/money.ts';
import type { Order } from '../../domain/orders/index.ts';
import type { CommandContext } from '../core/context.ts';
import { positionOf } from '../positions/index.ts';
import { onVenue } from '../venue-link/index.ts';
import { applyReports, cancelNow } from './lifecycle.ts';
import { openOrdersOn } from './open-orders.ts';
import type { PerpOrder } from './perp-orders.ts';

export function openRemainder(order: Order): Size {
  return sub(order.orderQty, order.executedQty);
}

/**
 * A reduce-only order goes against a held position (401048, 401047), waits for no unconfirmed
 * reduce-only order (401120), and with the resting ones never exceeds the position: worse-priced
 * ones make room (displaced, 401068), and when that is not enough it is refused (401059).
 */
export function assertReduceOnly(ctx: CommandContext, portfolioId: string, instrument: Instrument, cmd: PerpOrder, open: Order[]): Order[] {
  const held = positionOf(ctx.state, portfolioId, instrument.sym, 'NONE')?.qty ?? ZERO;
  if (held === 0n) throw new ApiError(401048);
  if (held > 0n === (cmd.side === 'BUY')) throw new ApiError(401047);
  const reducing = open.filter((o) => o.reduceOnly && o.side === cmd.side);
  if (reducing.some((o) => o.state === 'NEW')) throw new ApiError(401120);
  let room = sub(sub(abs(held), sum(reducing.map(openRemainder))), cmd.orderQty);
  if (room >= 0n) return [];
  const price = cmd.type === 'MARKET' ? null : cmd.limitPrice;
  const worseFirst = reducing.filter((o) => isWorse(o, price)).sort((a, b) => (isWorse(a, b.limitPrice) ? -1 : 1));
  const displaced: Order[] = [];
  for (const order of worseFirst) {
    if (room >= 0n) break;
    displaced.push(order);
    room = add(room, openRemainder(order));
  }
  if (room < 0n) throw new ApiError(401059);
  return displaced;
}

/** Whether a resting reduce-only limit order closes at a worse price than `price` (null: a market order, the best). */
function isWorse(order: Order, price: Price | null): boolean {
  if (order.exchangeOrderType === 'MARKET') return false;
  if (price === null) return true;
  return order.side === 'SELL' ? order.limitPrice > price : order.limitPrice < price;
}

/** The reason a displaced reduce-only order carries (401068, its placeholders filled). */
export function displacedReason(order: Order, instrument: Instrument): string {
  return new ApiError(401068, order.sym, order.side, formatFixed(openRemainder(order)), instrument.base, formatFixed(order.limitPrice)).message;
}

/** After the position moved: the resting reduce-only orders of the sym are cut back to what it still holds. */
export function trimReduceOnly(ctx: CommandContext, portfolioId: string, sym: string): void {
  const reducing = openOrdersOn(ctx.state, portfolioId, sym).filter((o) => o.reduceOnly && o.action !== 'CANCEL_PENDING');
  if (reducing.length === 0) return;
  const held = positionOf(ctx.state, portfolioId, sym, 'NONE')?.qty ?? ZERO;
  const instrument = ctx.venues.market.instrument(sym)!;
  let excess = sub(sum(reducing.map(openRemainder)), abs(held));
  for (const order of reducing.sort((a, b) => (isWorse(a, b.limitPrice) ? -1 : 1))) {
    const against = held !== 0n && held > 0n !== (order.side === 'BUY');
    if (against && excess <= 0n) break;
    const remainder = openRemainder(order);
    if (against && remainder > excess) {
      const kept = sub(remainder, excess);
      applyReports(ctx, onVenue(ctx, order.venue, (venue) => venue.amend(sym, order.orderId, order.limitPrice, kept, ctx.ts)));
    } else cancelNow(ctx, order, 'REDUCE_ONLY', displacedReason(order, instrument));
    excess = sub(excess, remainder);
  }
}
