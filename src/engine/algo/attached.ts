/**
 * Attached TP/SL (decisions M2; connex-api.md §4.1): the tp/sl fields of an order open an ATTACHED_TPSL
 * algo that closes what the order opens. It waits PENDING_NEW until the order first fills, then its legs
 * are armed for the quantity filled so far (more fills, more to close); an order that ends unfilled
 * cancels it. Its legs meet the TPSL rules, "already reached" judged at a LIMIT order's price.
 */
import { ApiError } from '../../catalogue/index.ts';
import type { AlgoOrder, Leg, LegName } from '../../domain/algo/index.ts';
import type { Instrument } from '../../domain/instrument.ts';
import type { Side } from '../../domain/market.ts';
import { ZERO, type Price, type Size } from '../../domain/money.ts';
import { TERMINAL_STATES, type Order } from '../../domain/orders/index.ts';
import type { CommandContext } from '../core/context.ts';
import { actingPortfolio } from '../identity/index.ts';
import { positionModeOf } from '../positions/index.ts';
import { openOrderOf, placeFor, type OrderOutcome, type PlaceOrder } from '../trading/index.ts';
import { instrumentNamed } from '../venue-link/index.ts';
import { armLegs, finishAlgo, MAX_OPEN_ALGOS, openAlgo, openAlgoCount, publishAlgo } from './lifecycle.ts';
import { assertChildTerms, assertTpslLeverage, assertTrigger, legFrom, type CheckedTerms, type LegInput } from './terms.ts';

export const PARENT_UNFILLED = 'Its order ended unfilled';

export interface AttachedLegs {
  tp: LegInput;
  sl: LegInput;
}

export interface PlaceOrderWithTpsl extends PlaceOrder, AttachedLegs {}

type AttachedTerms = Pick<CheckedTerms, 'conditionType' | 'tp' | 'sl' | 'conditional'>;

/** TP and SL legs take their direction from the closing side; only a conditional leg needs the price of now. */
const NO_CONDITIONAL_LEG = (): Price => ZERO;

function closingSide(side: Side): Side {
  return side === 'BUY' ? 'SELL' : 'BUY';
}

/** An order that reduces or closes (reduceOnly; in BOTH mode a SELL on LONG, a BUY on SHORT) opens nothing to protect. */
function opensPosition(cmd: PlaceOrder): boolean {
  if (cmd.reduceOnly) return false;
  return cmd.positionSide === 'LONG' ? cmd.side === 'BUY' : cmd.positionSide === 'SHORT' ? cmd.side === 'SELL' : true;
}

/** `entry`: where the order opens the position (a LIMIT's price before it fills), else each leg's current price. */
function legTerms(ctx: CommandContext, instrument: Instrument, side: Side, orderQty: Size, legs: AttachedLegs, entry?: Price): AttachedTerms {
  const tp = legFrom('TP', legs.tp);
  const sl = legFrom('SL', legs.sl);
  if (!tp && !sl) throw new ApiError(401214);
  const named: [LegName, Leg | null][] = [['TP', tp], ['SL', sl]];
  for (const [name, leg] of named) {
    if (!leg) continue;
    assertTrigger(ctx, instrument, name, leg, side, entry);
    assertChildTerms(ctx, instrument, side, orderQty, leg);
  }
  return { conditionType: tp && sl ? 'OCO' : 'CONDITIONAL', tp, sl, conditional: null };
}

function assertMayAttach(ctx: CommandContext, portfolioId: string, instrument: Instrument, cmd: PlaceOrder): void {
  if (instrument.business !== 'PERP') throw new ApiError(401243);
  if (!opensPosition(cmd)) throw new ApiError(401202);
  if (openAlgoCount(ctx.state, portfolioId) >= MAX_OPEN_ALGOS) throw new ApiError(401204);
  assertTpslLeverage(ctx, portfolioId, instrument);
}

/** Every rule of the TP/SL is checked before the order is placed, so a refused one places nothing. */
function placeWithTpsl(ctx: CommandContext, cmd: PlaceOrderWithTpsl): OrderOutcome {
  const portfolio = actingPortfolio(ctx.state, cmd.actor);
  const instrument = instrumentNamed(ctx.venues.market, cmd.sym);
  assertMayAttach(ctx, portfolio.portfolioId, instrument, cmd);
  const side = closingSide(cmd.side);
  const terms = legTerms(ctx, instrument, side, cmd.orderQty, cmd, cmd.type === 'LIMIT' ? cmd.limitPrice : undefined);
  const placed = placeFor(ctx, portfolio, cmd);
  const algoOrderId = ctx.newId();
  const algo: AlgoOrder = {
    portfolioId: portfolio.portfolioId,
    algoOrderId,
    clientOrderId: algoOrderId,
    algoOrderType: 'ATTACHED_TPSL',
    sym: instrument.sym,
    venue: instrument.venue,
    business: instrument.business,
    ...terms,
    side,
    orderQty: ZERO,
    positionSide: placed.order.positionSide,
    reduceOnly: positionModeOf(ctx.state, portfolio.portfolioId, instrument.venue) === 'NET',
    fired: null,
    state: 'PENDING_NEW',
    reason: '',
    executedQty: ZERO,
    executedAmount: ZERO,
    childOrderIds: [],
    attachedOrderId: placed.order.orderId,
    createAt: ctx.ts,
    updateAt: ctx.ts,
  };
  ctx.state.algos.attached.set(placed.order.orderId, algoOrderId);
  openAlgo(ctx, algo, NO_CONDITIONAL_LEG);
  return placed;
}

/** TP and SL legs only, never a size: it is what the order filled (401202). */
export function replacedAttachedTerms(ctx: CommandContext, algo: AlgoOrder, changes: AttachedLegs & { orderQty?: Size; conditional: LegInput }, legs: AttachedLegs): AttachedTerms {
  if (changes.orderQty !== undefined || changes.conditional.triggerPrice !== undefined || changes.conditional.triggerType !== undefined || changes.conditional.price !== undefined) {
    throw new ApiError(401202);
  }
  const instrument = instrumentNamed(ctx.venues.market, algo.sym);
  assertTpslLeverage(ctx, algo.portfolioId, instrument);
  const portfolio = ctx.state.portfolios.get(algo.portfolioId)!;
  const parent = algo.state === 'PENDING_NEW' ? openOrderOf(ctx.state, portfolio, { orderId: algo.attachedOrderId! }) : undefined;
  const entry = parent?.exchangeOrderType === 'LIMIT' ? parent.limitPrice : undefined;
  return legTerms(ctx, instrument, algo.side, parent?.orderQty ?? algo.orderQty, legs, entry);
}

/** The order an algo is attached to moved: its fills arm the algo for what they opened; unfilled at its end, the algo is cancelled. */
export function parentUpdated(ctx: CommandContext, order: Order): void {
  const algoOrderId = ctx.state.algos.attached.get(order.orderId);
  if (algoOrderId === undefined) return;
  const algo = ctx.state.algos.open.get(algoOrderId)!;
  const ended = TERMINAL_STATES.has(order.state);
  if (ended) ctx.state.algos.attached.delete(order.orderId);
  if (algo.state === 'PENDING_NEW' && order.executedQty === ZERO) return ended ? finishAlgo(ctx, algo, 'CANCELLED', PARENT_UNFILLED) : undefined;
  if ((algo.state !== 'PENDING_NEW' && algo.state !== 'NEW') || order.executedQty === algo.orderQty) return;
  algo.orderQty = order.executedQty;
  if (algo.state === 'PENDING_NEW') {
    algo.state = 'NEW';
    armLegs(ctx.state, algo, NO_CONDITIONAL_LEG);
  }
  publishAlgo(ctx, algo);
}

export const attachedHandlers = { placeOrderWithTpsl: placeWithTpsl };
