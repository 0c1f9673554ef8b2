/**
 * The built-in simulated BINANCE and OKX (decisions F1): books and matching, a price process, open
 * interest and liquidity agents. Their state lives in engine state and moves only by the engine's
 * commands, so it replays exactly. Reached by the rest of openconnex only through venues/index.ts.
 */
import type { Instrument } from '../../domain/instrument.ts';
import type { Price, Rate } from '../../domain/money.ts';
import {
  advanceMarket as advancePrices,
  advanceMarks,
  advanceOpenInterest as advanceOpenInterestOf,
  ASSETS,
  closeFundingInterval as closeIntervalOf,
  samplePremiums,
  setReferencePrice as setAssetReference,
  type OpenInterestChange,
} from './market/index.ts';
import { PERP_INSTRUMENTS } from './instruments/index.ts';
import type { PerpLimits } from './perp-limits.ts';
import type { SimState } from './state.ts';
import { SimVenues } from './venues.ts';

export { marketMakerFunding } from './agents/index.ts';
export { planAgents, type AgentPlan } from './agents/index.ts';
export type { OrderIntent, OwnOrder } from './agents/index.ts';
export type { OpenInterestChange } from './market/index.ts';
export { fundingIntervalHours, loadPriceReplay } from './market/index.ts';
export type { PerpLimits } from './perp-limits.ts';
export { newSimState, startSimulation, type SimState, type SimulationStart } from './state.ts';
export { SimMarketData, SimVenues } from './venues.ts';

/** The assets whose reference price the simulation moves (and the operator may set). */
export const SIMULATED_ASSETS: readonly string[] = ASSETS.map((asset) => asset.base);

/**
 * Moves the market on by `elapsedMs` of venue time. The perps' funding premiums are sampled first, from
 * the books as they stood through that time against the index they were quoted around (after the move
 * a long fast-forward would read books the makers have not re-quoted yet: a premium that never was);
 * then the reference prices move, and the marks follow their books.
 */
export function advanceMarket(sim: SimState, elapsedMs: number): void {
  const books = new SimVenues(sim);
  const venueOf = (instrument: Instrument) => books.venue(instrument.venue);
  samplePremiums(sim.market, elapsedMs, (instrument, levels) => venueOf(instrument).depth(instrument.sym, levels));
  advancePrices(sim.market, elapsedMs);
  advanceMarks(sim.market, elapsedMs, (instrument) => venueOf(instrument).top(instrument.sym));
}

/** The funding rate of a perp's interval that ends now (8 decimals); its premium samples start again for the next one. */
export function closeFundingInterval(sim: SimState, sym: string): Rate {
  return closeIntervalOf(sim.market, sym);
}

/** The operator sets an asset's reference price at once; false, changing nothing, for an asset not simulated. */
export function setReferencePrice(sim: SimState, asset: string, price: Price): boolean {
  return setAssetReference(sim.market, asset, price);
}

/** The operator adjusts a perp's exchange limits as an exchange would; false, changing nothing, for a sym that is not a simulated perp. */
export function adjustPerpLimits(sim: SimState, sym: string, limits: PerpLimits): boolean {
  if (!PERP_INSTRUMENTS.some((instrument) => instrument.sym === sym)) return false;
  sim.perpLimits.set(sym, { ...sim.perpLimits.get(sym), ...limits });
  return true;
}

/** Moves every perp's venue-wide open interest on by `elapsedMs`; the changed ones. */
export function advanceOpenInterest(sim: SimState, elapsedMs: number): OpenInterestChange[] {
  return advanceOpenInterestOf(sim.market.openInterest, elapsedMs);
}
