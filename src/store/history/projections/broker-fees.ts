/** The broker fee projection: each collection of a mark-up, from its `brokerFeeCollected` event (clearingStatement, collectionRecord). */
import type { BrokerFee } from '../../../domain/broker/index.ts';
import { formatFixed, parseFixed, type Amount } from '../../../domain/money.ts';
import type { BrokerFeeCollected } from '../../../engine/core/events.ts';
import { brokerFees } from '../schema.ts';
import type { ColumnRow } from './columns.ts';

type BrokerFeeRow = ColumnRow<typeof brokerFees>;

export function brokerFeeRow({ collection }: BrokerFeeCollected, seq: number): string {
  const row: BrokerFeeRow = {
    transaction_id: collection.transactionId,
    seq,
    user_id: collection.userId,
    portfolio_id: collection.portfolioId,
    sub_portfolio_id: collection.subPortfolioId,
    venue: collection.venue,
    business: collection.business,
    coin: collection.coin,
    amount: formatFixed(collection.amount),
    create_at: collection.createAt,
  };
  return JSON.stringify(row);
}

/** A row as the query reads it back (drizzle's field names). */
export function brokerFeeOf(row: typeof brokerFees.$inferSelect): BrokerFee {
  return {
    transactionId: row.transactionId,
    userId: row.userId,
    portfolioId: row.portfolioId,
    subPortfolioId: row.subPortfolioId,
    venue: row.venue as BrokerFee['venue'],
    business: row.business as BrokerFee['business'],
    coin: row.coin,
    amount: parseFixed<'amount'>(row.amount) as Amount,
    createAt: row.createAt,
  };
}
