/** A broker fee collection (connex-api.md §4.9 collectionRecord): the mark-up of one sub-portfolio fill, moved to the main portfolio. */
import type { BusinessType, VenueName } from '../market.ts';
import type { Amount } from '../money.ts';

export interface BrokerFee {
  /** The fill's execution (transactionId). */
  transactionId: string;
  userId: string;
  /** The main portfolio that collected it. */
  portfolioId: string;
  subPortfolioId: string;
  venue: VenueName;
  business: BusinessType;
  coin: string;
  amount: Amount;
  createAt: number;
}

/** The statement type of both legs of a collection: the sub-portfolio's debit and the main portfolio's credit. */
export const BROKER_FEE = 'BROKER_FEE';
