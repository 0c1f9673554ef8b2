/**
 * Every command the engine understands, one registration per capability (each capability's
 * index.ts exports its handlers). Add a capability: one folder, one spread here.
 */
import { algoHandlers } from '../algo/index.ts';
import { brokerHandlers } from '../broker/index.ts';
import { clockHandlers } from '../clock/index.ts';
import { exportsHandlers } from '../exports/index.ts';
import { fundingHandlers } from '../funding/index.ts';
import { fundsHandlers } from '../funds/index.ts';
import { transfersHandlers } from '../transfers/index.ts';
import { identityHandlers } from '../identity/index.ts';
import { lendingHandlers } from '../lending/index.ts';
import { liquidationHandlers } from '../liquidation/index.ts';
import { positionsHandlers } from '../positions/index.ts';
import { tradingHandlers } from '../trading/index.ts';
import { operatorControlHandlers } from '../venue-link/index.ts';

export const handlers = {
  ...identityHandlers,
  ...fundsHandlers,
  ...transfersHandlers,
  ...tradingHandlers,
  ...positionsHandlers,
  ...fundingHandlers,
  ...liquidationHandlers,
  ...clockHandlers,
  ...operatorControlHandlers,
  ...algoHandlers,
  ...lendingHandlers,
  ...exportsHandlers,
  ...brokerHandlers,
};

type Handlers = typeof handlers;
export type CommandType = keyof Handlers;
export type PayloadOf<K extends CommandType> = Parameters<Handlers[K]>[1];
export type ResultOf<K extends CommandType> = ReturnType<Handlers[K]>;
export type Command = { [K in CommandType]: { type: K; payload: PayloadOf<K> } }[CommandType];
