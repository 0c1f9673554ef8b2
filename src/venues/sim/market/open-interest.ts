/**
 * Venue-wide open interest of each simulated PERP: the positions of the venue's other participants.
 * Per sym a mean-reverting walk (an exact Ornstein–Uhlenbeck step) of the deviation from a level set
 * by the venue's open-interest notional and the asset's depth, counted as the venue counts quantities
 * (base coin on BINANCE, contracts on OKX). Its own rng stream, so the prices and agents draw as before.
 */
import { sizeWorth, unitValue, type Instrument } from '../../../domain/instrument.ts';
import { add, asRate, mul, neg, ONE, parseFixed, roundToStep, ZERO, type Amount, type Rate, type Size } from '../../../domain/money.ts';
import { ASSET_BY_BASE } from './assets.ts';
import { fractionToFixed, newRng, nextNormal, type RngState, scaleBy } from '../random/index.ts';
import { PERP_INSTRUMENTS, venueRules } from '../instruments/index.ts';

export interface OpenInterestState {
  rng: RngState;
  /** Per PERP sym, its deviation from the level: a fraction (ONE = 100%). */
  deviation: Map<string, Rate>;
}

export interface OpenInterestChange {
  sym: string;
  /** In the venue's quantity unit (base coin on BINANCE, contracts on OKX). */
  openInterest: Size;
}

const HALF_LIFE_MS = 4 * 60 * 60 * 1000;
/** Standard deviation of the stationary deviation (5%), and how far it may stray. */
const SPREAD = 0.05;
const LIMIT = asRate(ONE / 4n);
const RNG_SALT = 0x6f70656e;

export function newOpenInterestState(seed: number): OpenInterestState {
  return { rng: newRng((seed ^ RNG_SALT) >>> 0), deviation: new Map(PERP_INSTRUMENTS.map((i) => [i.sym, ZERO])) };
}

/** Moves every perp's open interest on by `simDt` simulated milliseconds; returns those whose value changed. */
export function advanceOpenInterest(state: OpenInterestState, simDt: number): OpenInterestChange[] {
  if (!(simDt > 0)) return [];
  const keep = Math.pow(0.5, simDt / HALF_LIFE_MS);
  const shockScale = SPREAD * Math.sqrt(1 - keep * keep);
  const changes: OpenInterestChange[] = [];
  for (const instrument of PERP_INSTRUMENTS) {
    const before = openInterestOf(state, instrument);
    const deviation = state.deviation.get(instrument.sym)!;
    const moved = add(scaleBy(deviation, keep), fractionToFixed(shockScale * nextNormal(state.rng)));
    state.deviation.set(instrument.sym, moved > LIMIT ? LIMIT : moved < -LIMIT ? neg(LIMIT) : moved);
    const after = openInterestOf(state, instrument);
    if (after !== before) changes.push({ sym: instrument.sym, openInterest: after });
  }
  return changes;
}

/** A perp's venue-wide open interest now, on its lot grid. */
export function openInterestOf(state: OpenInterestState, instrument: Instrument): Size {
  const level = openInterestLevel(instrument);
  const value = add(level, mul(level, state.deviation.get(instrument.sym) ?? ZERO, 'halfUp'));
  return roundToStep(value, instrument.lotSize, 'halfUp');
}

/** The level a perp's open interest moves around: notional × depth at the asset's start price, in the venue's quantity unit. */
export function openInterestLevel(instrument: Instrument): Size {
  let level = LEVELS.get(instrument.sym);
  if (level === undefined) LEVELS.set(instrument.sym, (level = levelOf(instrument)));
  return level;
}

/** Levels depend on the instrument data alone: each is worked out once (an order's open-interest check reads it). */
const LEVELS = new Map<string, Size>();

function levelOf(instrument: Instrument): Size {
  const asset = ASSET_BY_BASE.get(instrument.base)!;
  const notional: Amount = mul(venueRules(instrument.venue).liquidity.openInterestNotional, parseFixed<'rate'>(String(asset.depth))!, 'halfUp');
  return sizeWorth(notional, unitValue(instrument, parseFixed<'price'>(asset.startPrice)!, 'halfUp'), 'halfUp');
}
