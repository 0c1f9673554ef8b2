/** The simulated venues' part of engine state: plain data, saved in snapshots with the rest. */
import { type MarketState, newMarketState, type PriceRow } from './market/index.ts';
import type { PerpLimits } from './perp-limits.ts';
import { newSimVenueState, type SimVenueState } from './sim-venue.ts';
import { VENUES, type VenueName } from '../../domain/market.ts';

export interface SimState {
  venues: Record<VenueName, SimVenueState>;
  /** Reference prices and the agents' rng; seeded 1 until a `startSimulation` command seeds it. */
  market: MarketState;
  /** Per PERP sym, the exchange limits the operator adjusted (perp-limits.ts). */
  perpLimits: Map<string, PerpLimits>;
  /** Whether `startSimulation` has run: a data directory's first start journals the seed and price source once. */
  started: boolean;
}

export const DEFAULT_SIM_SEED = 1;

export function newSimState(): SimState {
  return {
    venues: Object.fromEntries(VENUES.map((name) => [name, newSimVenueState(name)])) as Record<VenueName, SimVenueState>,
    market: newMarketState({ seed: DEFAULT_SIM_SEED }),
    perpLimits: new Map(),
    started: false,
  };
}

export interface SimulationStart {
  seed: number;
  replay?: { base: string; rows: PriceRow[] };
}

/** Seeds the market and picks its price source, once: later starts keep the journal's first choice. */
export function startSimulation(sim: SimState, start: SimulationStart): boolean {
  if (sim.started) return false;
  sim.market = newMarketState(start);
  sim.started = true;
  return true;
}
