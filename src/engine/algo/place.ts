/**
 * Placing and replacing a TPSL algo order (connex-api.md §4.10; decisions M1, M4). Every rule is checked
 * before the first change, so a refused algo changes nothing.
 */
import { ApiError } from '../../catalogue/index.ts';
import { CLOSE_POSITION_TYPES, legOf, SCHEDULED_ALGO_TYPES, type AlgoOrder, type AlgoOrderType, type ConditionType, type LegName } from '../../domain/algo/index.ts';
import type { Instrument } from '../../domain/instrument.ts';
import { ZERO, type Price } from '../../domain/money.ts';
import type { CommandContext } from '../core/context.ts';
import { actingPortfolio, type Actor } from '../identity/index.ts';
import { instrumentNamed } from '../venue-link/index.ts';
import { algoNamed, type AlgoRef } from './find.ts';
import { replacedAttachedTerms } from './attached.ts';
import { armLegs, disarmLegs, MAX_OPEN_ALGOS, openAlgo, openAlgoCount, publishAlgo } from './lifecycle.ts';
import { resizeSchedule, scheduledTerms, type ScheduledTerms, type ScheduleTerms } from './schedule.ts';
import { checkTerms, currentPrice, type AlgoTerms, type CheckedTerms, type LegInput } from './terms.ts';

export interface PlaceAlgo extends Omit<AlgoTerms, 'conditionType'>, ScheduleTerms {
  actor: Actor;
  clientOrderId?: string;
  algoOrderType: AlgoOrderType;
  sym: string;
  /** TPSL: required (401233); TWAP / VWAP take none. */
  conditionType?: ConditionType;
}

export interface ReplaceAlgo extends AlgoRef {
  orderQty?: AlgoTerms['orderQty'];
  tp: LegInput;
  sl: LegInput;
  conditional: LegInput;
}

export interface AlgoAnswer {
  algoOrderId: string;
  clientOrderId: string;
}

/** Where each leg's price stood at placement: a conditional leg fires on reaching its trigger from there. */
function pricesNow(ctx: CommandContext, instrument: Instrument, algo: AlgoOrder): (leg: LegName) => Price {
  return (leg) => currentPrice(ctx, instrument, legOf(algo, leg)!.triggerType);
}

/** 401238: one close-position TPSL per position. */
function assertOneClosePosition(ctx: CommandContext, portfolioId: string, sym: string, terms: CheckedTerms, except?: string): void {
  if (!CLOSE_POSITION_TYPES.has(terms.conditionType)) return;
  for (const algo of ctx.state.algos.open.values()) {
    if (CLOSE_POSITION_TYPES.has(algo.conditionType) && algo.algoOrderId !== except && algo.portfolioId === portfolioId && algo.sym === sym && algo.positionSide === terms.positionSide) throw new ApiError(401238);
  }
}

function tpslTerms(ctx: CommandContext, portfolioId: string, instrument: Instrument, cmd: PlaceAlgo): CheckedTerms | ScheduledTerms {
  if (cmd.conditionType === undefined) throw new ApiError(401233);
  const terms = checkTerms(ctx, portfolioId, instrument, { ...cmd, conditionType: cmd.conditionType });
  assertOneClosePosition(ctx, portfolioId, instrument.sym, terms);
  return terms;
}

function place(ctx: CommandContext, cmd: PlaceAlgo): AlgoAnswer {
  const portfolio = actingPortfolio(ctx.state, cmd.actor);
  const instrument = instrumentNamed(ctx.venues.market, cmd.sym);
  if (cmd.clientOrderId !== undefined && ctx.state.algos.clientIds.get(portfolio.portfolioId)?.has(cmd.clientOrderId)) throw new ApiError(401229);
  if (openAlgoCount(ctx.state, portfolio.portfolioId) >= MAX_OPEN_ALGOS) throw new ApiError(401204);
  const terms = SCHEDULED_ALGO_TYPES.has(cmd.algoOrderType) ? scheduledTerms(ctx, instrument, cmd.algoOrderType, cmd) : tpslTerms(ctx, portfolio.portfolioId, instrument, cmd);
  const algoOrderId = ctx.newId();
  const algo: AlgoOrder = {
    portfolioId: portfolio.portfolioId,
    algoOrderId,
    clientOrderId: cmd.clientOrderId ?? algoOrderId,
    algoOrderType: cmd.algoOrderType,
    sym: instrument.sym,
    venue: instrument.venue,
    business: instrument.business,
    ...terms,
    fired: null,
    state: 'NEW',
    reason: '',
    executedQty: ZERO,
    executedAmount: ZERO,
    childOrderIds: [],
    attachedOrderId: null,
    createAt: ctx.ts,
    updateAt: ctx.ts,
  };
  openAlgo(ctx, algo, pricesNow(ctx, instrument, algo));
  return { algoOrderId, clientOrderId: algo.clientOrderId };
}

/** A leg's fields replace what they name; the others stay as they were. */
function mergedLeg(leg: AlgoOrder['tp'], input: LegInput): LegInput {
  return { triggerPrice: input.triggerPrice ?? leg?.triggerPrice, triggerType: input.triggerType ?? leg?.triggerType, price: input.price ?? leg?.price };
}

function replacedTerms(ctx: CommandContext, portfolioId: string, algo: AlgoOrder, cmd: ReplaceAlgo, instrument: Instrument): Partial<CheckedTerms> {
  const tp = mergedLeg(algo.tp, cmd.tp);
  const sl = mergedLeg(algo.sl, cmd.sl);
  if (algo.algoOrderType === 'ATTACHED_TPSL') return replacedAttachedTerms(ctx, algo, cmd, { tp, sl });
  return checkTerms(ctx, portfolioId, instrument, {
    conditionType: algo.conditionType!,
    side: algo.side,
    orderQty: cmd.orderQty ?? (algo.orderQty === ZERO ? undefined : algo.orderQty),
    positionSide: algo.positionSide,
    reduceOnly: algo.reduceOnly,
    tp,
    sl,
    conditional: mergedLeg(algo.conditional, cmd.conditional),
  });
}

/** A TWAP / VWAP takes a new size until it is being cancelled (401209), and no other term (401231). */
function resize(ctx: CommandContext, algo: AlgoOrder, cmd: ReplaceAlgo, instrument: Instrument): AlgoAnswer {
  if (givesLeg(cmd)) throw new ApiError(401231);
  // A size of 0 would complete an algo that did nothing: a resize keeps a size, as a placement does.
  if (cmd.orderQty === undefined || cmd.orderQty <= 0n) throw new ApiError(401202);
  if (algo.state === 'PENDING_CANCEL') throw new ApiError(401209);
  resizeSchedule(ctx, algo, instrument, cmd.orderQty);
  return { algoOrderId: algo.algoOrderId, clientOrderId: algo.clientOrderId };
}

function givesLeg(cmd: ReplaceAlgo): boolean {
  return [cmd.tp, cmd.sl, cmd.conditional].some((leg) => leg.triggerPrice !== undefined || leg.triggerType !== undefined || leg.price !== undefined);
}

/**
 * Only a TPSL that has not fired (NEW, or PENDING_NEW: attached to an order not filled yet) takes new
 * terms (401209); they meet the rules of a new one.
 */
function replace(ctx: CommandContext, cmd: ReplaceAlgo): AlgoAnswer {
  const portfolio = actingPortfolio(ctx.state, cmd.actor);
  const algo = algoNamed(ctx.state, portfolio.portfolioId, cmd);
  const instrument = instrumentNamed(ctx.venues.market, algo.sym);
  if (algo.schedule) return resize(ctx, algo, cmd, instrument);
  if (algo.state !== 'NEW' && algo.state !== 'PENDING_NEW') throw new ApiError(401209);
  if (cmd.orderQty === undefined && !givesLeg(cmd)) throw new ApiError(401202);
  const terms = replacedTerms(ctx, portfolio.portfolioId, algo, cmd, instrument);
  disarmLegs(ctx.state, algo);
  Object.assign(algo, terms);
  if (algo.state === 'NEW') armLegs(ctx.state, algo, pricesNow(ctx, instrument, algo));
  publishAlgo(ctx, algo);
  return { algoOrderId: algo.algoOrderId, clientOrderId: algo.clientOrderId };
}

export const placeAlgoHandlers = { placeAlgoOrder: place, replaceAlgoOrder: replace };
