/**
 * TWAP and VWAP algo orders (decisions M3): placed with their slices planned, each slice sent as an
 * ordinary child order when venue time reaches it (a tick phase), the parent adding up its children's
 * fills. COMPLETED once the children filled the whole size; at endTime the slices in flight are cancelled
 * and what is left unfilled leaves the algo EXPIRED.
 */
import { ApiError } from '../../catalogue/index.ts';
import { MIN_SLICE_INTERVAL_MS, sliceCount, sliceTime, twapSlices, vwapSlices, type AlgoOrder, type AlgoOrderType, type Schedule } from '../../domain/algo/index.ts';
import type { Instrument } from '../../domain/instrument.ts';
import type { Side } from '../../domain/market.ts';
import { add, min, sub, ZERO, type Price, type Size } from '../../domain/money.ts';
import { assertOrderTerms, TERMINAL_STATES, type Order, type PositionSide } from '../../domain/orders/index.ts';
import type { CommandContext } from '../core/context.ts';
import type { State } from '../core/state.ts';
import { openOrderOf, placeFor, tradingHandlers, type PlaceOrder } from '../trading/index.ts';
import { ownerOf } from './fire.ts';
import { finishAlgo, publishAlgo } from './lifecycle.ts';
import { assertActiveProvider } from './providers.ts';
import type { SliceFill } from './state.ts';

export const DEFAULT_ALGO_PROVIDER = 'OPENCONNEX';
export const EXPIRING_REASON = 'endTime reached; its slices in flight are being cancelled';
export const EXPIRED_REASON = 'endTime reached with the rest unfilled';
/** The longest schedule and the most slices one algo may have (401212 / 401213). */
const MAX_DURATION_MS = 7 * 24 * 3_600_000;
const MAX_SLICES = 10_000;

export interface ScheduleTerms {
  algoProvider?: string;
  startTime?: number;
  endTime?: number;
  interval?: number;
  limitPrice?: Price;
  side?: Side;
  orderQty?: Size;
  positionSide?: PositionSide;
  reduceOnly?: boolean;
}

export type ScheduledTerms = Pick<AlgoOrder, 'conditionType' | 'side' | 'orderQty' | 'positionSide' | 'reduceOnly' | 'tp' | 'sl' | 'conditional' | 'schedule'>;

function assertTimes(now: number, startTime: number, endTime: number | undefined, interval: number | undefined): asserts endTime is number {
  if (startTime > now + MAX_DURATION_MS) throw new ApiError(401211);
  if (endTime === undefined || endTime <= Math.max(startTime, now) || endTime - startTime > MAX_DURATION_MS) throw new ApiError(401212);
  if (interval === undefined || interval < MIN_SLICE_INTERVAL_MS || sliceCount(startTime, endTime, interval) > MAX_SLICES) throw new ApiError(401213);
}

function assertIntent(instrument: Instrument, terms: ScheduleTerms): void {
  // TWAP / VWAP slice SPOT and PERP; a MARGIN sym's slices would borrow, which no provider plans for.
  if (instrument.business !== 'SPOT' && instrument.business !== 'PERP') throw new ApiError(401067);
  if (instrument.business !== 'SPOT') return;
  if (terms.reduceOnly) throw new ApiError(401049);
  if ((terms.positionSide ?? 'NONE') !== 'NONE') throw new ApiError(401096);
}

type SliceTimes = { startTime: number; interval: number; count: number };

/** Slices `first` to `count` − 1 of a schedule sharing `orderQty`: equal for TWAP, by the venue's trailing volume for VWAP. */
function plannedSlices(ctx: CommandContext, instrument: Instrument, type: AlgoOrderType, orderQty: Size, times: SliceTimes, first: number): Size[] {
  if (type === 'VWAP') return vwapSlices(orderQty, ctx.venues.market.trailingDayVolume(instrument, ctx.ts), times, instrument.lotSize, first);
  return twapSlices(orderQty, times.count - first, instrument.lotSize);
}

/** The slices with something to send meet the order rules (each distinct size once), so a plan that cannot trade is refused. */
function assertSlices(ctx: CommandContext, instrument: Instrument, side: Side, slices: readonly Size[], limitPrice: Price): void {
  const market = limitPrice === ZERO;
  for (const orderQty of new Set(slices.filter((slice) => slice > 0n))) {
    const terms = { side, type: market ? 'MARKET' : 'LIMIT', timeInForce: market ? 'IOC' : 'GTC', orderQty, limitPrice, quoteOrderQty: ZERO, written: { qty: 0, price: 0, quote: 0 } } as const;
    assertOrderTerms(instrument, terms, ctx.venues.market.referencePrice(instrument));
  }
}

/** The terms of a TWAP / VWAP: provider, times, size and side; its slices planned and checked. */
export function scheduledTerms(ctx: CommandContext, instrument: Instrument, type: AlgoOrderType, terms: ScheduleTerms): ScheduledTerms {
  const provider = terms.algoProvider ?? DEFAULT_ALGO_PROVIDER;
  assertActiveProvider(ctx.state, provider);
  assertIntent(instrument, terms);
  const startTime = Math.max(terms.startTime ?? ctx.ts, ctx.ts);
  assertTimes(ctx.ts, terms.startTime ?? ctx.ts, terms.endTime, terms.interval);
  const { side, orderQty, interval } = terms;
  if (side === undefined || orderQty === undefined || orderQty <= 0n) throw new ApiError(401202);
  if (terms.limitPrice !== undefined && terms.limitPrice <= 0n) throw new ApiError(401202);
  const limitPrice = terms.limitPrice ?? ZERO;
  const count = sliceCount(startTime, terms.endTime, interval!);
  const slices = plannedSlices(ctx, instrument, type, orderQty, { startTime, interval: interval!, count }, 0);
  assertSlices(ctx, instrument, side, slices, limitPrice);
  const schedule: Schedule = { provider, startTime, endTime: terms.endTime, interval: interval!, limitPrice, slices, sent: 0 };
  return { conditionType: null, side, orderQty, positionSide: terms.positionSide ?? 'NONE', reduceOnly: terms.reduceOnly ?? false, tp: null, sl: null, conditional: null, schedule };
}

function inFlightOf(state: State, algo: AlgoOrder): Map<string, SliceFill> {
  let inFlight = state.algos.slicesInFlight.get(algo.algoOrderId);
  if (!inFlight) state.algos.slicesInFlight.set(algo.algoOrderId, (inFlight = new Map()));
  return inFlight;
}

export function hasSliceInFlight(state: Readonly<State>, algo: AlgoOrder): boolean {
  return (state.algos.slicesInFlight.get(algo.algoOrderId)?.size ?? 0) > 0;
}

function finishScheduled(ctx: CommandContext, algo: AlgoOrder, end: 'COMPLETED' | 'EXPIRED' | 'CANCELLED', reason: string): void {
  ctx.state.algos.slicesInFlight.delete(algo.algoOrderId);
  finishAlgo(ctx, algo, end, reason);
}

function sliceOrder(algo: AlgoOrder, schedule: Schedule, ctx: CommandContext): PlaceOrder {
  const market = schedule.limitPrice === ZERO;
  return {
    actor: ownerOf(ctx.state.portfolios.get(algo.portfolioId)!),
    sym: algo.sym,
    side: algo.side,
    type: market ? 'MARKET' : 'LIMIT',
    timeInForce: market ? 'IOC' : 'GTC',
    orderQty: schedule.slices[schedule.sent],
    limitPrice: schedule.limitPrice,
    quoteOrderQty: ZERO,
    written: { qty: 0, price: 0, quote: 0 },
    reduceOnly: algo.reduceOnly,
    positionSide: algo.positionSide,
    algoOrderId: algo.algoOrderId,
  };
}

/** What no child has taken yet: the size less what was executed and what the children in flight still ask for. */
export function unallocated(ctx: CommandContext, algo: AlgoOrder): Size {
  const portfolio = ctx.state.portfolios.get(algo.portfolioId)!;
  let left = sub(algo.orderQty, algo.executedQty);
  for (const orderId of inFlightOf(ctx.state, algo).keys()) {
    const child = openOrderOf(ctx.state, portfolio, { orderId });
    if (child) left = sub(left, sub(child.orderQty, child.executedQty));
  }
  return left;
}

/**
 * A running TWAP / VWAP takes a new size: never below what it executed (401222) nor below what its children in
 * flight may still execute (401230); the slices not sent yet share the rest by the algo's own weights.
 */
export function resizeSchedule(ctx: CommandContext, algo: AlgoOrder, instrument: Instrument, orderQty: Size): void {
  const schedule = algo.schedule!;
  if (orderQty < algo.executedQty) throw new ApiError(401222);
  const committed = sub(algo.orderQty, unallocated(ctx, algo));
  if (orderQty < committed) throw new ApiError(401230);
  const count = schedule.slices.length;
  const unsent = schedule.sent === count ? [] : plannedSlices(ctx, instrument, algo.algoOrderType, sub(orderQty, committed), { ...schedule, count }, schedule.sent);
  assertSlices(ctx, instrument, algo.side, unsent, schedule.limitPrice);
  schedule.slices = [...schedule.slices.slice(0, schedule.sent), ...unsent];
  algo.orderQty = orderQty;
  if (algo.executedQty === orderQty && !hasSliceInFlight(ctx.state, algo)) return finishScheduled(ctx, algo, 'COMPLETED', '');
  publishAlgo(ctx, algo);
}

/** A child placed for the algo (a slice, or a sub order its provider sent): the parent follows its fills. */
export function adoptChild(ctx: CommandContext, algo: AlgoOrder, orderId: string): void {
  algo.childOrderIds.push(orderId);
  inFlightOf(ctx.state, algo).set(orderId, { qty: ZERO, amount: ZERO });
  algo.state = 'PROCESSING';
}

/**
 * A slice takes at most what no child has taken (sub orders may have), none when nothing is left; one the order
 * rules refuse when its time comes (balance, margin) is skipped, its reason kept on the algo.
 */
function sendSlice(ctx: CommandContext, algo: AlgoOrder, schedule: Schedule): void {
  const child = sliceOrder(algo, schedule, ctx);
  schedule.sent++;
  child.orderQty = min(child.orderQty, unallocated(ctx, algo));
  if (child.orderQty <= 0n) return;
  algo.state = 'PROCESSING';
  try {
    const { order } = placeFor(ctx, ctx.state.portfolios.get(algo.portfolioId)!, child);
    adoptChild(ctx, algo, order.orderId);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    algo.reason = `Slice ${schedule.sent} refused: ${error.message}`;
  }
  publishAlgo(ctx, algo);
}

/** Cancels the slices still open; the algo ends when the last of them has. */
export function cancelSlicesInFlight(ctx: CommandContext, algo: AlgoOrder): void {
  const portfolio = ctx.state.portfolios.get(algo.portfolioId)!;
  for (const orderId of [...inFlightOf(ctx.state, algo).keys()]) {
    const child = openOrderOf(ctx.state, portfolio, { orderId });
    if (child && child.action !== 'CANCEL_PENDING') tradingHandlers.cancelOrder(ctx, { actor: ownerOf(portfolio), orderId });
  }
}

function expire(ctx: CommandContext, algo: AlgoOrder): void {
  if (!hasSliceInFlight(ctx.state, algo)) return finishScheduled(ctx, algo, 'EXPIRED', algo.reason || EXPIRED_REASON);
  algo.state = 'PENDING_CANCEL';
  algo.reason = EXPIRING_REASON;
  publishAlgo(ctx, algo);
  cancelSlicesInFlight(ctx, algo);
}

/** Tick phase: each TWAP / VWAP sends the slices whose time came, and expires at its endTime. */
export function runSchedules(ctx: CommandContext): void {
  for (const algo of [...ctx.state.algos.open.values()]) {
    const schedule = algo.schedule;
    if (!schedule || algo.state === 'PENDING_CANCEL') continue;
    while (schedule.sent < schedule.slices.length && sliceTime(schedule.startTime, schedule.interval, schedule.sent) <= ctx.ts) sendSlice(ctx, algo, schedule);
    if (ctx.ts >= schedule.endTime) expire(ctx, algo);
  }
}

/** A slice moved: the parent adds what it executed since; when the last one in flight ends, the algo may end. */
export function sliceUpdated(ctx: CommandContext, algo: AlgoOrder, order: Order): void {
  const inFlight = inFlightOf(ctx.state, algo);
  const before = inFlight.get(order.orderId) ?? { qty: ZERO, amount: ZERO };
  const traded = order.executedQty !== before.qty;
  algo.executedQty = add(algo.executedQty, sub(order.executedQty, before.qty));
  algo.executedAmount = add(algo.executedAmount, sub(order.executedAmount, before.amount));
  if (!TERMINAL_STATES.has(order.state)) {
    inFlight.set(order.orderId, { qty: order.executedQty, amount: order.executedAmount });
    return traded ? publishAlgo(ctx, algo) : undefined;
  }
  inFlight.delete(order.orderId);
  if (algo.executedQty === algo.orderQty) return finishScheduled(ctx, algo, 'COMPLETED', '');
  if (algo.state === 'PENDING_CANCEL' && inFlight.size === 0) {
    return algo.reason === EXPIRING_REASON ? finishScheduled(ctx, algo, 'EXPIRED', EXPIRED_REASON) : finishScheduled(ctx, algo, 'CANCELLED', algo.reason);
  }
  if (traded) publishAlgo(ctx, algo);
}
