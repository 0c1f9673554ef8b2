/**
 * How the simulated markets' reference prices move: per asset a seeded random walk (geometric,
 * with the asset's volatility) as venue time advances, or one asset replayed from a recorded
 * price file. Perp index = reference; mark = index × (1 + basis), a small mean-reverting basis.
 * Draws are numbers; prices are Fixed, and every step is a function of the state and the tick time.
 */
import type { Instrument } from '../../../domain/instrument.ts';
import { add, asRate, mul, neg, ONE, parseFixed, roundToStep, ZERO, type Price, type Rate } from '../../../domain/money.ts';
import { ASSETS } from './assets.ts';
import type { PriceRow } from './price-file.ts';
import { fractionToFixed, newRng, nextNormal, type RngState, scaleBy } from '../random/index.ts';
import { newOpenInterestState, type OpenInterestState } from './open-interest.ts';

export interface AssetPrice {
  reference: Price;
  /** Perp premium of mark over index, as a fraction (ONE = 100%). */
  basis: Rate;
}

export interface PriceReplay {
  base: string;
  rows: PriceRow[];
  cursor: number;
}

export interface MarketState {
  rng: RngState;
  /** Simulated milliseconds since the start (the sum of the ticks' elapsed times). */
  elapsed: number;
  assets: Map<string, AssetPrice>;
  replay?: PriceReplay;
  /** The perps' venue-wide open interest (advanced by the tick, beside the prices). */
  openInterest: OpenInterestState;
}

export interface MarketOptions {
  seed: number;
  /** Replays this asset's reference from recorded rows instead of walking it. */
  replay?: { base: string; rows: PriceRow[] };
}

const YEAR_MS = 365.25 * 24 * 3600 * 1000;
const BASIS_HALF_LIFE_MS = 10 * 60 * 1000;
const BASIS_VOLATILITY = 0.02;
const BASIS_LIMIT = asRate(ONE / 200n);

export function newMarketState(options: MarketOptions): MarketState {
  const assets = new Map<string, AssetPrice>(ASSETS.map((a) => [a.base, { reference: parseFixed<'price'>(a.startPrice)!, basis: ZERO }]));
  const market: MarketState = { rng: newRng(options.seed), elapsed: 0, assets, openInterest: newOpenInterestState(options.seed) };
  if (options.replay) {
    if (!assets.has(options.replay.base)) throw new Error(`no simulated asset ${options.replay.base} to replay`);
    market.replay = { base: options.replay.base, rows: options.replay.rows, cursor: 0 };
    assets.get(options.replay.base)!.reference = options.replay.rows[0].price;
  }
  return market;
}

/** Moves every reference price on by `simDt` simulated milliseconds (a tick's time × SIM_SPEED). */
export function advanceMarket(market: MarketState, simDt: number): void {
  if (!(simDt > 0)) return;
  market.elapsed += simDt;
  const years = simDt / YEAR_MS;
  const basisKeep = Math.pow(0.5, simDt / BASIS_HALF_LIFE_MS);
  for (const asset of ASSETS) {
    const price = market.assets.get(asset.base)!;
    if (market.replay?.base !== asset.base) {
      const z = nextNormal(market.rng);
      const growth = Math.exp(asset.volatility * Math.sqrt(years) * z - 0.5 * asset.volatility ** 2 * years);
      price.reference = scaleBy(price.reference, growth);
    }
    const basisShock = BASIS_VOLATILITY * Math.sqrt(years) * nextNormal(market.rng);
    price.basis = clampBasis(add(scaleBy(price.basis, basisKeep), fractionToFixed(basisShock)));
  }
  if (market.replay) replayTo(market, market.replay);
}

export function referencePrice(market: MarketState, base: string): Price {
  const price = market.assets.get(base);
  if (!price) throw new Error(`no simulated asset ${base}`);
  return price.reference;
}

export function indexPrice(market: MarketState, base: string): Price {
  return referencePrice(market, base);
}

export function markPrice(market: MarketState, base: string): Price {
  const price = market.assets.get(base);
  if (!price) throw new Error(`no simulated asset ${base}`);
  return add(price.reference, mul(price.reference, price.basis, 'halfUp'));
}

/** Where an instrument's market centres, on its tick grid: the mark price for perps, else the reference. */
export function instrumentReference(market: MarketState, instrument: Instrument): Price {
  const tick = instrument.tickSize;
  const centre = instrument.business === 'PERP' ? markPrice(market, instrument.base) : referencePrice(market, instrument.base);
  const rounded = roundToStep(centre, tick, 'halfUp');
  return rounded > 0n ? rounded : tick;
}

function replayTo(market: MarketState, replay: PriceReplay): void {
  const target = replay.rows[0].ts + market.elapsed;
  while (replay.cursor + 1 < replay.rows.length && replay.rows[replay.cursor + 1].ts <= target) replay.cursor += 1;
  market.assets.get(replay.base)!.reference = replay.rows[replay.cursor].price;
}

function clampBasis(basis: Rate): Rate {
  return basis > BASIS_LIMIT ? BASIS_LIMIT : basis < -BASIS_LIMIT ? neg(BASIS_LIMIT) : basis;
}
