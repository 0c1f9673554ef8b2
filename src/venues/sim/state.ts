/** The simulated venues' part of engine state: plain data, saved in snapshots with the rest. */
import { marketMakerIntents, takerIntents, type OrderIntent, type OwnOrder } from './agents/agents.ts';
import { instrumentsOf, venueRules } from './instruments/registry.ts';
import type { PriceRow } from './market/price-file.ts';
import { instrumentReference, newMarketState, type MarketState } from './market/price-process.ts';
import { newSimVenueState, SimVenue, type SimVenueState } from './sim-venue.ts';
import { VENUES, type VenueName } from '../../domain/market.ts';

export interface SimState {
  venues: Record<VenueName, SimVenueState>;
  /** Reference prices and the agents' rng; seeded 1 until a `startSimulation` command seeds it. */
  market: MarketState;
  /** Whether `startSimulation` has run: a data directory's first start journals the seed and price source once. */
  started: boolean;
}

export const DEFAULT_SIM_SEED = 1;

export function newSimState(): SimState {
  return {
    venues: Object.fromEntries(VENUES.map((name) => [name, newSimVenueState(name)])) as Record<VenueName, SimVenueState>,
    market: newMarketState({ seed: DEFAULT_SIM_SEED }),
    started: false,
  };
}

/** The venue to use within one command (collects that command's market data). */
export function simVenue(sim: SimState, name: VenueName): SimVenue {
  return new SimVenue(sim.venues[name]);
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

/** What the agents of one book want this tick: cancels first, then new orders (market makers' and takers'). */
export interface AgentPlan {
  venue: VenueName;
  sym: string;
  cancel: string[];
  place: OrderIntent[];
}

/**
 * Runs every book's agents once, after `advanceMarket`: `own` gives the agents' open orders on a
 * book (the engine keeps them, with their house accounts). Books are visited in a fixed order, so
 * the rng draws, and the plans, replay exactly.
 */
export function planAgents(sim: SimState, simDt: number, own: (sym: string) => readonly OwnOrder[]): AgentPlan[] {
  const plans: AgentPlan[] = [];
  for (const venue of VENUES) {
    const profile = venueRules(venue).liquidity;
    const books = simVenue(sim, venue);
    for (const instrument of instrumentsOf(venue)) {
      const view = { instrument, profile, reference: instrumentReference(sim.market, instrument), rng: sim.market.rng };
      const quotes = marketMakerIntents(view, own(instrument.sym));
      const takers = takerIntents(view, books.top(instrument.sym), simDt);
      if (quotes.cancel.length + quotes.place.length + takers.length > 0) {
        plans.push({ venue, sym: instrument.sym, cancel: quotes.cancel, place: [...quotes.place, ...takers] });
      }
    }
  }
  return plans;
}
