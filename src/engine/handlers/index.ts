/** Every command the engine understands, by capability. Add a capability: one file, one spread here. */
import { apiKeyHandlers } from './api-keys.ts';
import { depositHandlers } from './deposits.ts';
import { faultHandlers } from './faults.ts';
import { marketHandlers } from './market.ts';
import { orderHandlers } from './orders.ts';
import { portfolioHandlers } from './portfolios.ts';
import { simulationHandlers } from './simulation.ts';
import { userHandlers } from './users.ts';

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
