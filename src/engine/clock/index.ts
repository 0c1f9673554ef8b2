/** Venue time: its clock, the tick and its phases, the house market makers, the simulation's start. */
import { simulationHandlers } from './start-simulation.ts';
import { tickHandlers } from './tick.ts';

export { housePortfolio } from './house.ts';
export type { Tick, TickPhase } from './tick.ts';
export { newVenueClock, venueTimeAt, type VenueClock } from './venue-clock.ts';

export const clockHandlers = { ...tickHandlers, ...simulationHandlers };
