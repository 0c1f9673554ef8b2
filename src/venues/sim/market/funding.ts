/**
 * Perp funding rates on the venue side (decisions L7; research-perps.md §1.4, §2). Each market tick
 * samples every perp's premium index P against its index price and adds it, weighted by the tick's
 * venue time, to the running interval's sum; P̄ is that time-weighted average (0 before any sample).
 * F = P̄ + clamp(I − P̄, −0.05 %, +0.05 %), I = 0.01 % per 8 h scaled to the sym's interval, then
 * clamped to the sym's floor and cap (funding data files), published at 8 decimals. BINANCE's P is
 * how far its impact bid and ask sit outside the index, OKX's the mid's distance from it.
 */
import { baseQty, type Instrument } from '../../../domain/instrument.ts';
import type { VenueName } from '../../../domain/market.ts';
import { add, div, fromInt, max, mul, mulDiv, neg, parseFixed, roundTo, scale, sub, times, ZERO, type Amount, type Price, type Qty, type Rate } from '../../../domain/money.ts';
import type { Depth, FundingRate, LevelQuantity } from '../../venue.ts';
import { fundingTermsOf, PERP_INSTRUMENTS, type FundingTerms } from '../instruments/index.ts';
import { indexPrice, type MarketState } from './price-process.ts';

/** A perp's premium samples of the running interval: Σ P × ms and Σ ms. */
export interface PremiumSum {
  weighted: Rate;
  ms: number;
}

const INTEREST_PER_8H: Rate = parseFixed('0.0001')!;
const INTEREST_BAND: Rate = parseFixed('0.0005')!;
const PUBLISHED_DECIMALS = 8;
/** Quote coin of margin behind the impact notional: 200 USDT at the sym's highest leverage. */
const IMPACT_MARGIN = 200;
/** Levels of a side read to fill the impact notional: past the makers' ten, for what clients add. */
const IMPACT_LEVELS = 100;

type DepthOf = (instrument: Instrument, levels: number) => Depth;
type PremiumIndex = (instrument: Instrument, index: Price, depthOf: DepthOf) => Rate | undefined;

const PREMIUM_INDEX: Record<VenueName, PremiumIndex> = { BINANCE: impactPremium, OKX: midPremium };

/** Samples every perp's premium index now and weighs it by `elapsedMs` of venue time; a perp whose book lacks a side is not sampled. */
export function samplePremiums(market: MarketState, elapsedMs: number, depthOf: DepthOf): void {
  const ms = Math.round(elapsedMs); // venue time counts whole ms; a fraction must not make the sum inexact
  if (!(ms > 0)) return;
  for (const instrument of PERP_INSTRUMENTS) {
    const premium = PREMIUM_INDEX[instrument.venue](instrument, indexPrice(market, instrument.base), depthOf);
    if (premium === undefined) continue;
    const sum = market.premiums.get(instrument.sym);
    market.premiums.set(instrument.sym, { weighted: add(sum?.weighted ?? ZERO, times(premium, ms)), ms: (sum?.ms ?? 0) + ms });
  }
}

/** The rate predicted for the interval now running, from its samples so far. */
export function fundingRateNow(market: MarketState, instrument: Instrument): FundingRate {
  const terms = termsOf(instrument.sym);
  return { rate: fundingRateOf(averagePremium(market.premiums.get(instrument.sym)), terms), intervalHours: terms.intervalHours };
}

/** The rate of the interval that ends now, from all its samples; the next interval starts with none. */
export function closeFundingInterval(market: MarketState, sym: string): Rate {
  const rate = fundingRateOf(averagePremium(market.premiums.get(sym)), termsOf(sym));
  market.premiums.delete(sym);
  return rate;
}

export function fundingIntervalHours(sym: string): number {
  return termsOf(sym).intervalHours;
}

/** P̄: the samples' time-weighted average, 0 without any. */
export function averagePremium(sum: PremiumSum | undefined): Rate {
  return sum && sum.ms > 0 ? scale(sum.weighted, 1n, BigInt(sum.ms), 'halfUp') : ZERO;
}

/** F = clamp(P̄ + clamp(I − P̄, ±0.05 %), floor, cap) at 8 decimals, I = 0.01 % × intervalHours / 8. */
export function fundingRateOf(premium: Rate, terms: FundingTerms): Rate {
  const interest = scale(INTEREST_PER_8H, BigInt(terms.intervalHours), 8n, 'halfUp');
  const rate = add(premium, clamp(sub(interest, premium), neg(INTEREST_BAND), INTEREST_BAND));
  return roundTo(clamp(rate, terms.floor, terms.cap), PUBLISHED_DECIMALS, 'halfUp');
}

/** The average price of filling `notional` quote coin against `levels` (best first); of what they hold when it is less; undefined when empty. */
export function impactPrice(instrument: Instrument, levels: readonly LevelQuantity[], notional: Amount): Price | undefined {
  let spent: Amount = ZERO;
  let filled: Qty = ZERO;
  for (const [price, size] of levels) {
    const qty = baseQty(instrument, size);
    const worth = mul(price, qty);
    const left = sub(notional, spent);
    // The last level fills left / price: notional / (filled + left / price), scaled by price so it is rounded once.
    if (worth >= left) return mulDiv(price, notional, add(mul(price, filled), left), 'halfUp');
    spent = add(spent, worth);
    filled = add(filled, qty);
  }
  return filled > 0n ? div(spent, filled, 'halfUp') : undefined;
}

/** BINANCE: [max(0, impactBid − index) − max(0, index − impactAsk)] / index, the impact notional 200 USDT / IMR at the highest leverage. */
function impactPremium(instrument: Instrument, index: Price, depthOf: DepthOf): Rate | undefined {
  const notional = fromInt<'amount'>(IMPACT_MARGIN * instrument.maxLeverage!);
  const { bids, asks } = depthOf(instrument, IMPACT_LEVELS);
  const bid = impactPrice(instrument, bids, notional);
  const ask = impactPrice(instrument, asks, notional);
  if (bid === undefined || ask === undefined) return undefined;
  return div(sub(max(sub(bid, index), ZERO), max(sub(index, ask), ZERO)), index, 'halfUp');
}

/** OKX: ((bid1 + ask1) / 2 − index) / index. */
function midPremium(instrument: Instrument, index: Price, depthOf: DepthOf): Rate | undefined {
  const { bids, asks } = depthOf(instrument, 1);
  if (bids.length === 0 || asks.length === 0) return undefined;
  const mid = scale(add(bids[0][0], asks[0][0]), 1n, 2n, 'halfUp');
  return div(sub(mid, index), index, 'halfUp');
}

function clamp(rate: Rate, low: Rate, high: Rate): Rate {
  return rate < low ? low : rate > high ? high : rate;
}

function termsOf(sym: string): FundingTerms {
  const terms = fundingTermsOf(sym);
  if (!terms) throw new Error(`${sym} has no funding terms`);
  return terms;
}
