/**
 * A leg fires (decisions M1): the algo's other legs are voided (OCO), and its child is placed through
 * the ordinary order path with the algo's id: a MARKET child at price 0, else a LIMIT at the leg's price.
 * A close-position algo takes its side and size from the position as it is then; with none left it has
 * nothing to do and is cancelled. A child the order rules refuse leaves the algo FAILED with the reason.
 */
import { ApiError } from '../../catalogue/index.ts';
import { CLOSE_POSITION_TYPES, legOf, type AlgoOrder, type LegName } from '../../domain/algo/index.ts';
import type { Portfolio } from '../../domain/identity/index.ts';
import { abs, min, ZERO, type Size } from '../../domain/money.ts';
import type { Side } from '../../domain/market.ts';
import { TERMINAL_STATES, type Order } from '../../domain/orders/index.ts';
import type { CommandContext } from '../core/context.ts';
import type { Actor } from '../identity/index.ts';
import { positionOf } from '../positions/index.ts';
import { placeFor, type PlaceOrder } from '../trading/index.ts';
import { instrumentNamed } from '../venue-link/index.ts';
import { disarmLegs, finishAlgo, publishAlgo } from './lifecycle.ts';
import { sliceUpdated } from './schedule.ts';

export const NO_POSITION_REASON = 'No position left to close';

/** The algo's owner acting on it (faults aimed at the placing key do not follow the child). */
export function ownerOf(portfolio: Portfolio): Actor {
  return { userId: portfolio.userId, keyPortfolioId: portfolio.portfolioId, primary: false };
}

/** Side and size of the child: as placed, or the position's closing side and (a part of) its size. */
function childSize(ctx: CommandContext, algo: AlgoOrder): { side: Side; orderQty: Size } | undefined {
  if (!CLOSE_POSITION_TYPES.has(algo.conditionType)) return { side: algo.side, orderQty: algo.orderQty };
  const position = positionOf(ctx.state, algo.portfolioId, algo.sym, algo.positionSide);
  if (!position || position.qty === ZERO || (position.qty > 0n) !== (algo.side === 'SELL')) return undefined;
  const held = abs(position.qty);
  return { side: algo.side, orderQty: algo.conditionType === 'ENTIRE_CLOSE_POSITION' ? held : min(algo.orderQty, held) };
}

function childOrder(algo: AlgoOrder, leg: LegName, size: { side: Side; orderQty: Size }, portfolio: Portfolio): PlaceOrder {
  const { price } = legOf(algo, leg)!;
  const market = price === ZERO;
  return {
    actor: ownerOf(portfolio),
    sym: algo.sym,
    side: size.side,
    type: market ? 'MARKET' : 'LIMIT',
    timeInForce: market ? 'IOC' : 'GTC',
    orderQty: size.orderQty,
    limitPrice: price,
    quoteOrderQty: ZERO,
    written: { qty: 0, price: 0, quote: 0 },
    reduceOnly: algo.reduceOnly,
    positionSide: algo.positionSide,
    algoOrderId: algo.algoOrderId,
  };
}

export function fireLeg(ctx: CommandContext, algo: AlgoOrder, leg: LegName): void {
  disarmLegs(ctx.state, algo);
  algo.fired = leg;
  const size = childSize(ctx, algo);
  if (!size) return finishAlgo(ctx, algo, 'CANCELLED', NO_POSITION_REASON);
  const portfolio = ctx.state.portfolios.get(algo.portfolioId)!;
  const instrument = instrumentNamed(ctx.venues.market, algo.sym);
  const child = childOrder(algo, leg, size, portfolio);
  if (child.type === 'MARKET') child.orderQty = min(child.orderQty, instrument.maxMarketSize);
  try {
    const { order } = placeFor(ctx, portfolio, child);
    algo.childOrderIds.push(order.orderId);
    algo.state = 'PROCESSING';
    publishAlgo(ctx, algo);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    finishAlgo(ctx, algo, 'FAILED', error.message);
  }
}

/**
 * A child moved: the algo shows what it executed; when the child ends the algo ends with it, COMPLETED
 * if it traded, else CANCELLED (a cancel the client asked for) or FAILED with the child's reason.
 */
export function childUpdated(ctx: CommandContext, order: Order): void {
  const algo = ctx.state.algos.open.get(order.algoOrderId!);
  if (!algo) return;
  if (algo.schedule) return sliceUpdated(ctx, algo, order);
  const traded = order.executedQty !== algo.executedQty;
  algo.executedQty = order.executedQty;
  algo.executedAmount = order.executedAmount;
  if (!TERMINAL_STATES.has(order.state)) return traded ? publishAlgo(ctx, algo) : undefined;
  if (order.executedQty > 0n) return finishAlgo(ctx, algo, 'COMPLETED', '');
  if (algo.state === 'PENDING_CANCEL') return finishAlgo(ctx, algo, 'CANCELLED', algo.reason);
  finishAlgo(ctx, algo, 'FAILED', order.reason || `Child order ${order.orderId} ${order.state}`);
}
