/**
 * A sub order of a TWAP / VWAP placed by its provider or the client itself rather than by the schedule (the
 * sub-order rules of the 4012xx group): an ordinary order carrying the algoOrderId, on the algo's sym, side
 * and reduceOnly, within what no child has taken yet; the parent adds up its fills as it does its slices'.
 */
import { ApiError } from '../../catalogue/index.ts';
import type { CommandContext } from '../core/context.ts';
import { actingPortfolio } from '../identity/index.ts';
import { clientOrderIdInUse, placeFor, type OrderOutcome, type PlaceOrder } from '../trading/index.ts';
import { openAlgoOf } from './find.ts';
import { publishAlgo } from './lifecycle.ts';
import { adoptChild, unallocated } from './schedule.ts';

export interface PlaceSubOrder extends PlaceOrder {
  algoOrderId: string;
}

function placeSubOrder(ctx: CommandContext, cmd: PlaceSubOrder): OrderOutcome {
  const portfolio = actingPortfolio(ctx.state, cmd.actor);
  const algo = openAlgoOf(ctx.state, portfolio.portfolioId, { algoOrderId: cmd.algoOrderId });
  if (!algo?.schedule) throw new ApiError(401221);
  if (algo.state === 'PENDING_CANCEL') throw new ApiError(401223);
  if (cmd.clientOrderId === undefined) throw new ApiError(401225);
  if (clientOrderIdInUse(ctx.state, portfolio.portfolioId, cmd.clientOrderId)) throw new ApiError(401229);
  if (cmd.sym !== algo.sym) throw new ApiError(401226);
  if (cmd.side !== algo.side) throw new ApiError(401227);
  if ((cmd.reduceOnly ?? false) !== algo.reduceOnly) throw new ApiError(401228);
  // A sub order is sized in the algo's unit: a MARKET BUY by quote amount cannot be held against orderQty.
  if (cmd.quoteOrderQty > 0n) throw new ApiError(401202);
  if (cmd.orderQty > unallocated(ctx, algo)) throw new ApiError(401224);
  const placed = placeFor(ctx, portfolio, { ...cmd, positionSide: algo.positionSide, algoOrderId: algo.algoOrderId });
  adoptChild(ctx, algo, placed.order.orderId);
  publishAlgo(ctx, algo);
  return placed;
}

export const subOrderHandlers = { placeAlgoSubOrder: placeSubOrder };
