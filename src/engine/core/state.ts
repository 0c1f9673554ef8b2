/** Everything the engine owns. Only command handlers mutate it; everyone else reads. */
import type { ApiKey, Portfolio, User } from '../../domain/identity/index.ts';
import { newIdSequence, type IdSequence } from '../../domain/ids.ts';
import { emptyFaultState, newVenuesState, type FaultState, type VenuesState } from '../../venues/index.ts';
import { emptyPositionsState, type PositionsState } from '../positions/index.ts';
import { emptyTradingState, type TradingState } from '../trading/index.ts';

export interface State {
  ids: IdSequence;
  users: Map<string, User>;
  portfolios: Map<string, Portfolio>;
  apiKeys: Map<string, ApiKey>;
  /** The venues' own state (the simulated books and market). */
  sim: VenuesState;
  trading: TradingState;
  positions: PositionsState;
  faults: FaultState;
}

export function emptyState(): State {
  return {
    ids: newIdSequence(),
    users: new Map(),
    portfolios: new Map(),
    apiKeys: new Map(),
    sim: newVenuesState(),
    trading: emptyTradingState(),
    positions: emptyPositionsState(),
    faults: emptyFaultState(),
  };
}
