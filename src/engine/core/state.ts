/** Everything the engine owns. Only command handlers mutate it; everyone else reads. */
import type { ApiKey, Portfolio, User } from '../../domain/identity/index.ts';
import { emptyAlgosState, type AlgosState } from '../algo/index.ts';
import { emptyBrokerState, type BrokerState } from '../broker/index.ts';
import { newIdSequence, type IdSequence } from '../../domain/ids.ts';
import { ZERO } from '../../domain/money.ts';
import { newVenueClock, type VenueClock } from '../clock/venue-clock.ts';
import { emptyFaultState, newVenuesState, type FaultState, type VenuesState } from '../../venues/index.ts';
import { emptyFundingState, type FundingState } from '../funding/index.ts';
import { emptyLendingState, type LendingState } from '../lending/index.ts';
import { emptyLiquidationState, type LiquidationState } from '../liquidation/index.ts';
import { emptyTransfersState, restoreTransfersState, type TransfersState } from '../transfers/index.ts';
import { emptyPositionsState, type PositionsState } from '../positions/index.ts';
import { emptyTradingState, restoreTradingState, type TradingState } from '../trading/index.ts';
import { emptyExportsState, type ExportsState } from '../exports/index.ts';

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
  clock: VenueClock;
  funding: FundingState;
  liquidation: LiquidationState;
  transfers: TransfersState;
  algos: AlgosState;
  lending: LendingState;
  exports: ExportsState;
  broker: BrokerState;
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
    clock: newVenueClock(),
    funding: emptyFundingState(),
    liquidation: emptyLiquidationState(),
    transfers: emptyTransfersState(),
    algos: emptyAlgosState(),
    lending: emptyLendingState(),
    exports: emptyExportsState(),
    broker: emptyBrokerState(),
  };
}

/**
 * The shape of the state this version writes in a snapshot: 3 since deposit destinations are kept per
 * portfolio (engine/transfers/state.ts); 2 since finished orders are kept as columns
 * (engine/trading/finished-orders.ts); 1 before (snapshots without a format).
 */
export const STATE_FORMAT = 3;

/**
 * A state decoded from a snapshot of state format `format`, in today's shape: every field added since
 * the version that wrote it takes its empty value (plain objects, recursively, in today's key order, so
 * the state hash is that of a state built by this version), balances gain a zero overdraw, and order
 * management's compact records are rebuilt from their plain form. A format newer than this version's
 * is refused: it may hold what this version would drop.
 */
export function upgradeState(restored: State, format = STATE_FORMAT): State {
  if (format > STATE_FORMAT) {
    throw new Error(`the snapshot's state is of format ${format}, and this version reads formats up to ${STATE_FORMAT}: run the version that wrote it, or move the snapshot away to recover from the journal`);
  }
  const state = merged(emptyState(), restored) as State;
  restoreTradingState(state.trading, format);
  restoreTransfersState(state.transfers, format);
  for (const portfolio of state.portfolios.values()) {
    for (const account of Object.values(portfolio.accounts)) {
      for (const [coin, b] of account.balances) {
        account.balances.set(coin, { available: b.available, frozen: b.frozen, borrowed: b.borrowed, overdraw: b.overdraw ?? ZERO, createAt: b.createAt, updateAt: b.updateAt });
      }
    }
  }
  return state;
}

function merged(defaults: unknown, restored: unknown): unknown {
  if (!isPlainObject(defaults) || !isPlainObject(restored)) return restored;
  const result: Record<string, unknown> = {};
  const have = restored as Record<string, unknown>;
  for (const [key, value] of Object.entries(defaults as Record<string, unknown>)) result[key] = key in have ? merged(value, have[key]) : value;
  for (const [key, value] of Object.entries(have)) if (!(key in result)) result[key] = value;
  return result;
}

function isPlainObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}
