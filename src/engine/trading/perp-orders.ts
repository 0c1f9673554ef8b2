/**
 * The rules a client's PERP order meets before it holds any margin (decisions L3–L6): leverage set,
 * positionSide per the account's mode, reduce-only and close orders within the position, and the
 * notional the leverage allows. Nothing changes here: a reduce-only order that displaces worse-priced
 * ones only names them (they are cancelled once the order is accepted).
 */
import { ApiError } from '../../catalogue/index.ts';
import type { Portfolio } from '../../domain/identity/index.ts';
import { baseQty, type Instrument } from '../../domain/instrument.ts';
import { abs, add, max, mul, sum, ZERO } from '../../domain/money.ts';
import type { Order, PositionSide } from '../../domain/orders/index.ts';
import { maxLeverageOf, signedSize, withinLimitAt, type RiskTierTable } from '../../domain/perp/index.ts';
import type { CommandContext } from '../core/context.ts';
import { assertNotLiquidating, leverageOf, positionModeOf, positionOf, tiersOf } from '../positions/index.ts';
import { openOrdersOf } from './open-orders.ts';
import { assertReduceOnly, openRemainder } from './reduce-only.ts';
import type { PlaceOrder } from './place.ts';
import type { OrderIntent } from './settlement.ts';
import { marginPrice, openingSize } from './settle-perp.ts';

/** A client's PERP order as placing reads it: reduceOnly and positionSide given. */
export type PerpOrder = OrderIntent & PlaceOrder;

export interface PerpPlacement {
  positionSide: PositionSide;
  leverage: number;
  /** Resting reduce-only orders with a worse price that make room for this one (401068). */
  displaced: Order[];
}

export function assertPerpOrder(ctx: CommandContext, portfolio: Portfolio, instrument: Instrument, cmd: PerpOrder): PerpPlacement {
  const portfolioId = portfolio.portfolioId;
  const leverage = leverageOf(ctx.state, portfolioId, instrument.sym);
  if (leverage === undefined) throw new ApiError(401037);
  const table = tiersOf(ctx.venues.market, instrument);
  if (leverage > maxLeverageOf(table)) throw new ApiError(401112, String(maxLeverageOf(table)));
  if (cmd.quoteOrderQty > 0n) throw new ApiError(401024);
  const positionSide = positionSideFor(ctx, portfolio, instrument, cmd);
  assertNotLiquidating(ctx, portfolio, instrument.venue);
  const open = openOrdersOf(ctx.state, portfolioId).filter((o) => o.sym === instrument.sym);
  let displaced: Order[] = [];
  if (cmd.reduceOnly) displaced = assertReduceOnly(ctx, portfolioId, instrument, cmd, open);
  else if (positionSide !== 'NONE' && isClose(cmd.side, positionSide)) assertClose(ctx, portfolioId, instrument, cmd, positionSide, open);
  else assertExposure(ctx, portfolioId, instrument, cmd, positionSide, table, leverage, open);
  return { positionSide, leverage, displaced };
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
  const closing = sum(open.filter((o) => o.positionSide === positionSide && o.side === cmd.side).map(openRemainder));
  if (add(closing, cmd.orderQty) > held) throw new ApiError(401119);
}

/**
 * The exposure the order could open, with the position and the open orders that add to it, stays
 * within what the leverage allows (401060) and within the sym's largest tier at all (401070).
 */
function assertExposure(
  ctx: CommandContext,
  portfolioId: string,
  instrument: Instrument,
  cmd: PerpOrder,
  positionSide: PositionSide,
  table: RiskTierTable,
  leverage: number,
  open: Order[],
): void {
  const opening = openingSize(ctx, portfolioId, instrument.sym, cmd.side, positionSide, cmd.orderQty);
  if (opening === 0n) return;
  const held = positionOf(ctx.state, portfolioId, instrument.sym, positionSide)?.qty ?? ZERO;
  const after = abs(add(held, signedSize(cmd.side, cmd.orderQty)));
  const pending = sum(open.filter((o) => !o.reduceOnly && o.side === cmd.side && o.positionSide === positionSide).map(openRemainder));
  const size = add(after, pending);
  const price = max(marginPrice(ctx, instrument, cmd), ctx.venues.market.markPrice(instrument));
  const exposure = { notional: mul(price, baseQty(instrument, size), 'up'), size };
  if (withinLimitAt(table, leverage, exposure)) return;
  throw new ApiError(withinLimitAt(table, 1, exposure) ? 401060 : 401070);
}
