/** A portfolio's money on the venues: one account per venue, one balance per coin (decisions D1, D2). */
import type { VenueName } from '../market.ts';
import type { Amount } from '../money.ts';

/** One coin in one account. Amounts are never negative (ledger.ts keeps it so). */
export interface Balance {
  available: Amount;
  frozen: Amount;
  borrowed: Amount;
  /** What a perp loss or fee took beyond `available` (the unified account's negative coin balance, L1). */
  overdraw: Amount;
  updateAt: number;
  createAt: number;
}

/** A portfolio's account on one venue; "not initialized" until it first receives funds (D2). */
export interface VenueAccount {
  venue: VenueName;
  initialized: boolean;
  /** The operator's risk-control switch: no new orders (BUY → 401045, SELL → 401053); cancels still work. */
  restricted: boolean;
  balances: Map<string, Balance>;
}

export function newVenueAccounts(): Record<VenueName, VenueAccount> {
  return {
    BINANCE: { venue: 'BINANCE', initialized: false, restricted: false, balances: new Map() },
    OKX: { venue: 'OKX', initialized: false, restricted: false, balances: new Map() },
  };
}
