/** The simulated venues' part of engine state: plain data, saved in snapshots with the rest. */
import { VENUES, type VenueName } from '../../domain/account.ts';
import { newSimVenueState, SimVenue, type SimVenueState } from './sim-venue.ts';

export interface SimState {
  venues: Record<VenueName, SimVenueState>;
}

export function newSimState(): SimState {
  return { venues: Object.fromEntries(VENUES.map((name) => [name, newSimVenueState(name)])) as Record<VenueName, SimVenueState> };
}

/** The venue to use within one command (collects that command's market data). */
export function simVenue(sim: SimState, name: VenueName): SimVenue {
  return new SimVenue(sim.venues[name]);
}
