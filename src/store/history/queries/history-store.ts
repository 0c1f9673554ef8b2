/**
 * The history read side (design principle 6): orders, executions, statements, candles and closed
 * positions as projected from the engine's events. The REST routes read history only through this interface.
 *
 * Contract (kept stable for the routes):
 * - Every query first waits until every event published before the call is projected, so a client
 *   that got an acknowledgement sees its own write (read-your-writes within this process).
 * - Results are domain values (Fixed bigints, ms numbers); rendering stays in http/views.
 * - Lists come newest first (createAt descending, then id descending); time bounds are inclusive ms.
 * - Validation of request fields (codes 400002–400009, 4010xx) is the route's job; the store trusts
 *   its arguments. Paged queries return the total and one page; the route applies `pagedResult`
 *   (src/wire/fields.ts) for the page-beyond-last check and the paged shape.
 * - Order and execution history hold client orders only (house/market-maker portfolios are never
 *   queried by a client, so they need no filter here).
 */
import type { Candle, KlineInterval } from '../../../domain/candles.ts';
import type { Order } from '../../../domain/orders/order.ts';
import type { Statement } from '../../../domain/accounts/statement.ts';
import type { Page } from '../../../wire/fields.ts';
import type { BusinessType, VenueName } from '../../../domain/market.ts';
import type { Execution } from '../../../domain/orders/execution.ts';
import type { Amount } from '../../../domain/money.ts';
import type { Position, PositionMode } from '../../../domain/perp/index.ts';
import type { Movement } from '../../../domain/transfers/index.ts';
import type { MovementQuery } from './movements.ts';
import type { BrokerFeeQuery } from './broker-fees.ts';
import type { BrokerFee } from '../../../domain/broker/index.ts';
import type { AlgoOrder } from '../../../domain/algo/index.ts';

export type { Page };
export type { MovementQuery } from './movements.ts';
export type { BrokerFeeQuery } from './broker-fees.ts';

const DAY_MS = 86_400_000;
/** history/* and executions cover the last 7 days; archive/* from 90 to 7 days ago (decisions E5). */
export const RECENT_DAYS = 7;
export const ARCHIVE_DAYS = 90;

/** What a query answers while the projection cannot keep up its promise of read-your-writes (a write failed, its worker died). */
export const HISTORY_UNAVAILABLE = 400012;

export type HistoryWindow = 'recent' | 'archive';

export interface PageOf<T> {
  totalSize: number;
  list: T[];
}

/** Filters shared by order and execution history. */
export interface TradeFilter {
  portfolioId: string;
  window: HistoryWindow;
  /** The request's time; windows are measured back from it. */
  now: number;
  sym?: string;
  exchange?: VenueName;
  businessType?: BusinessType;
  /** createAt ≥ begin, inclusive (further bounded by the window). */
  begin?: number;
  /** createAt ≤ end, inclusive (further bounded by the window). */
  end?: number;
}

export interface OrderHistoryQuery extends TradeFilter {
  /** true: only orders with executedQty > 0. */
  filterExecuted?: boolean;
}

export interface ExecutionQuery extends TradeFilter {
  orderId?: string;
}

export interface StatementQuery {
  portfolioId: string;
  coin?: string;
  sym?: string;
  /** Only the rows of this request (an order's or a loan's id). */
  requestId?: string;
  /** Only the rows of the loan or MARGIN order the client gave this id. */
  clientOrderId?: string;
  /** Not the rows of this business type (the loan records leave out perps' liquidation fees). */
  notBusiness?: BusinessType;
  /** Rows of these types only (the route passes the §6 list when no statementType was asked for). */
  statementTypes: readonly string[];
  exchange?: VenueName;
  /** Inclusive createAt bounds. */
  startTime: number;
  endTime: number;
}

export interface OrderRef {
  orderId?: string;
  clientOrderId?: string;
}

/** The kept KLINE candles of one sym and interval, oldest first. */
export interface KeptCandles {
  sym: string;
  interval: KlineInterval;
  candles: Candle[];
}

export interface PositionHistoryQuery {
  portfolioId: string;
  sym?: string;
  exchange?: VenueName;
  /** Inclusive bounds of the time it closed (updateAt). */
  begin: number;
  end: number;
}

/** A position that closed, as its last event left it (qty 0), with how it was held. */
export interface ClosedPosition {
  position: Position;
  /** The direction it was held in. */
  side: 'LONG' | 'SHORT';
  leverage: number;
  positionMode: PositionMode;
}

export interface TradedQuery {
  portfolioId: string;
  exchange?: VenueName;
  businessType?: BusinessType;
  /** Inclusive createAt bounds. */
  begin: number;
  end: number;
}

/** Σ price × quantity of one sym's fills, the quantity in the instrument's unit (contracts on OKX perps). */
export interface SymTraded {
  sym: string;
  venue: VenueName;
  business: BusinessType;
  priceTimesQuantity: Amount;
}

/** Finished algo orders of the recent window (GET /algo/history/orders). */
export interface AlgoHistoryQuery extends TradeFilter {
  algoOrderType?: string;
}

export interface AlgoRef {
  algoOrderId?: string;
  clientOrderId?: string;
  /** An ATTACHED_TPSL by the order it belongs to. */
  attachedOrderId?: string;
}

export interface HistoryStore {
  /** Broker fee collections of a broker user, newest first, one page (broker/clearingStatement, broker/collectionRecord). */
  brokerFees(query: BrokerFeeQuery, page: Page): Promise<PageOf<BrokerFee>>;
  /** Transfers, deposits and withdrawals of a user, newest first, one page (bills, transfer, deposit and withdrawal history). */
  movements(query: MovementQuery, page: Page): Promise<PageOf<Movement>>;
  /** Finished orders (FILLED, CANCELLED, REJECT, FAIL) of the window, one page. */
  orders(query: OrderHistoryQuery, page: Page): Promise<PageOf<Order>>;
  /** Fills of the window, newest first, at most `limit` (GET /trading/executions). */
  executions(query: ExecutionQuery, limit: number): Promise<Execution[]>;
  /** Fills of the window, one page (executions/pageable, archive/executions/pageable). */
  executionsPage(query: ExecutionQuery, page: Page): Promise<PageOf<Execution>>;
  /** A finished order of the portfolio by orderId, or the newest with that clientOrderId (order detail past the engine's retention). */
  order(portfolioId: string, ref: OrderRef): Promise<Order | undefined>;
  /** Statement rows, one page (GET /trading/statement). */
  statements(query: StatementQuery, page: Page): Promise<PageOf<Statement>>;
  /** Every kept candle, by sym and interval (the market feed rebuilds from them at start). */
  candles(): Promise<KeptCandles[]>;
  /** Positions that closed within the bounds, newest first, one page (GET /trading/history/position). */
  closedPositions(query: PositionHistoryQuery, page: Page): Promise<PageOf<ClosedPosition>>;
  /** What each sym's fills within the bounds traded (GET /trading/user/tradingStats). */
  traded(query: TradedQuery): Promise<SymTraded[]>;
  /** Finished algo orders of the window, one page (GET /algo/history/orders). */
  algoOrders(query: AlgoHistoryQuery, page: Page): Promise<PageOf<AlgoOrder>>;
  /** A finished algo order of the portfolio by algoOrderId, or the newest with that clientOrderId. */
  algoOrder(portfolioId: string, ref: AlgoRef): Promise<AlgoOrder | undefined>;
}

/** The createAt range [from, to] a window covers at `now`, narrowed by the caller's begin/end. */
export function windowRange(filter: Pick<TradeFilter, 'window' | 'now' | 'begin' | 'end'>): { from: number; to: number } {
  const recentStart = filter.now - daysMs(RECENT_DAYS);
  const [from, to] = filter.window === 'recent' ? [recentStart, filter.now] : [filter.now - daysMs(ARCHIVE_DAYS), recentStart - 1];
  return { from: Math.max(from, filter.begin ?? from), to: Math.min(to, filter.end ?? to) };
}

export function daysMs(days: number): number {
  return days * DAY_MS;
}
