import { startSimulation, type SimulationStart } from '../../venues/index.ts';
import type { CommandContext } from '../core/context.ts';

export const simulationHandlers = {
  /** Journals the simulation's seed and price source (SIM_SEED, SIM_PRICE_FILE) at a data directory's first start. */
  startSimulation(ctx: CommandContext, cmd: SimulationStart): { started: boolean } {
    return { started: startSimulation(ctx.state.sim, cmd) };
  },
};
