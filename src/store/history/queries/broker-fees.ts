/** Broker fee collections of a broker user as projected (broker/clearingStatement, broker/collectionRecord). */
import { and, count, desc, eq, gte, lte, type SQL } from 'drizzle-orm';
import type { BrokerFee } from '../../../domain/broker/index.ts';
import type { BusinessType, VenueName } from '../../../domain/market.ts';
import type { HistoryDb } from '../database.ts';
import { brokerFeeOf } from '../projections/broker-fees.ts';
import { brokerFees } from '../schema.ts';
import type { Page, PageOf } from './history-store.ts';

export interface BrokerFeeQuery {
  userId: string;
  venue?: VenueName;
  business?: BusinessType;
  coin?: string;
  /** ms, inclusive. */
  start: number;
  end: number;
}

/** Newest first, one page. */
export async function brokerFeesPage(db: HistoryDb, query: BrokerFeeQuery, page: Page): Promise<PageOf<BrokerFee>> {
  const where = brokerFeeWhere(query);
  const [{ total }] = await db.select({ total: count() }).from(brokerFees).where(where);
  const rows = await db
    .select()
    .from(brokerFees)
    .where(where)
    .orderBy(desc(brokerFees.createAt), desc(brokerFees.transactionId))
    .limit(page.pageSize)
    .offset((page.page - 1) * page.pageSize);
  return { totalSize: total, list: rows.map(brokerFeeOf) };
}

function brokerFeeWhere(query: BrokerFeeQuery): SQL {
  return and(
    eq(brokerFees.userId, query.userId),
    query.venue !== undefined ? eq(brokerFees.venue, query.venue) : undefined,
    query.business !== undefined ? eq(brokerFees.business, query.business) : undefined,
    query.coin !== undefined ? eq(brokerFees.coin, query.coin) : undefined,
    gte(brokerFees.createAt, query.start),
    lte(brokerFees.createAt, query.end),
  )!;
}
