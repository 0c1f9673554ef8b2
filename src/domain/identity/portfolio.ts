/** A portfolio (connex-api.md §4.5): one account per venue, owned by a user; its naming rules. */
import { ApiError } from '../../catalogue/index.ts';
import { newVenueAccounts, type VenueAccount } from '../accounts/index.ts';
import type { VenueName } from '../market.ts';

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

/** A portfolio with an empty, uninitialized account on every venue. */
export function newPortfolio(fields: { portfolioId: string; userId: string; name: string; belongingTo: BelongingTo; ts: number }): Portfolio {
  const { ts, ...identity } = fields;
  return { ...identity, placementForbidden: false, accounts: newVenueAccounts(), createAt: ts, updateAt: ts };
}

export const MAX_TRADING_PORTFOLIOS = 50;
const NAME_MAX = 64;
const NAME_RULE = /^[A-Za-z0-9]{6,20}$/;

/** Portfolio names: 6–20 letters and digits, not all digits, case-sensitive (§4.5). */
export function assertPortfolioName(name: string): void {
  if (name.trim().length === 0) throw new ApiError(402000);
  if (name.length > NAME_MAX) throw new ApiError(402004);
  if (!NAME_RULE.test(name) || /^\d+$/.test(name)) throw new ApiError(400000);
}
