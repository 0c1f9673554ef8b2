/** Every command the engine understands, by capability. Add a capability: one file, one spread here. */
import { apiKeyHandlers } from '../identity/api-keys.ts';
import { depositHandlers } from '../funds/deposits.ts';
import { faultHandlers } from '../venue-link/operator-controls.ts';
import { marketHandlers } from '../clock/tick.ts';
import { orderHandlers } from '../trading/orders.ts';
import { portfolioHandlers } from '../identity/portfolios.ts';
import { simulationHandlers } from '../clock/start-simulation.ts';
import { userHandlers } from '../identity/users.ts';

export const handlers = {
  ...userHandlers,
  ...portfolioHandlers,
  ...apiKeyHandlers,
  ...depositHandlers,
  ...orderHandlers,
  ...marketHandlers,
  ...simulationHandlers,
  ...faultHandlers,
};

type Handlers = typeof handlers;
export type CommandType = keyof Handlers;
export type PayloadOf<K extends CommandType> = Parameters<Handlers[K]>[1];
export type ResultOf<K extends CommandType> = ReturnType<Handlers[K]>;
export type Command = { [K in CommandType]: { type: K; payload: PayloadOf<K> } }[CommandType];
