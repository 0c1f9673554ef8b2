import type { Fixed } from '../money.ts';

export const VENUES = ['BINANCE', 'OKX'] as const;
export type VenueName = (typeof VENUES)[number];

export function isVenue(value: string): value is VenueName {
  return (VENUES as readonly string[]).includes(value);
}

/** One coin in one account. Amounts are never negative (ledger.ts keeps it so). */
export interface Balance {
  available: Fixed;
  frozen: Fixed;
  borrowed: Fixed;
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

export const MAIN_PORTFOLIO = 0;
export const TRADING_PORTFOLIO = 2;
export type BelongingTo = typeof MAIN_PORTFOLIO | typeof TRADING_PORTFOLIO;

export interface Portfolio {
  portfolioId: string;
  userId: string;
  name: string;
  belongingTo: BelongingTo;
  placementForbidden: boolean;
  accounts: Record<VenueName, VenueAccount>;
  createAt: number;
  updateAt: number;
}

export type UserStatus = 'NORMAL' | 'DISABLED';

export interface User {
  userId: string;
  name: string;
  status: UserStatus;
  mainPortfolioId: string;
  createAt: number;
  updateAt: number;
}

export function newVenueAccounts(): Record<VenueName, VenueAccount> {
  return {
    BINANCE: { venue: 'BINANCE', initialized: false, restricted: false, balances: new Map() },
    OKX: { venue: 'OKX', initialized: false, restricted: false, balances: new Map() },
  };
}
