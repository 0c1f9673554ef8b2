/**
 * Turns durable event batches into history rows and writes them, with the checkpoint, in one
 * transaction: the tables hold exactly the events of the journal records up to the checkpoint.
 * Writes are idempotent (ids are derived from the journal), so a batch written twice changes nothing.
 */
import { eq, getTableColumns, sql, type SQL } from 'drizzle-orm';
import { formatFixed } from '../../domain/money.ts';
import { deltaAmountOf, statementTypeOf } from '../../domain/statement.ts';
import type { BalanceChanged, EventBatch } from '../../engine/events.ts';
import { encode } from '../codec.ts';
import type { HistoryDb } from './database.ts';
import { executions, orders, projectionCheckpoint, statements } from './schema.ts';

export const PROJECTION = 'history';
/** Rows per INSERT, well under PostgreSQL's 65 535 bind parameters. */
const CHUNK = 1000;
/** Room for the events of one command inside a statementId derived from its journal seq. */
const EVENTS_PER_COMMAND = 1_000_000n;

type StatementRow = typeof statements.$inferInsert;
type OrderRow = typeof orders.$inferInsert;
type ExecutionRow = typeof executions.$inferInsert;

export interface HistoryRows {
  statements: StatementRow[];
  /** One row per order: its latest state in these batches. */
  orders: OrderRow[];
  executions: ExecutionRow[];
}

/** statementId: the journal seq of the command and the event's place in it, so replays agree. */
export function statementIdOf(seq: number, eventIndex: number): string {
  return String(BigInt(seq) * EVENTS_PER_COMMAND + BigInt(eventIndex));
}

export function rowsOf(batches: readonly EventBatch[]): HistoryRows {
  const rows: HistoryRows = { statements: [], orders: [], executions: [] };
  const latestOrders = new Map<string, OrderRow>();
  for (const { seq, ts, events } of batches) {
    events.forEach((event, index) => {
      if (event.type === 'balanceChanged') rows.statements.push(statementRow(event, seq, ts, index));
      else if (event.type === 'orderUpdated') {
        const { order } = event;
        latestOrders.set(order.orderId, {
          orderId: order.orderId,
          seq,
          portfolioId: order.portfolioId,
          clientOrderId: order.clientOrderId,
          sym: order.sym,
          venue: order.venue,
          business: order.business,
          state: order.state,
          executedQty: formatFixed(order.executedQty),
          createAt: order.createAt,
          updateAt: order.updateAt,
          body: encode(order),
        });
      } else if (event.type === 'executionCreated') {
        const { execution } = event;
        rows.executions.push({
          transactionId: execution.transactionId,
          seq,
          portfolioId: execution.portfolioId,
          orderId: execution.orderId,
          sym: execution.sym,
          venue: execution.venue,
          business: execution.business,
          createAt: execution.createAt,
          body: encode(execution),
        });
      }
    });
  }
  rows.orders = [...latestOrders.values()];
  return rows;
}

function statementRow(event: BalanceChanged, seq: number, ts: number, index: number): StatementRow {
  const amounts = {
    beforeAvailable: event.beforeAvailable,
    afterAvailable: event.afterAvailable,
    beforeOverdraw: 0n,
    afterOverdraw: 0n,
    beforeBorrow: event.beforeBorrowed ?? event.borrowed,
    afterBorrow: event.borrowed,
  };
  return {
    statementId: statementIdOf(seq, index),
    seq,
    portfolioId: event.portfolioId,
    requestId: event.requestId,
    coin: event.coin,
    sym: event.sym ?? '',
    venue: event.venue,
    business: event.business ?? '',
    statementType: statementTypeOf(event.reason),
    beforeAvailable: formatFixed(amounts.beforeAvailable),
    afterAvailable: formatFixed(amounts.afterAvailable),
    beforeOverdraw: formatFixed(amounts.beforeOverdraw),
    afterOverdraw: formatFixed(amounts.afterOverdraw),
    beforeBorrow: formatFixed(amounts.beforeBorrow),
    afterBorrow: formatFixed(amounts.afterBorrow),
    deltaAmount: formatFixed(deltaAmountOf(amounts)),
    createAt: ts,
  };
}

/** Writes the rows and moves the checkpoint to `seq`, all or nothing. */
export async function writeRows(db: HistoryDb, rows: HistoryRows, seq: number): Promise<void> {
  await db.transaction(async (tx) => {
    for (const chunk of chunks(rows.statements)) await tx.insert(statements).values(chunk).onConflictDoNothing();
    for (const chunk of chunks(rows.executions)) await tx.insert(executions).values(chunk).onConflictDoNothing();
    for (const chunk of chunks(rows.orders)) {
      await tx
        .insert(orders)
        .values(chunk)
        .onConflictDoUpdate({ target: orders.orderId, set: excludedOrderColumns(), setWhere: sql`${orders.seq} <= excluded.seq` });
    }
    await tx
      .insert(projectionCheckpoint)
      .values({ projection: PROJECTION, seq })
      .onConflictDoUpdate({ target: projectionCheckpoint.projection, set: { seq }, setWhere: sql`${projectionCheckpoint.seq} < ${seq}` });
  });
}

export async function readCheckpoint(db: HistoryDb): Promise<number> {
  const rows = await db.select({ seq: projectionCheckpoint.seq }).from(projectionCheckpoint).where(eq(projectionCheckpoint.projection, PROJECTION));
  return rows[0]?.seq ?? 0;
}

function* chunks<T>(items: T[]): Generator<T[]> {
  for (let i = 0; i < items.length; i += CHUNK) yield items.slice(i, i + CHUNK);
}

/** `SET column = excluded.column` for every column of the orders table but its key. */
function excludedOrderColumns(): Record<string, SQL> {
  const set: Record<string, SQL> = {};
  for (const [property, column] of Object.entries(getTableColumns(orders))) {
    if (property !== 'orderId') set[property] = sql.raw(`excluded."${column.name}"`);
  }
  return set;
}
