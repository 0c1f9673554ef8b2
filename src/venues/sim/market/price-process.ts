/**
 * How the simulated markets' reference prices move: per asset a seeded random walk (geometric,
 * with the asset's volatility) as venue time advances, or one asset replayed from a recorded
 * price file; the operator may also set one at once. Perp index = reference; the mark is mark-price.ts.
 * Draws are numbers; prices are Fixed, and every step is a function of the state and the tick time.
 */
import { parseFixed, type Price } from '../../../domain/money.ts';
import { ASSETS } from './assets.ts';
import type { PriceRow } from './price-file.ts';
import { newRng, nextNormal, type RngState, scaleBy } from '../random/index.ts';
import { newOpenInterestState, type OpenInterestState } from './open-interest.ts';
import type { PremiumSum } from './funding.ts';

export interface AssetPrice {
  reference: Price;
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
  /** Per PERP sym, its mark's premium over the index in the quote coin (mark-price.ts); absent: none. */
  basis: Map<string, Price>;
  /** Per PERP sym, the premium samples of its running funding interval (funding.ts); absent: none yet. */
  premiums: Map<string, PremiumSum>;
}

export interface MarketOptions {
  seed: number;
  /** Replays this asset's reference from recorded rows instead of walking it. */
  replay?: { base: string; rows: PriceRow[] };
}

const YEAR_MS = 365.25 * 24 * 3600 * 1000;

export function newMarketState(options: MarketOptions): MarketState {
  const assets = new Map<string, AssetPrice>(ASSETS.map((a) => [a.base, { reference: parseFixed<'price'>(a.startPrice)! }]));
  const market: MarketState = { rng: newRng(options.seed), elapsed: 0, assets, openInterest: newOpenInterestState(options.seed), basis: new Map(), premiums: new Map() };
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
  for (const asset of ASSETS) {
    const price = market.assets.get(asset.base)!;
    if (market.replay?.base !== asset.base) {
      const z = nextNormal(market.rng);
      const growth = Math.exp(asset.volatility * Math.sqrt(years) * z - 0.5 * asset.volatility ** 2 * years);
      price.reference = scaleBy(price.reference, growth);
    }
    nextNormal(market.rng); // the draw of the random basis marks had before they followed the books: later walks stay as they were
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

/**
 * The operator's move (`POST /admin/v1/sim/price`): the asset's reference is `price` from now on and
 * walks on from there; an asset a price file replays holds it until the file's next row. False,
 * changing nothing, for an asset the market does not simulate.
 */
export function setReferencePrice(market: MarketState, base: string, price: Price): boolean {
  const asset = market.assets.get(base);
  if (!asset) return false;
  asset.reference = price;
  return true;
}

function replayTo(market: MarketState, replay: PriceReplay): void {
  const target = replay.rows[0].ts + market.elapsed;
  const cursor = replay.cursor;
  while (replay.cursor + 1 < replay.rows.length && replay.rows[replay.cursor + 1].ts <= target) replay.cursor += 1;
  if (replay.cursor !== cursor) market.assets.get(replay.base)!.reference = replay.rows[replay.cursor].price;
}
