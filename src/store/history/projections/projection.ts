/**
 * Turns durable event batches into history rows and writes them, with the checkpoint, in one
 * statement: the tables hold exactly what the history endpoints serve of the journal records up to
 * the checkpoint. Writes are idempotent (ids are derived from the journal), so a batch written twice
 * changes nothing. Only what a query can see is written: finished orders in their latest state,
 * every fill, the balance changes of the statement types the statement endpoint serves, the
 * candles of the public trades (candles.ts), the latest state of each client position (positions.ts),
 * finished algo orders (algos.ts) and broker fee collections (broker-fees.ts).
 */
import { isOpenAlgo } from '../../../domain/algo/index.ts';
import { formatFixed } from '../../../domain/money.ts';
import type { Execution } from '../../../domain/orders/execution.ts';
import { TERMINAL_STATES, type Order } from '../../../domain/orders/order.ts';
import { deltaAmountOf, isStatementType, statementTypeOf } from '../../../domain/accounts/statement.ts';
import { LOAN_ONLY_STATEMENT_TYPES } from '../../../domain/lending/index.ts';
import type { BalanceChanged, EventBatch } from '../../../engine/core/events.ts';
import type { HistoryDatabase, PreparedStatement } from '../database.ts';
import { brokerFees, executions, orders, statements } from '../schema.ts';
import { brokerFeeRow } from './broker-fees.ts';
import { foldTradesIntoCandles, tradeRow, tradeSummaries } from './candles.ts';
import { algoRow, upsertAlgoOrders } from './algos.ts';
import { latestPositionRows, positionRow, upsertPositions } from './positions.ts';
import { latestMovementRows, movementRow, upsertMovements } from './movements.ts';
import { arrayTypes, columnArrays, columnNames, insertFromArrays, insertFromJson, recordFields, setAllFromExcluded, type ColumnRow } from './columns.ts';
import { executionBody, executionFieldsFromBody, orderBody, orderFieldsFromBody } from './row-body.ts';

export const PROJECTION = 'history';
/** Room for the events of one command inside a statementId derived from its journal seq. */
const EVENTS_PER_COMMAND = 1_000_000n;

/** What one write sends: the rows of the tables written on every order as rows, the others' as JSON texts. */
export interface HistoryRows {
  statements: string[];
  /** One row per finished order: its latest state in these batches. */
  orders: ColumnRow<typeof orders>[];
  executions: ColumnRow<typeof executions>[];
  /** The public trades, one row per batch, sym and time (candles.ts). */
  trades: string[];
  /** One row per position: its latest state in these batches (positions.ts). */
  positions: string[];
  /** One row per transfer, deposit or withdrawal: its latest state in these batches (movements.ts). */
  movements: string[];
  /** One row per finished algo order (algos.ts). */
  algos: string[];
  /** One row per broker fee collection (broker-fees.ts). */
  brokerFees: string[];
}

/** statementId: the journal seq of the command and the event's place in it, so replays agree. */
export function statementIdOf(seq: number, eventIndex: number): string {
  return String(BigInt(seq) * EVENTS_PER_COMMAND + BigInt(eventIndex));
}

/**
 * A batch reduced to what the projection writes, as strings (the cheapest thing to hand the history
 * worker): orders and executions as their row bodies, which hold every column; the rare statement
 * rows as JSON texts. A table the batch has no row for is left out: most batches have rows for one or
 * two tables, and the worker's message copies every array it is given.
 */
export interface ProjectedBatch extends Partial<Record<Table, string[]>> {
  seq: number;
}

/** A history table's rows, as HistoryRows names them. */
type Table = keyof HistoryRows;

/** The §6 statement types, and the borrows and repayments the loan records read. */
function isProjectedStatement(statementType: string): boolean {
  return isStatementType(statementType) || LOAN_ONLY_STATEMENT_TYPES.includes(statementType);
}

export function projectedOf({ seq, events }: EventBatch): ProjectedBatch {
  const projected: ProjectedBatch = { seq };
  const add = (table: Table, row: string) => (projected[table] ??= []).push(row);
  events.forEach((event, index) => {
    if (event.type === 'balanceChanged') {
      if (isProjectedStatement(statementTypeOf(event.reason))) add('statements', JSON.stringify(statementRow(event, seq, index)));
    } else if (event.type === 'orderUpdated') {
      if (TERMINAL_STATES.has(event.order.state)) add('orders', orderBody(event.order));
    } else if (event.type === 'executionCreated') {
      add('executions', executionBody(event.execution));
    } else if (event.type === 'positionChanged') {
      add('positions', positionRow(event, seq));
    } else if (event.type === 'moneyMoved') {
      add('movements', movementRow(event, seq));
    } else if (event.type === 'algoOrderUpdated') {
      if (!isOpenAlgo(event.algo)) add('algos', algoRow(event, seq));
    } else if (event.type === 'brokerFeeCollected') {
      add('brokerFees', brokerFeeRow(event, seq));
    }
  });
  const trades = tradeSummaries(events);
  if (trades.length > 0) projected.trades = trades;
  return projected;
}

/** Every history table (the `satisfies` fails to compile when one is missing). */
const TABLES = Object.keys({ statements: 0, orders: 0, executions: 0, trades: 0, positions: 0, movements: 0, algos: 0, brokerFees: 0 } satisfies Record<Table, 0>) as Table[];

/**
 * Batches as one flat list, for the worker's message: each batch's seq and number of tables, then each
 * table's name, row count and rows. A message copies an object with the text of each of its keys; a
 * flat list of strings and numbers costs several times less to copy.
 */
export type FlatBatches = (string | number)[];

export function flattenInto(flat: FlatBatches, batch: ProjectedBatch): void {
  const at = flat.push(batch.seq, 0) - 1;
  for (const table of TABLES) {
    const rows = batch[table];
    if (rows === undefined) continue;
    flat.push(table, rows.length, ...rows);
    (flat[at] as number)++;
  }
}

export function unflatten(flat: FlatBatches): ProjectedBatch[] {
  const batches: ProjectedBatch[] = [];
  let at = 0;
  while (at < flat.length) {
    const batch: ProjectedBatch = { seq: flat[at] as number };
    let tables = flat[at + 1] as number;
    for (at += 2; tables > 0; tables--) {
      const count = flat[at + 1] as number;
      batch[flat[at] as Table] = flat.slice(at + 2, at + 2 + count) as string[];
      at += 2 + count;
    }
    batches.push(batch);
  }
  return batches;
}

export function rowsOf(batches: readonly ProjectedBatch[]): HistoryRows {
  const rows: HistoryRows = { movements: [], statements: [], orders: [], executions: [], trades: [], positions: [], algos: [], brokerFees: [] };
  const latestOrders = new Map<string, ColumnRow<typeof orders>>();
  const positionChanges: string[] = [];
  const movementChanges: string[] = [];
  for (const { seq, movements = [], statements = [], orders = [], executions = [], trades = [], positions = [], algos = [], brokerFees = [] } of batches) {
    positionChanges.push(...positions);
    movementChanges.push(...movements);
    rows.algos.push(...algos);
    rows.brokerFees.push(...brokerFees);
    for (const row of statements) rows.statements.push(row);
    for (const summary of trades) rows.trades.push(tradeRow(seq, summary));
    for (const body of executions) rows.executions.push(executionRow(executionFieldsFromBody(body, EXECUTION_ROW_FIELDS), seq, body));
    for (const body of orders) {
      const order = orderFieldsFromBody(body, ORDER_ROW_FIELDS);
      latestOrders.set(order.orderId, orderRow(order, seq, body));
    }
  }
  for (const row of latestOrders.values()) rows.orders.push(row);
  rows.positions = latestPositionRows(positionChanges);
  rows.movements = latestMovementRows(movementChanges);
  return rows;
}

/**
 * The fields of an order and of an execution that are columns of their rows (the body holds all):
 * every column of the table but `seq` and `body`, which the projection adds.
 */
const ORDER_ROW_FIELDS = recordFields(orders, ['seq', 'body']) satisfies (keyof Order)[];
const EXECUTION_ROW_FIELDS = recordFields(executions, ['seq', 'body']) satisfies (keyof Execution)[];

// The row builders stay written out (they run for every row); ColumnRow makes them name exactly the table's columns.
function orderRow(order: Pick<Order, (typeof ORDER_ROW_FIELDS)[number]>, seq: number, body: string): ColumnRow<typeof orders> {
  return {
    order_id: order.orderId,
    seq,
    portfolio_id: order.portfolioId,
    client_order_id: order.clientOrderId,
    sym: order.sym,
    venue: order.venue,
    business: order.business,
    state: order.state,
    executed_qty: formatFixed(order.executedQty),
    create_at: order.createAt,
    update_at: order.updateAt,
    body,
  };
}

function executionRow(execution: Pick<Execution, (typeof EXECUTION_ROW_FIELDS)[number]>, seq: number, body: string): ColumnRow<typeof executions> {
  return {
    transaction_id: execution.transactionId,
    seq,
    portfolio_id: execution.portfolioId,
    order_id: execution.orderId,
    sym: execution.sym,
    venue: execution.venue,
    business: execution.business,
    create_at: execution.createAt,
    body,
    quantity: formatFixed(execution.quantity),
    price: formatFixed(execution.price),
  };
}

function statementRow(event: BalanceChanged, seq: number, index: number): ColumnRow<typeof statements> {
  const amounts = {
    beforeAvailable: event.beforeAvailable,
    afterAvailable: event.afterAvailable,
    beforeOverdraw: event.beforeOverdraw ?? event.overdraw,
    afterOverdraw: event.overdraw,
    beforeBorrow: event.beforeBorrowed ?? event.borrowed,
    afterBorrow: event.borrowed,
  };
  return {
    statement_id: statementIdOf(seq, index),
    seq,
    portfolio_id: event.portfolioId,
    request_id: event.requestId,
    client_order_id: event.clientOrderId ?? '',
    coin: event.coin,
    sym: event.sym ?? '',
    venue: event.venue,
    business: event.business ?? '',
    statement_type: statementTypeOf(event.reason),
    before_available: formatFixed(amounts.beforeAvailable),
    after_available: formatFixed(amounts.afterAvailable),
    before_overdraw: formatFixed(amounts.beforeOverdraw),
    after_overdraw: formatFixed(amounts.afterOverdraw),
    before_borrow: formatFixed(amounts.beforeBorrow),
    after_borrow: formatFixed(amounts.afterBorrow),
    delta_amount: formatFixed(deltaAmountOf(amounts)),
    create_at: event.at,
  };
}

/** A write's first parameters, in order (the checkpoint's seq, then each table's rows as a JSON array); then one array per column of executions, then of orders. */
const LEADING_PARAMETERS = ['seq', 'statements', 'trades', 'positions', 'algos', 'movements', 'brokerFees'] as const;
const param = (name: (typeof LEADING_PARAMETERS)[number]) => `$${LEADING_PARAMETERS.indexOf(name) + 1}`;
const FIRST_EXECUTION_PARAMETER = LEADING_PARAMETERS.length + 1;
const FIRST_ORDER_PARAMETER = FIRST_EXECUTION_PARAMETER + columnNames(executions).length;

/**
 * One statement of the same text for every write (prepared once per connection), so the write is all or
 * nothing, the checkpoint moving with the rows.
 */
const WRITE_ROWS_TEXT = `WITH
  s AS (${insertFromJson(statements, param('statements'))} ON CONFLICT DO NOTHING),
  e AS (${insertFromArrays(executions, FIRST_EXECUTION_PARAMETER)} ON CONFLICT DO NOTHING),
  o AS (${insertFromArrays(orders, FIRST_ORDER_PARAMETER)}
    ON CONFLICT (${orders.orderId.name}) DO UPDATE SET ${setAllFromExcluded(orders, orders.orderId)} WHERE orders.seq <= excluded.seq),
  ps AS (${upsertPositions(param('positions'))}),
  a AS (${upsertAlgoOrders(param('algos'))}),
  mm AS (${upsertMovements(param('movements'))}),
  bf AS (${insertFromJson(brokerFees, param('brokerFees'))} ON CONFLICT DO NOTHING),
  ${foldTradesIntoCandles(param('trades'), `coalesce((SELECT seq FROM projection_checkpoint WHERE projection = '${PROJECTION}'), 0)`)}
INSERT INTO projection_checkpoint (projection, seq) VALUES ('${PROJECTION}', ${param('seq')}::bigint)
  ON CONFLICT (projection) DO UPDATE SET seq = excluded.seq WHERE projection_checkpoint.seq < excluded.seq`;

const WRITE_ROWS: PreparedStatement = {
  name: 'history_write_rows',
  text: WRITE_ROWS_TEXT,
  parameterTypes: [...LEADING_PARAMETERS.map((name) => (name === 'seq' ? 'bigint' : 'json')), ...arrayTypes(executions), ...arrayTypes(orders)],
};

/** Writes the rows and moves the checkpoint to `seq`, all or nothing. */
export async function writeRows(database: HistoryDatabase, rows: HistoryRows, seq: number): Promise<void> {
  const leading = LEADING_PARAMETERS.map((name) => (name === 'seq' ? seq : jsonArray(rows[name])));
  await database.run(WRITE_ROWS, [...leading, ...columnArrays(executions, rows.executions), ...columnArrays(orders, rows.orders)]);
}

function jsonArray(texts: string[]): string {
  return `[${texts.join(',')}]`;
}

export async function readCheckpoint(database: HistoryDatabase): Promise<number> {
  const rows = await database.rows<{ seq: string | number }>('SELECT seq FROM projection_checkpoint WHERE projection = $1', [PROJECTION]);
  return rows.length === 0 ? 0 : Number(rows[0].seq);
}
