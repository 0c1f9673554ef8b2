/**
 * Venue-wide open interest of each simulated PERP: the positions of the venue's other participants.
 * Per sym a mean-reverting walk (an exact Ornstein–Uhlenbeck step) of the deviation from a level set
 * by the venue's open-interest notional and the asset's depth, counted as the venue counts quantities
 * (base coin on BINANCE, contracts on OKX). Its own rng stream, so the prices and agents draw as before.
 */
import type { Instrument } from '../../../domain/instrument.ts';
import { mulDiv, ONE, parseFixed, roundToStep, type Fixed } from '../../../domain/money.ts';
import { ASSET_BY_BASE } from './assets.ts';
import { fractionToFixed, newRng, nextNormal, type RngState, scaleBy } from '../random/index.ts';
import { instrumentsOf, venueRules } from '../instruments/index.ts';
import { VENUES } from '../../../domain/market.ts';

export interface OpenInterestState {
  rng: RngState;
  /** Per PERP sym, its deviation from the level: a fraction scaled like money (ONE = 100%). */
  deviation: Map<string, Fixed>;
}

export interface OpenInterestChange {
  sym: string;
  openInterest: Fixed;
}

const HALF_LIFE_MS = 4 * 60 * 60 * 1000;
/** Standard deviation of the stationary deviation (5%), and how far it may stray. */
const SPREAD = 0.05;
const LIMIT = ONE / 4n;
const RNG_SALT = 0x6f70656e;

const PERPS: readonly Instrument[] = VENUES.flatMap((venue) => [...instrumentsOf(venue)].filter((i) => i.business === 'PERP'));

export function newOpenInterestState(seed: number): OpenInterestState {
  return { rng: newRng((seed ^ RNG_SALT) >>> 0), deviation: new Map(PERPS.map((i) => [i.sym, 0n])) };
}

/** Moves every perp's open interest on by `simDt` simulated milliseconds; returns those whose value changed. */
export function advanceOpenInterest(state: OpenInterestState, simDt: number): OpenInterestChange[] {
  if (!(simDt > 0)) return [];
  const keep = Math.pow(0.5, simDt / HALF_LIFE_MS);
  const shockScale = SPREAD * Math.sqrt(1 - keep * keep);
  const changes: OpenInterestChange[] = [];
  for (const instrument of PERPS) {
    const before = openInterestOf(state, instrument);
    const deviation = state.deviation.get(instrument.sym)!;
    const moved = scaleBy(deviation, keep) + fractionToFixed(shockScale * nextNormal(state.rng));
    state.deviation.set(instrument.sym, moved > LIMIT ? LIMIT : moved < -LIMIT ? -LIMIT : moved);
    const after = openInterestOf(state, instrument);
    if (after !== before) changes.push({ sym: instrument.sym, openInterest: after });
  }
  return changes;
}

/** A perp's venue-wide open interest now, on its lot grid. */
export function openInterestOf(state: OpenInterestState, instrument: Instrument): Fixed {
  const level = levelOf(instrument);
  const value = level + mulDiv(level, state.deviation.get(instrument.sym) ?? 0n, ONE, 'halfUp');
  return roundToStep(value, instrument.lotSize, 'halfUp');
}

/** Notional × depth at the asset's start price, in the venue's quantity unit. */
function levelOf(instrument: Instrument): Fixed {
  const asset = ASSET_BY_BASE.get(instrument.base)!;
  const notional = mulDiv(venueRules(instrument.venue).liquidity.openInterestNotional, parseFixed(String(asset.depth))!, ONE, 'halfUp');
  const unitValue = mulDiv(parseFixed(asset.startPrice)!, instrument.contractSize ?? ONE, ONE, 'halfUp');
  return mulDiv(notional, ONE, unitValue, 'halfUp');
}
