/** What the engine tells the outside world once a command is durable (projections, WS pushes). */
import type { AlgoOrder } from '../../domain/algo/index.ts';
import type { DataExport } from '../../domain/exports/index.ts';
import type { BrokerFee } from '../../domain/broker/index.ts';
import type { Amount, Size } from '../../domain/money.ts';
import type { Execution, Order } from '../../domain/orders/index.ts';
import type { Movement } from '../../domain/transfers/index.ts';
import type { AccountStatus, Position, PositionMode } from '../../domain/perp/index.ts';
import type { LevelChanges, TapeTrade } from '../../venues/index.ts';
import type { BusinessType, VenueName } from '../../domain/market.ts';

export interface BalanceChanged {
  type: 'balanceChanged';
  portfolioId: string;
  venue: VenueName;
  coin: string;
  beforeAvailable: Amount;
  afterAvailable: Amount;
  frozen: Amount;
  borrowed: Amount;
  overdraw: Amount;
  /** Overdraw before the change, when the change moved it (default: `overdraw`). */
  beforeOverdraw?: Amount;
  /** Borrowed before the change, when the change borrowed or repaid (default: `borrowed`). */
  beforeBorrowed?: Amount;
  /** The client's id of the loan or MARGIN order behind a borrow, repayment or interest charge. */
  clientOrderId?: string;
  /** The instrument behind the change (a fill, a funding fee), when there is one. */
  sym?: string;
  business?: BusinessType;
  /** Venue time of the change: a tick that passes a funding boundary settles it at the boundary's time. */
  at: number;
  /** Why it moved: DEPOSIT, TRANSFER, TRADE, FEE, FUNDING_FEE … (statement types: domain/statement.ts) */
  reason: string;
  requestId: string;
}

/** A transfer, deposit or withdrawal was made or moved on: the whole movement as it now is (bills, transfer/deposit/withdrawal history). */
export interface MoneyMoved {
  type: 'moneyMoved';
  movement: Movement;
}

export interface PortfolioCreated {
  type: 'portfolioCreated';
  portfolioId: string;
  userId: string;
  name: string;
  belongingTo: number;
}

export interface ApiKeyChanged {
  type: 'apiKeyChanged';
  accessKey: string;
  change: 'created' | 'updated' | 'deleted' | 'frozen' | 'unfrozen';
}

export interface UserChanged {
  type: 'userChanged';
  userId: string;
  change: 'created' | 'disabled' | 'enabled';
}

/** Every state change of a client order, with the whole order as it now is (WS `Orders`). */
export interface OrderUpdated {
  type: 'orderUpdated';
  order: Order;
}

/** One fill of a client order (WS `Executions`). */
export interface ExecutionCreated {
  type: 'executionCreated';
  execution: Execution;
}

/** A trade on a venue's public tape (market data TRADE, TICKER, KLINE). */
export interface PublicTrade extends TapeTrade {
  type: 'publicTrade';
}

/** Price levels of one book that changed in one command; quantity 0 removes the level (ORDER_BOOK, BBO). */
export interface BookChanged extends LevelChanges {
  type: 'bookChanged';
}

/** A perp's venue-wide open interest moved (market data OPEN_INTEREST). */
export interface OpenInterestChanged {
  type: 'openInterestChanged';
  sym: string;
  /** In the venue's quantity unit (base coin, or contracts on OKX). */
  openInterest: Size;
}

/** A tick moved the venues' prices on (index, mark); market data samples them (MARK_PRICE_KLINE, INDEX_KLINE). */
export interface MarketAdvanced {
  type: 'marketAdvanced';
}

/**
 * A client position moved (a fill, funding): the whole position as it now is, with the leverage and
 * mode it was held at. qty 0 means it closed (WS `Positions`, position history).
 */
export interface PositionChanged {
  type: 'positionChanged';
  position: Position;
  leverage: number;
  positionMode: PositionMode;
  /** The closed position told again with how it closed (position history only: clients were told it closed). */
  restated?: true;
}

/** A market tick found a client account in another status (decisions L3) than the last one it recorded. */
export interface AccountStatusChanged {
  type: 'accountStatusChanged';
  portfolioId: string;
  venue: VenueName;
  status: AccountStatus;
}

/** Every state change of an algo order, with the whole algo as it now is (WS `ALGO_ORDER`, algo history). */
export interface AlgoOrderUpdated {
  type: 'algoOrderUpdated';
  algo: AlgoOrder;
}

/** A data export was requested or moved on (the export worker writes the files of unfinished ones). */
export interface ExportChanged {
  type: 'exportChanged';
  export: DataExport;
}

/** A broker's mark-up on a sub-portfolio fill moved to its main portfolio (clearingStatement, collectionRecord). */
export interface BrokerFeeCollected {
  type: 'brokerFeeCollected';
  collection: BrokerFee;
}

export type EngineEvent =
  | BalanceChanged
  | MoneyMoved
  | PortfolioCreated
  | ApiKeyChanged
  | UserChanged
  | OrderUpdated
  | ExecutionCreated
  | PublicTrade
  | BookChanged
  | OpenInterestChanged
  | MarketAdvanced
  | PositionChanged
  | AccountStatusChanged
  | AlgoOrderUpdated
  | ExportChanged
  | BrokerFeeCollected;

/** A durable batch of events from one command. */
export interface EventBatch {
  seq: number;
  ts: number;
  events: EngineEvent[];
}
