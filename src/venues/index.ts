/**
 * The only way into the venues for the engine, the transports and the wiring (design.md principle 7):
 * the `Venue` and `MarketData` interfaces, the operator's faults on the venue side, and the built-in
 * simulation behind them. A live exchange connector would be one more implementation here.
 */
import type { FaultState } from './faults.ts';
import { SimMarketData, newSimState, type SimState } from './sim/index.ts';
import type { MarketData, VenueSet } from './venue.ts';
import { SimulatedVenueSet } from './venue-set.ts';

export type { Depth, FundingRate, LevelChanges, LevelQuantity, MarketData, MarketUpdates, TapeTrade, TopOfBook, Venue, VenueOrder, VenueReport, VenueSet } from './venue.ts';
export { FAULT_KINDS, FAULT_REJECTS, emptyFaultState, type Fault, type FaultKind, type FaultState } from './faults.ts';
/** The simulation's own controls, driven by the engine's clock (a live venue has none of these). */
export {
  adjustPerpLimits,
  advanceMarket,
  advanceOpenInterest,
  closeFundingInterval,
  fundingIntervalHours,
  loadPriceReplay,
  marketMakerFunding,
  planAgents,
  setReferencePrice,
  SIMULATED_ASSETS,
  startSimulation,
  type AgentPlan,
  type OwnOrder,
  type PerpLimits,
  type SimulationStart,
} from './sim/index.ts';

/** The venues' part of engine state: plain data, saved in snapshots with the rest. */
export type VenuesState = SimState;
export const newVenuesState = newSimState;

/** The venues as one command sees them (`faults`: what the operator injected, engine state too). */
export function openVenues(state: VenuesState, faults: FaultState): VenueSet {
  return new SimulatedVenueSet(state, faults);
}

/** The venues' market data for reads outside a command. */
export function marketDataOf(state: VenuesState): MarketData {
  return new SimMarketData(state);
}
