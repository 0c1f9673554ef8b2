/** HistoryStore over the drizzle schema; the same SQL runs on PGlite and PostgreSQL. */
import { and, count, desc, eq, gt, gte, inArray, lte, ne, sql, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Candle, KlineInterval } from '../../../domain/candles.ts';
import { parseFixed, ZERO, type Fixed, type Unit } from '../../../domain/money.ts';
import { TERMINAL_STATES, type Order } from '../../../domain/orders/order.ts';
import type { BusinessType, VenueName } from '../../../domain/market.ts';
import type { PositionClosedBy, PositionMode } from '../../../domain/perp/index.ts';
import type { PositionSide } from '../../../domain/orders/index.ts';
import type { Statement } from '../../../domain/accounts/statement.ts';
import type { HistoryDb } from '../database.ts';
import { executionFromBody, orderFromBody } from '../projections/row-body.ts';
import { movementsPage, type MovementQuery } from './movements.ts';
import { brokerFeesPage, type BrokerFeeQuery } from './broker-fees.ts';
import type { BrokerFee } from '../../../domain/broker/index.ts';
import type { Movement } from '../../../domain/transfers/index.ts';
import {
  windowRange,
  type ClosedPosition,
  type ExecutionQuery,
  type HistoryStore,
  type OrderHistoryQuery,
  type OrderRef,
  type Page,
  type PageOf,
  type PositionHistoryQuery,
  type StatementQuery,
  type SymTraded,
  type TradedQuery,
  type KeptCandles,
  type TradeFilter,
  type AlgoHistoryQuery,
  type AlgoRef,
} from './history-store.ts';
import { algoOrders, candles, executions, orders, positions, statements } from '../schema.ts';
import type { AlgoOrder } from '../../../domain/algo/index.ts';
import { algoFromBody } from '../projections/algos.ts';
import type { Execution } from '../../../domain/orders/execution.ts';

const FINISHED = [...TERMINAL_STATES];

export class SqlHistoryStore implements HistoryStore {
  constructor(private readonly db: HistoryDb) {}

  movements(query: MovementQuery, page: Page): Promise<PageOf<Movement>> {
    return movementsPage(this.db, query, page);
  }

  brokerFees(query: BrokerFeeQuery, page: Page): Promise<PageOf<BrokerFee>> {
    return brokerFeesPage(this.db, query, page);
  }

  /** Resolves once the database answers a trivial query (readiness). */
  async ping(): Promise<void> {
    await this.db.execute(sql`select 1`);
  }

  async orders(query: OrderHistoryQuery, page: Page): Promise<PageOf<Order>> {
    const where = tradeWhere(orders, query, [
      inArray(orders.state, FINISHED),
      query.filterExecuted ? gt(orders.executedQty, '0') : undefined,
    ]);
    if (!where) return { totalSize: 0, list: [] };
    const order = [desc(orders.createAt), desc(orders.orderId)];
    return this.page(orders, where, order, page, (row) => orderFromBody(row.body as string));
  }

  async executions(query: ExecutionQuery, limit: number): Promise<Execution[]> {
    const where = executionWhere(query);
    if (!where) return [];
    const rows = await this.db
      .select({ body: executions.body })
      .from(executions)
      .where(where)
      .orderBy(desc(executions.createAt), desc(executions.transactionId))
      .limit(limit);
    return rows.map((row) => executionFromBody(row.body));
  }

  async executionsPage(query: ExecutionQuery, page: Page): Promise<PageOf<Execution>> {
    const where = executionWhere(query);
    if (!where) return { totalSize: 0, list: [] };
    const order = [desc(executions.createAt), desc(executions.transactionId)];
    return this.page(executions, where, order, page, (row) => executionFromBody(row.body as string));
  }

  async order(portfolioId: string, ref: OrderRef): Promise<Order | undefined> {
    const byRef = ref.orderId !== undefined ? eq(orders.orderId, ref.orderId) : eq(orders.clientOrderId, ref.clientOrderId!);
    const rows = await this.db
      .select({ body: orders.body })
      .from(orders)
      .where(and(eq(orders.portfolioId, portfolioId), byRef))
      .orderBy(desc(orders.createAt), desc(orders.orderId))
      .limit(1);
    return rows.length === 0 ? undefined : orderFromBody(rows[0].body);
  }

  async statements(query: StatementQuery, page: Page): Promise<PageOf<Statement>> {
    if (query.statementTypes.length === 0 || query.startTime > query.endTime) return { totalSize: 0, list: [] };
    const where = and(
      eq(statements.portfolioId, query.portfolioId),
      inArray(statements.statementType, [...query.statementTypes]),
      gte(statements.createAt, query.startTime),
      lte(statements.createAt, query.endTime),
      query.coin !== undefined ? eq(statements.coin, query.coin) : undefined,
      query.sym !== undefined ? eq(statements.sym, query.sym) : undefined,
      query.requestId !== undefined ? eq(statements.requestId, query.requestId) : undefined,
      query.clientOrderId !== undefined ? eq(statements.clientOrderId, query.clientOrderId) : undefined,
      query.notBusiness !== undefined ? ne(statements.business, query.notBusiness) : undefined,
      query.exchange !== undefined ? eq(statements.venue, query.exchange) : undefined,
    )!;
    const order = [desc(statements.createAt), desc(statements.seq), desc(statements.statementId)];
    return this.page(statements, where, order, page, (row) => statementOf(row as typeof statements.$inferSelect));
  }

  /**
   * Each series as one text, `openTime open high low close volume` per candle: a kept store holds up to
   * 7 000 candles a sym, and a row per candle costs the drivers (and the history worker's messages)
   * several times what splitting the text costs here.
   */
  async candles(): Promise<KeptCandles[]> {
    const { sym, interval, openTime, open, high, low, close, volume } = candles;
    const rows = await this.db
      .select({
        sym,
        interval,
        series: sql<string>`string_agg(concat_ws(' ', ${openTime}, ${open}, ${high}, ${low}, ${close}, ${volume}), ',' ORDER BY ${openTime})`,
      })
      .from(candles)
      .groupBy(sym, interval);
    return rows.map((row) => ({ sym: row.sym, interval: row.interval as KlineInterval, candles: row.series.split(',').map(candleOf) }));
  }

  async closedPositions(query: PositionHistoryQuery, page: Page): Promise<PageOf<ClosedPosition>> {
    if (query.begin > query.end) return { totalSize: 0, list: [] };
    const where = and(
      eq(positions.portfolioId, query.portfolioId),
      eq(positions.qty, '0'),
      gte(positions.updateAt, query.begin),
      lte(positions.updateAt, query.end),
      query.sym !== undefined ? eq(positions.sym, query.sym) : undefined,
      query.exchange !== undefined ? eq(positions.venue, query.exchange) : undefined,
    )!;
    const order = [desc(positions.updateAt), desc(positions.positionId)];
    return this.page(positions, where, order, page, (row) => closedPositionOf(row as typeof positions.$inferSelect));
  }

  async traded(query: TradedQuery): Promise<SymTraded[]> {
    const { sym, venue, business } = executions;
    const rows = await this.db
      .select({ sym, venue, business, amount: sql<string>`trunc(sum(${executions.quantity} * ${executions.price}), 18)` })
      .from(executions)
      .where(
        and(
          eq(executions.portfolioId, query.portfolioId),
          gte(executions.createAt, query.begin),
          lte(executions.createAt, query.end),
          query.exchange !== undefined ? eq(venue, query.exchange) : undefined,
          query.businessType !== undefined ? eq(business, query.businessType) : undefined,
        ),
      )
      .groupBy(sym, venue, business)
      .orderBy(sym);
    return rows.map((row) => ({ sym: row.sym, venue: row.venue as VenueName, business: row.business as BusinessType, priceTimesQuantity: fixed(String(row.amount)) }));
  }

  async algoOrders(query: AlgoHistoryQuery, page: Page): Promise<PageOf<AlgoOrder>> {
    const where = tradeWhere(algoOrders, query, [query.algoOrderType !== undefined ? eq(algoOrders.algoOrderType, query.algoOrderType) : undefined]);
    if (!where) return { totalSize: 0, list: [] };
    const order = [desc(algoOrders.createAt), desc(algoOrders.algoOrderId)];
    return this.page(algoOrders, where, order, page, (row) => algoFromBody(row.body as string));
  }

  async algoOrder(portfolioId: string, ref: AlgoRef): Promise<AlgoOrder | undefined> {
    const byRef =
      ref.algoOrderId !== undefined
        ? eq(algoOrders.algoOrderId, ref.algoOrderId)
        : ref.clientOrderId !== undefined
          ? eq(algoOrders.clientOrderId, ref.clientOrderId)
          : eq(algoOrders.attachedOrderId, ref.attachedOrderId!);
    const rows = await this.db
      .select({ body: algoOrders.body })
      .from(algoOrders)
      .where(and(eq(algoOrders.portfolioId, portfolioId), byRef))
      .orderBy(desc(algoOrders.createAt), desc(algoOrders.algoOrderId))
      .limit(1);
    return rows.length === 0 ? undefined : algoFromBody(rows[0].body);
  }

  private async page<T>(table: PgTable, where: SQL, order: SQL[], page: Page, map: (row: Record<string, unknown>) => T): Promise<PageOf<T>> {
    const [{ total }] = await this.db.select({ total: count() }).from(table).where(where);
    const rows: Record<string, unknown>[] = await this.db
      .select()
      .from(table)
      .where(where)
      .orderBy(...order)
      .limit(page.pageSize)
      .offset((page.page - 1) * page.pageSize);
    return { totalSize: total, list: rows.map(map) };
  }
}

type TradeTable = typeof orders | typeof executions | typeof algoOrders;

/** The common trade filters, or undefined when the window leaves nothing to find. */
function tradeWhere(table: TradeTable, filter: TradeFilter, extra: (SQL | undefined)[]): SQL | undefined {
  const { from, to } = windowRange(filter);
  if (from > to) return undefined;
  return and(
    eq(table.portfolioId, filter.portfolioId),
    gte(table.createAt, from),
    lte(table.createAt, to),
    filter.sym !== undefined ? eq(table.sym, filter.sym) : undefined,
    filter.exchange !== undefined ? eq(table.venue, filter.exchange) : undefined,
    filter.businessType !== undefined ? eq(table.business, filter.businessType) : undefined,
    ...extra,
  );
}

function executionWhere(query: ExecutionQuery): SQL | undefined {
  return tradeWhere(executions, query, [query.orderId !== undefined ? eq(executions.orderId, query.orderId) : undefined]);
}

/** A decimal column, of the unit of the field it fills. */
function fixed<U extends Unit>(text: string): Fixed<U> {
  const value = parseFixed<U>(text);
  if (value === null) throw new Error(`history store holds a malformed amount: ${text}`);
  return value;
}

function statementOf(row: typeof statements.$inferSelect): Statement {
  return {
    statementId: row.statementId,
    portfolioId: row.portfolioId,
    requestId: row.requestId,
    clientOrderId: row.clientOrderId,
    coin: row.coin,
    sym: row.sym,
    venue: row.venue as Statement['venue'],
    business: row.business as Statement['business'],
    statementType: row.statementType,
    beforeAvailable: fixed(row.beforeAvailable),
    afterAvailable: fixed(row.afterAvailable),
    beforeOverdraw: fixed(row.beforeOverdraw),
    afterOverdraw: fixed(row.afterOverdraw),
    beforeBorrow: fixed(row.beforeBorrow),
    afterBorrow: fixed(row.afterBorrow),
    deltaAmount: fixed(row.deltaAmount),
    createAt: row.createAt,
  };
}

function closedPositionOf(row: typeof positions.$inferSelect): ClosedPosition {
  return {
    position: {
      positionId: row.positionId,
      portfolioId: row.portfolioId,
      sym: row.sym,
      venue: row.venue as VenueName,
      positionSide: row.positionSide as PositionSide,
      qty: fixed(row.qty),
      openCost: ZERO,
      fee: fixed(row.fee),
      fundingFee: fixed(row.fundingFee),
      liqFee: fixed(row.liqFee),
      ...(row.closedType === 'COMPLETE_CLOSED' ? {} : { closedBy: row.closedType as PositionClosedBy }),
      realizedPnl: fixed(row.realizedPnl),
      maxQty: fixed(row.maxQty),
      closedQty: fixed(row.closedQty),
      closedValue: fixed(row.closedValue),
      openedQty: fixed(row.openedQty),
      openedValue: fixed(row.openedValue),
      createAt: row.createAt,
      updateAt: row.updateAt,
    },
    side: row.side as ClosedPosition['side'],
    leverage: row.leverage,
    positionMode: row.positionMode as PositionMode,
  };
}

/** One candle of a series text (`candles`). */
function candleOf(text: string): Candle {
  const [openTime, open, high, low, close, volume] = text.split(' ');
  return { openTime: Number(openTime), open: fixed(open), high: fixed(high), low: fixed(low), close: fixed(close), volume: fixed(volume) };
}
