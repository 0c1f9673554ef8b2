/**
 * The rules an algo's terms meet, at placement and at every replace (decisions M1, M4): PERP syms only,
 * the legs its condition type takes, each trigger within ±15 % of the mark and not already reached, the
 * child's order terms, and for close-position algos the position they close.
 */
import { ApiError, type CatalogueCode } from '../../catalogue/index.ts';
import { CLOSE_POSITION_TYPES, directionOf, reached, withinMarkBand, type AlgoOrder, type ConditionType, type Leg, type LegName, type TriggerType } from '../../domain/algo/index.ts';
import type { Instrument } from '../../domain/instrument.ts';
import type { Side } from '../../domain/market.ts';
import { abs, formatFixed, isMultipleOf, ZERO, type Price, type Size } from '../../domain/money.ts';
import { assertOrderTerms, type PositionSide } from '../../domain/orders/index.ts';
import type { CommandContext } from '../core/context.ts';
import { maxLeverageOf } from '../../domain/perp/index.ts';
import { leverageOf, positionModeOf, positionOf, tiersOf } from '../positions/index.ts';

/** A leg as the client wrote it; a leg without a trigger price is absent. */
export interface LegInput {
  triggerPrice?: Price;
  triggerType?: TriggerType;
  /** 0 or absent: a MARKET child. */
  price?: Price;
}

export interface AlgoTerms {
  conditionType: ConditionType;
  side?: Side;
  orderQty?: Size;
  positionSide?: PositionSide;
  reduceOnly?: boolean;
  tp: LegInput;
  sl: LegInput;
  conditional: LegInput;
}

/** What the terms come to: the algo's side, size, legs. */
export type CheckedTerms = Pick<AlgoOrder, 'conditionType' | 'side' | 'orderQty' | 'positionSide' | 'reduceOnly' | 'tp' | 'sl' | 'conditional'>;

interface LegCodes {
  trigger: CatalogueCode;
  price: CatalogueCode;
  /** Already reached at the current price. */
  atOnce: CatalogueCode;
}

const LEG_CODES: Record<LegName, LegCodes> = {
  TP: { trigger: 401215, price: 401217, atOnce: 401246 },
  SL: { trigger: 401218, price: 401220, atOnce: 401247 },
  CONDITIONAL: { trigger: 401236, price: 401237, atOnce: 401236 },
};

/** The price a trigger type watches now: the last trade (the band's centre before any), or the mark. */
export function currentPrice(ctx: CommandContext, instrument: Instrument, type: TriggerType): Price {
  const market = ctx.venues.market;
  if (type === 'MARK_PRICE') return market.markPrice(instrument);
  return ctx.state.algos.lastPrices.get(instrument.sym) ?? market.referencePrice(instrument);
}

export function legFrom(name: LegName, input: LegInput): Leg | null {
  if (input.triggerPrice === undefined) {
    if (input.price !== undefined) throw new ApiError(LEG_CODES[name].trigger);
    return null;
  }
  if (input.triggerPrice <= 0n) throw new ApiError(LEG_CODES[name].trigger);
  if (input.price !== undefined && input.price < 0n) throw new ApiError(LEG_CODES[name].price);
  return { triggerPrice: input.triggerPrice, triggerType: input.triggerType ?? 'LAST_PRICE', price: input.price ?? ZERO };
}

function assertLegs(conditionType: ConditionType, tp: Leg | null, sl: Leg | null, conditional: Leg | null): void {
  const given = [tp, sl, conditional].filter((leg) => leg !== null).length;
  if (given === 0) throw new ApiError(401214);
  if (conditionType === 'CONDITIONAL' && given > 1) throw new ApiError(401202);
  if (conditionType === 'OCO' && (tp === null || sl === null || conditional !== null)) throw new ApiError(401202);
  if (CLOSE_POSITION_TYPES.has(conditionType)) {
    if (conditional !== null) throw new ApiError(401202);
    if ((tp && tp.price !== ZERO) || (sl && sl.price !== ZERO)) throw new ApiError(401235);
  }
}

/**
 * A price of the instrument: at least one tick (401100) and in whole ticks (401098); within ±15 % of the
 * mark, and not already reached where its type's price stands (M1, with that price in the message);
 * `current`: where an attached leg's order would open the position instead.
 */
export function assertTrigger(ctx: CommandContext, instrument: Instrument, name: LegName, leg: Leg, side: Side, current = currentPrice(ctx, instrument, leg.triggerType)): void {
  const codes = LEG_CODES[name];
  if (leg.triggerPrice < instrument.tickSize) throw new ApiError(401100);
  if (!isMultipleOf(leg.triggerPrice, instrument.tickSize)) throw new ApiError(401098);
  if (!withinMarkBand(leg.triggerPrice, ctx.venues.market.markPrice(instrument))) throw new ApiError(codes.trigger);
  if (name === 'CONDITIONAL' ? leg.triggerPrice === current : reached(directionOf(name, side, leg.triggerPrice, current), leg.triggerPrice, current)) {
    throw new ApiError(codes.atOnce, formatFixed(current));
  }
}

/** The child a leg would send meets the order rules (a LIMIT at the leg's price, else a MARKET). */
export function assertChildTerms(ctx: CommandContext, instrument: Instrument, side: Side, orderQty: Size, leg: Leg): void {
  const market = leg.price === ZERO;
  const terms = { side, type: market ? 'MARKET' : 'LIMIT', timeInForce: market ? 'IOC' : 'GTC', orderQty, limitPrice: leg.price, quoteOrderQty: ZERO, written: { qty: 0, price: 0, quote: 0 } } as const;
  assertOrderTerms(instrument, terms, ctx.venues.market.referencePrice(instrument));
}

/** Side, size and position side of a close-position algo, from the position it closes (401245 when there is none to close). */
function closingTerms(ctx: CommandContext, portfolioId: string, instrument: Instrument, terms: AlgoTerms): Pick<CheckedTerms, 'side' | 'orderQty' | 'positionSide' | 'reduceOnly'> {
  const both = positionModeOf(ctx.state, portfolioId, instrument.venue) === 'BOTH';
  if (both && (terms.positionSide === undefined || terms.positionSide === 'NONE')) throw new ApiError(401091);
  const positionSide = both ? terms.positionSide! : 'NONE';
  const position = positionOf(ctx.state, portfolioId, instrument.sym, positionSide);
  if (!position || position.qty === ZERO) throw new ApiError(401245);
  const side: Side = position.qty > 0n ? 'SELL' : 'BUY';
  if (terms.side !== undefined && terms.side !== side) throw new ApiError(401245);
  if (terms.conditionType === 'ENTIRE_CLOSE_POSITION') return { side, orderQty: ZERO, positionSide, reduceOnly: !both };
  if (terms.orderQty === undefined || terms.orderQty <= 0n) throw new ApiError(401202);
  if (terms.orderQty > abs(position.qty)) throw new ApiError(401244);
  return { side, orderQty: terms.orderQty, positionSide, reduceOnly: !both };
}

function orderTerms(terms: AlgoTerms): Pick<CheckedTerms, 'side' | 'orderQty' | 'positionSide' | 'reduceOnly'> {
  if (terms.side === undefined || terms.orderQty === undefined || terms.orderQty <= 0n) throw new ApiError(401202);
  return { side: terms.side, orderQty: terms.orderQty, positionSide: terms.positionSide ?? 'NONE', reduceOnly: terms.reduceOnly ?? false };
}

/** 401239: a sym's leverage above what the venue allows now (the operator's perpLimits) meets a TPSL with the highest it allows. */
export function assertTpslLeverage(ctx: CommandContext, portfolioId: string, instrument: Instrument): void {
  const leverage = leverageOf(ctx.state, portfolioId, instrument.sym);
  const highest = maxLeverageOf(tiersOf(ctx.venues.market, instrument));
  if (leverage !== undefined && leverage > highest) throw new ApiError(401239, String(highest));
}

export function checkTerms(ctx: CommandContext, portfolioId: string, instrument: Instrument, terms: AlgoTerms): CheckedTerms {
  if (instrument.business !== 'PERP') throw new ApiError(401243);
  assertTpslLeverage(ctx, portfolioId, instrument);
  const tp = legFrom('TP', terms.tp);
  const sl = legFrom('SL', terms.sl);
  const conditional = legFrom('CONDITIONAL', terms.conditional);
  assertLegs(terms.conditionType, tp, sl, conditional);
  const close = CLOSE_POSITION_TYPES.has(terms.conditionType);
  const sized = close ? closingTerms(ctx, portfolioId, instrument, terms) : orderTerms(terms);
  const legs: [LegName, Leg | null][] = [['TP', tp], ['SL', sl], ['CONDITIONAL', conditional]];
  for (const [name, leg] of legs) {
    if (!leg) continue;
    assertTrigger(ctx, instrument, name, leg, sized.side);
    if (!close) assertChildTerms(ctx, instrument, sized.side, sized.orderQty, leg);
  }
  return { conditionType: terms.conditionType, ...sized, tp, sl, conditional };
}
