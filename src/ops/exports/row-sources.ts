/**
 * What each export type's file holds (decisions I1): the rows the REST history endpoint of its kind
 * serves, rendered by that endpoint's view, so a file's row equals the API's row. Each reads the history
 * store a page at a time over the export's range, newest first as the endpoints list them.
 */
import type { TObject } from '@sinclair/typebox';
import { STATEMENT_TYPES } from '../../domain/accounts/index.ts';
import type { DataExport, ExportType } from '../../domain/exports/index.ts';
import type { Portfolio } from '../../domain/identity/index.ts';
import type { EngineReads } from '../../engine/reads.ts';
import type { HistoryStore, HistoryWindow, Page, PageOf, TradeFilter } from '../../store/history/queries/history-store.ts';
import type { ExportRows } from '../../store/exports/export-files.ts';
import { ExecutionViewSchema, executionView, OrderViewSchema, orderView } from '../../views/order.ts';
import { PositionHistoryRowSchema, positionHistoryRow } from '../../views/position.ts';
import { StatementRowSchema, statementRow } from '../../views/statement.ts';
import { TransferListRowSchema, transferListRow } from '../../views/transfers.ts';
import { JsonNumber } from '../../wire/json-number.ts';

const PAGE_SIZE = 1000;
/** The recent window, then the archive: newest first across both, as far back as history is served. */
const WINDOWS: readonly HistoryWindow[] = ['recent', 'archive'];

export interface ExportSource {
  history: HistoryStore;
  reads: EngineReads;
  /** Venue time of the production: the history windows are measured back from it. */
  now: number;
}

type Rows = AsyncIterable<readonly Record<string, unknown>[]>;

interface RowKind {
  schema: TObject;
  pages(record: DataExport, source: ExportSource, portfolio: Portfolio): Rows;
}

const KINDS: Record<ExportType, RowKind> = {
  ORDERS: {
    schema: OrderViewSchema,
    pages: (record, { history, reads, now }, portfolio) =>
      acrossWindows(record, now, (filter, page) => history.orders(filter, page), (order) => orderView(order, portfolio, reads.instrument(order.sym))),
  },
  EXECUTIONS: {
    schema: ExecutionViewSchema,
    pages: (record, { history, now }) => acrossWindows(record, now, (filter, page) => history.executionsPage(filter, page), executionView),
  },
  POSITIONS: {
    schema: PositionHistoryRowSchema,
    pages: (record, { history, reads }, portfolio) =>
      allPages(
        (page) => history.closedPositions({ portfolioId: record.portfolioId, begin: record.startTime, end: record.endTime }, page),
        (closed) => positionHistoryRow(closed, portfolio, reads.instrument(closed.position.sym)),
      ),
  },
  STATEMENTS: {
    schema: StatementRowSchema,
    pages: (record, { history }) =>
      allPages(
        (page) => history.statements({ portfolioId: record.portfolioId, statementTypes: STATEMENT_TYPES, startTime: record.startTime, endTime: record.endTime }, page),
        statementRow,
      ),
  },
  TRANSFERS: {
    schema: TransferListRowSchema,
    pages: (record, { history }) =>
      allPages(
        (page) => history.movements({ userId: record.userId, kinds: ['TRANSFER'], portfolioId: record.portfolioId, start: record.startTime, end: record.endTime }, page),
        transferListRow,
      ),
  },
};

/** The columns (the view's fields, in its schema's order) and the rows of an export. */
export function exportRows(record: DataExport, source: ExportSource, portfolio: Portfolio): ExportRows {
  const kind = KINDS[record.exportType];
  return { columns: Object.keys(kind.schema.properties), pages: kind.pages(record, source, portfolio) };
}

async function* acrossWindows<T>(
  record: DataExport,
  now: number,
  query: (filter: TradeFilter, page: Page) => Promise<PageOf<T>>,
  render: (item: T) => Record<string, unknown>,
): Rows {
  for (const window of WINDOWS) {
    const filter: TradeFilter = { portfolioId: record.portfolioId, window, now, begin: record.startTime, end: record.endTime };
    yield* allPages((page) => query(filter, page), render);
  }
}

async function* allPages<T>(query: (page: Page) => Promise<PageOf<T>>, render: (item: T) => Record<string, unknown>): Rows {
  for (let page = 1; ; page++) {
    const { list } = await query({ page, pageSize: PAGE_SIZE });
    if (list.length > 0) yield list.map((item) => withNumbersAsText(render(item)));
    if (list.length < PAGE_SIZE) return;
  }
}

/** A view's JSON numbers of exact text (transfer amounts) as that text: the file shows what the API's JSON does. */
function withNumbersAsText(row: Record<string, unknown>): Record<string, unknown> {
  for (const [column, value] of Object.entries(row)) if (value instanceof JsonNumber) row[column] = value.text;
  return row;
}
