/** Venue time: the tick and its phases, the house market makers, the simulation's start. */
import { simulationHandlers } from './start-simulation.ts';
import { tickHandlers } from './tick.ts';

export { housePortfolio } from './house.ts';
export type { Tick, TickPhase } from './tick.ts';

export const clockHandlers = { ...tickHandlers, ...simulationHandlers };
