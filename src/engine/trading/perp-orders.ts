/**
 * The rules a client's PERP order meets before it holds any margin (decisions L3–L6): leverage set,
 * positionSide per the account's mode, reduce-only and close orders within the position, and the
 * notional the leverage allows. Nothing changes here: a reduce-only order that displaces worse-priced
 * ones only names them (they are cancelled once the order is accepted).
 */
import { ApiError } from '../../catalogue/index.ts';
import type { Portfolio } from '../../domain/identity/index.ts';
import { baseQty, type Instrument } from '../../domain/instrument.ts';
import { abs, add, max, mul, sub, sum, ZERO, type Price, type Size } from '../../domain/money.ts';
import type { Order, PositionSide } from '../../domain/orders/index.ts';
import type { Side } from '../../domain/market.ts';
import { maxLeverageOf, signedSize, withinLimitAt, type RiskTierTable } from '../../domain/perp/index.ts';
import type { CommandContext } from '../core/context.ts';
import { assertNotLiquidating, leverageOf, positionModeOf, positionOf, tiersOf } from '../positions/index.ts';
import { openOrdersOn } from './open-orders.ts';
import { assertReduceOnly, openRemainder } from './reduce-only.ts';
import type { PlaceOrder } from './place.ts';
import type { OrderIntent } from './settlement.ts';
import { marginPrice, openingSize } from './settle-perp.ts';

/** A client's PERP order as placing reads it: reduceOnly and positionSide given. */
export type PerpOrder = OrderIntent & PlaceOrder;

export interface PerpPlacement {
  positionSide: PositionSide;
  /** Resting reduce-only orders with a worse price that make room for this one (401068). */
  displaced: Order[];
}

/** `open`: the portfolio's open orders on the sym. */
export function assertPerpOrder(ctx: CommandContext, portfolio: Portfolio, instrument: Instrument, cmd: PerpOrder, open: Order[]): PerpPlacement {
  const portfolioId = portfolio.portfolioId;
  const leverage = leverageOf(ctx.state, portfolioId, instrument.sym);
  if (leverage === undefined) throw new ApiError(401037);
  const table = tiersOf(ctx.venues.market, instrument);
  if (leverage > maxLeverageOf(table)) throw new ApiError(401112, String(maxLeverageOf(table)));
  if (cmd.quoteOrderQty > 0n) throw new ApiError(401024);
  const positionSide = positionSideFor(ctx, portfolio, instrument, cmd);
  let displaced: Order[] = [];
  if (cmd.reduceOnly) displaced = assertReduceOnly(ctx, portfolioId, instrument, cmd, open);
  else if (positionSide !== 'NONE' && isClose(cmd.side, positionSide)) assertClose(ctx, portfolioId, instrument, cmd, positionSide, open);
  else assertExposure(ctx, portfolioId, instrument, cmd, positionSide, table, leverage, open);
  return { positionSide, displaced };
}

/** NET: NONE only (401096); BOTH: LONG or SHORT (401091), and no reduceOnly (401049). */
function positionSideFor(ctx: CommandContext, portfolio: Portfolio, instrument: Instrument, cmd: PerpOrder): PositionSide {
  const mode = positionModeOf(ctx.state, portfolio.portfolioId, instrument.venue);
  if (mode === 'NET') {
    if (cmd.positionSide !== 'NONE') throw new ApiError(401096);
    return 'NONE';
  }
  if (cmd.positionSide === 'NONE') throw new ApiError(401091);
  if (cmd.reduceOnly) throw new ApiError(401049);
  return cmd.positionSide;
}

/** In BOTH mode a SELL on LONG or a BUY on SHORT closes the held position. */
function isClose(side: Order['side'], positionSide: PositionSide): boolean {
  return (positionSide === 'LONG') !== (side === 'BUY');
}

/** BOTH mode: a close needs the position (401093) and, with the other open closes, no more than it holds (401119). */
function assertClose(ctx: CommandContext, portfolioId: string, instrument: Instrument, cmd: PerpOrder, positionSide: PositionSide, open: Order[]): void {
  const held = abs(positionOf(ctx.state, portfolioId, instrument.sym, positionSide)?.qty ?? ZERO);
  if (held === 0n) throw new ApiError(401093);
  if (closeExceeds(held, cmd.side, positionSide, cmd.orderQty, open)) throw new ApiError(401119);
}

/** Whether `size` and the other open orders closing the same position would close more than it holds. */
function closeExceeds(held: Size, side: Side, positionSide: PositionSide, size: Size, open: Order[]): boolean {
  const closing = sum(open.filter((o) => o.side === side && (positionSide === 'NONE' ? o.reduceOnly : o.positionSide === positionSide)).map(openRemainder));
  return add(closing, size) > held;
}

/**
 * The exposure the order could open, with the position and the open orders that add to it, stays
 * within what the leverage allows (401060) and within the sym's largest tier at all (401070); what it
 * opens keeps the venue's open interest within its limit (401092).
 */
function assertExposure(ctx: CommandContext, portfolioId: string, instrument: Instrument, cmd: PerpOrder, positionSide: PositionSide, table: RiskTierTable, leverage: number, open: Order[]): void {
  const breach = exposureBreach(ctx, portfolioId, instrument, { side: cmd.side, positionSide, orderQty: cmd.orderQty }, marginPrice(ctx, instrument, cmd), table, leverage, open);
  if (breach) throw new ApiError(breach === 'leverage' ? 401060 : 401070);
  const market = ctx.venues.market;
  const opening = openingSize(ctx, portfolioId, instrument.sym, cmd.side, positionSide, cmd.orderQty);
  if (opening > 0n && add(market.openInterest(instrument), opening) > market.openInterestLimit(instrument)) throw new ApiError(401092);
}

/** 'leverage' when the exposure is beyond what the leverage allows but within the table, 'table' when beyond the table; null within. */
function exposureBreach(
  ctx: CommandContext,
  portfolioId: string,
  instrument: Instrument,
  terms: { side: Side; positionSide: PositionSide; orderQty: Size },
  price: Price,
  table: RiskTierTable,
  leverage: number,
  open: Order[],
): 'leverage' | 'table' | null {
  const opening = openingSize(ctx, portfolioId, instrument.sym, terms.side, terms.positionSide, terms.orderQty);
  if (opening === 0n) return null;
  const held = positionOf(ctx.state, portfolioId, instrument.sym, terms.positionSide)?.qty ?? ZERO;
  const after = abs(add(held, signedSize(terms.side, terms.orderQty)));
  const pending = sum(open.filter((o) => !o.reduceOnly && o.side === terms.side && o.positionSide === terms.positionSide).map(openRemainder));
  const size = add(after, pending);
  const exposure = { notional: mul(max(price, ctx.venues.market.markPrice(instrument)), baseQty(instrument, size), 'up'), size };
  if (withinLimitAt(table, leverage, exposure)) return null;
  return withinLimitAt(table, 1, exposure) ? 'leverage' : 'table';
}

/**
 * A replaced PERP order meets the same limits as a new one, with the replace's codes: a reduce-only or
 * close order no larger than the position with the others (401081), an opening one within the
 * leverage's notional (401080) and the table's (401079). Its margin is checked by the settlement (401078).
 */
export function assertPerpReplace(ctx: CommandContext, order: Order, instrument: Instrument, price: Price, quantity: Size): void {
  assertNotLiquidating(ctx, ctx.state.portfolios.get(order.portfolioId)!, order.venue);
  const others = openOrdersOn(ctx.state, order.portfolioId, order.sym).filter((o) => o.orderId !== order.orderId);
  const remaining = sub(quantity, order.executedQty);
  const closing = order.reduceOnly || (order.positionSide !== 'NONE' && isClose(order.side, order.positionSide));
  if (closing) {
    const held = abs(positionOf(ctx.state, order.portfolioId, order.sym, order.positionSide)?.qty ?? ZERO);
    if (closeExceeds(held, order.side, order.positionSide, remaining, others)) throw new ApiError(401081);
    return;
  }
  const leverage = leverageOf(ctx.state, order.portfolioId, order.sym) ?? order.leverage;
  const breach = exposureBreach(ctx, order.portfolioId, instrument, { side: order.side, positionSide: order.positionSide, orderQty: remaining }, price, tiersOf(ctx.venues.market, instrument), leverage, others);
  if (breach) throw new ApiError(breach === 'leverage' ? 401080 : 401079);
}
