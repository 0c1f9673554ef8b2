/** Transfers, deposits and withdrawals of a user as projected (bills, transfer/list and get, deposit and withdrawal history). */
import { and, count, desc, eq, gte, inArray, lte, or, type SQL } from 'drizzle-orm';
import type { MovementKind, MovementStage, Movement } from '../../../domain/transfers/index.ts';
import type { HistoryDb } from '../database.ts';
import { movementFromBody } from '../projections/movements.ts';
import { movements } from '../schema.ts';
import type { Page, PageOf } from './history-store.ts';

export interface MovementQuery {
  userId: string;
  kinds: readonly MovementKind[];
  /** Only those into or out of this portfolio's accounts. */
  portfolioId?: string;
  /** Only those from this account (its id, and its type when given). */
  from?: { accountId?: string; accountType?: string };
  /** Only those into this account. */
  to?: { accountId?: string; accountType?: string };
  movementId?: string;
  requestId?: string;
  coin?: string;
  stages?: readonly MovementStage[];
  /** ms, inclusive. */
  start?: number;
  end?: number;
}

/** Newest first, one page. */
export async function movementsPage(db: HistoryDb, query: MovementQuery, page: Page): Promise<PageOf<Movement>> {
  const where = movementWhere(query);
  const [{ total }] = await db.select({ total: count() }).from(movements).where(where);
  const rows = await db
    .select({ body: movements.body })
    .from(movements)
    .where(where)
    .orderBy(desc(movements.createAt), desc(movements.movementId))
    .limit(page.pageSize)
    .offset((page.page - 1) * page.pageSize);
  return { totalSize: total, list: rows.map((row) => movementFromBody(row.body)) };
}

function movementWhere(query: MovementQuery): SQL {
  return and(
    eq(movements.userId, query.userId),
    inArray(movements.kind, [...query.kinds]),
    query.portfolioId !== undefined ? or(eq(movements.fromAccountId, query.portfolioId), eq(movements.toAccountId, query.portfolioId)) : undefined,
    query.from?.accountId !== undefined ? eq(movements.fromAccountId, query.from.accountId) : undefined,
    query.from?.accountType !== undefined ? eq(movements.fromAccountType, query.from.accountType) : undefined,
    query.to?.accountId !== undefined ? eq(movements.toAccountId, query.to.accountId) : undefined,
    query.to?.accountType !== undefined ? eq(movements.toAccountType, query.to.accountType) : undefined,
    query.movementId !== undefined ? eq(movements.movementId, query.movementId) : undefined,
    query.requestId !== undefined ? eq(movements.requestId, query.requestId) : undefined,
    query.coin !== undefined ? eq(movements.coin, query.coin) : undefined,
    query.stages !== undefined ? inArray(movements.stage, [...query.stages]) : undefined,
    query.start !== undefined ? gte(movements.createAt, query.start) : undefined,
    query.end !== undefined ? lte(movements.createAt, query.end) : undefined,
  )!;
}
