/** A user's funding account (decisions D1): where deposits land, one balance per coin, outside every portfolio. */
import type { Balance } from '../accounts/index.ts';

export interface FundingAccount {
  /** The user's id: unique among account ids, known without state, never a portfolio's. */
  accountId: string;
  userId: string;
  initialized: boolean;
  balances: Map<string, Balance>;
}

export function newFundingAccount(userId: string): FundingAccount {
  return { accountId: userId, userId, initialized: false, balances: new Map() };
}
