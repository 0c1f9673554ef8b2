/**
 * The history tables (design principle 6), filled by the projector from engine events. One schema
 * for both backends (PGlite and PostgreSQL); `npm run db:generate` turns changes into the one
 * migration set in ./migrations. Amounts are `numeric` holding the exact decimal text of a Fixed.
 * The projection's insert SQL and row types are read from these tables (projections/columns.ts), so a
 * column is declared here only; its row builder in projection.ts then fails to compile until it fills it.
 */
import { bigint, index, integer, numeric, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';

/** Every balance change of every portfolio account (GET /trading/statement, exports). */
export const statements = pgTable(
  'statements',
  {
    statementId: text('statement_id').primaryKey(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    portfolioId: text('portfolio_id').notNull(),
    requestId: text('request_id').notNull(),
    /** The client's id of a loan or MARGIN order behind a borrow, repayment or interest charge; '' for other rows. */
    clientOrderId: text('client_order_id').notNull().default(''),
    coin: text('coin').notNull(),
    sym: text('sym').notNull(),
    venue: text('venue').notNull(),
    business: text('business').notNull(),
    statementType: text('statement_type').notNull(),
    beforeAvailable: numeric('before_available').notNull(),
    afterAvailable: numeric('after_available').notNull(),
    beforeOverdraw: numeric('before_overdraw').notNull(),
    afterOverdraw: numeric('after_overdraw').notNull(),
    beforeBorrow: numeric('before_borrow').notNull(),
    afterBorrow: numeric('after_borrow').notNull(),
    deltaAmount: numeric('delta_amount').notNull(),
    createAt: bigint('create_at', { mode: 'number' }).notNull(),
  },
  (t) => [index('statements_portfolio_time').on(t.portfolioId, t.createAt)],
);

/** The latest state of each client order; `body` is the whole Order (row-body.ts). */
export const orders = pgTable(
  'orders',
  {
    orderId: text('order_id').primaryKey(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    portfolioId: text('portfolio_id').notNull(),
    clientOrderId: text('client_order_id').notNull(),
    sym: text('sym').notNull(),
    venue: text('venue').notNull(),
    business: text('business').notNull(),
    state: text('state').notNull(),
    executedQty: numeric('executed_qty').notNull(),
    createAt: bigint('create_at', { mode: 'number' }).notNull(),
    updateAt: bigint('update_at', { mode: 'number' }).notNull(),
    body: text('body').notNull(),
  },
  (t) => [index('orders_portfolio_time').on(t.portfolioId, t.createAt), index('orders_client_order').on(t.portfolioId, t.clientOrderId)],
);

/** Every fill of a client order; `body` is the whole Execution (row-body.ts). */
export const executions = pgTable(
  'executions',
  {
    transactionId: text('transaction_id').primaryKey(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    portfolioId: text('portfolio_id').notNull(),
    orderId: text('order_id').notNull(),
    sym: text('sym').notNull(),
    venue: text('venue').notNull(),
    business: text('business').notNull(),
    createAt: bigint('create_at', { mode: 'number' }).notNull(),
    body: text('body').notNull(),
    /** Columns for the traded-volume sums (tradingStats); rows written before them were filled from `body` by their migration. */
    quantity: numeric('quantity').notNull().default('0'),
    price: numeric('price').notNull().default('0'),
  },
  (t) => [index('executions_portfolio_time').on(t.portfolioId, t.createAt), index('executions_order').on(t.orderId)],
);

/**
 * The latest state of each client position (WS `Positions` events), kept after it closes: the closed
 * ones are the position history. `side` is the direction it was held in (LONG / SHORT), learnt from
 * its events while it was open, since a closed NET position (qty 0, positionSide NONE) no longer says.
 */
export const positions = pgTable(
  'positions',
  {
    positionId: text('position_id').primaryKey(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    portfolioId: text('portfolio_id').notNull(),
    sym: text('sym').notNull(),
    venue: text('venue').notNull(),
    positionSide: text('position_side').notNull(),
    side: text('side').notNull(),
    positionMode: text('position_mode').notNull(),
    leverage: integer('leverage').notNull(),
    qty: numeric('qty').notNull(),
    maxQty: numeric('max_qty').notNull(),
    closedQty: numeric('closed_qty').notNull(),
    closedValue: numeric('closed_value').notNull(),
    openedQty: numeric('opened_qty').notNull(),
    openedValue: numeric('opened_value').notNull(),
    realizedPnl: numeric('realized_pnl').notNull(),
    fee: numeric('fee').notNull(),
    fundingFee: numeric('funding_fee').notNull(),
    liqFee: numeric('liq_fee').notNull().default('0'),
    closedType: text('closed_type').notNull().default('COMPLETE_CLOSED'),
    createAt: bigint('create_at', { mode: 'number' }).notNull(),
    updateAt: bigint('update_at', { mode: 'number' }).notNull(),
  },
  (t) => [index('positions_portfolio_update').on(t.portfolioId, t.updateAt)],
);

/** Finished algo orders (CANCELLED, COMPLETED, REJECTED, FAILED, EXPIRED) in their final state; `body` is the whole AlgoOrder (projections/algos.ts). */
export const algoOrders = pgTable(
  'algo_orders',
  {
    algoOrderId: text('algo_order_id').primaryKey(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    portfolioId: text('portfolio_id').notNull(),
    clientOrderId: text('client_order_id').notNull(),
    sym: text('sym').notNull(),
    venue: text('venue').notNull(),
    business: text('business').notNull(),
    algoOrderType: text('algo_order_type').notNull(),
    state: text('state').notNull(),
    createAt: bigint('create_at', { mode: 'number' }).notNull(),
    updateAt: bigint('update_at', { mode: 'number' }).notNull(),
    body: text('body').notNull(),
    /** The order an ATTACHED_TPSL belongs to; '' for the other types. */
    attachedOrderId: text('attached_order_id').notNull().default(''),
  },
  (t) => [
    index('algo_orders_portfolio_time').on(t.portfolioId, t.createAt),
    index('algo_orders_client_order').on(t.portfolioId, t.clientOrderId),
    index('algo_orders_attached_order').on(t.portfolioId, t.attachedOrderId),
  ],
);

/**
 * KLINE candles of every sym's public trades, per interval (domain/candles.ts), within the span each
 * series keeps: the market feed's tickers and candles are rebuilt from them at start. `seq`: the
 * journal record of the last trade folded in.
 */
export const candles = pgTable(
  'candles',
  {
    sym: text('sym').notNull(),
    interval: text('interval').notNull(),
    openTime: bigint('open_time', { mode: 'number' }).notNull(),
    open: numeric('open').notNull(),
    high: numeric('high').notNull(),
    low: numeric('low').notNull(),
    close: numeric('close').notNull(),
    volume: numeric('volume').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.sym, t.interval, t.openTime] })],
);

/** How far each projection has got: every event of journal records up to `seq` is in the tables. */
export const projectionCheckpoint = pgTable('projection_checkpoint', {
  projection: text('projection').primaryKey(),
  seq: bigint('seq', { mode: 'number' }).notNull(),
});

/** Each transfer, deposit and withdrawal in its latest state (projections/movements.ts); `body` is the whole movement. */
export const movements = pgTable(
  'money_movements',
  {
    movementId: text('movement_id').primaryKey(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    kind: text('kind').notNull(),
    userId: text('user_id').notNull(),
    /** The funding account's or the portfolio's id, '' for outside (a deposit's source, a withdrawal's target). */
    fromAccountId: text('from_account_id').notNull(),
    /** FUNDING, BINANCE or OKX; '' for outside. */
    fromAccountType: text('from_account_type').notNull(),
    toAccountId: text('to_account_id').notNull(),
    toAccountType: text('to_account_type').notNull(),
    requestId: text('request_id').notNull(),
    coin: text('coin').notNull(),
    stage: text('stage').notNull(),
    createAt: bigint('create_at', { mode: 'number' }).notNull(),
    updateAt: bigint('update_at', { mode: 'number' }).notNull(),
    body: text('body').notNull(),
  },
  (t) => [index('money_movements_user_time').on(t.userId, t.createAt)],
);

/** Each broker fee collection: a mark-up of one sub-portfolio fill moved to the main portfolio (projections/broker-fees.ts). */
export const brokerFees = pgTable(
  'broker_fees',
  {
    /** The fill's execution. */
    transactionId: text('transaction_id').primaryKey(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    userId: text('user_id').notNull(),
    portfolioId: text('portfolio_id').notNull(),
    subPortfolioId: text('sub_portfolio_id').notNull(),
    venue: text('venue').notNull(),
    business: text('business').notNull(),
    coin: text('coin').notNull(),
    amount: numeric('amount').notNull(),
    createAt: bigint('create_at', { mode: 'number' }).notNull(),
  },
  (t) => [index('broker_fees_user_time').on(t.userId, t.createAt)],
);
