/** Everything the engine owns. Only command handlers mutate it; everyone else reads. */
import type { ApiKey, Portfolio, User } from '../../domain/identity/index.ts';
import { newIdSequence, type IdSequence } from '../../domain/ids.ts';
import { emptyFaultState, type FaultState } from '../../venues/faults.ts';
import { newSimState, type SimState } from '../../venues/sim/state.ts';
import { emptyTradingState, type TradingState } from '../trading/state.ts';

export interface State {
  ids: IdSequence;
  users: Map<string, User>;
  portfolios: Map<string, Portfolio>;
  apiKeys: Map<string, ApiKey>;
  sim: SimState;
  trading: TradingState;
  faults: FaultState;
}

export function emptyState(): State {
  return {
    ids: newIdSequence(),
    users: new Map(),
    portfolios: new Map(),
    apiKeys: new Map(),
    sim: newSimState(),
    trading: emptyTradingState(),
    faults: emptyFaultState(),
  };
}
