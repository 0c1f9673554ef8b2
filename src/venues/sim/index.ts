/**
 * The built-in simulated BINANCE and OKX (decisions F1): books and matching, a price process, open
 * interest and liquidity agents. Their state lives in engine state and moves only by the engine's
 * commands, so it replays exactly. Reached by the rest of openconnex only through venues/index.ts.
 */
import { advanceMarket as advancePrices, advanceOpenInterest as advanceOpenInterestOf, type OpenInterestChange } from './market/index.ts';
import type { SimState } from './state.ts';

export { marketMakerFunding } from './agents/index.ts';
export { planAgents, type AgentPlan } from './agents/index.ts';
export type { OrderIntent, OwnOrder } from './agents/index.ts';
export type { OpenInterestChange } from './market/index.ts';
export { loadPriceReplay } from './market/index.ts';
export { newSimState, startSimulation, type SimState, type SimulationStart } from './state.ts';
export { SimMarketData, SimVenues } from './venues.ts';

/** Moves the reference prices on by `elapsedMs` of venue time. */
export function advanceMarket(sim: SimState, elapsedMs: number): void {
  advancePrices(sim.market, elapsedMs);
}

/** Moves every perp's venue-wide open interest on by `elapsedMs`; the changed ones. */
export function advanceOpenInterest(sim: SimState, elapsedMs: number): OpenInterestChange[] {
  return advanceOpenInterestOf(sim.market.openInterest, elapsedMs);
}
