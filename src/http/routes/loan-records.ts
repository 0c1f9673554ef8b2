/**
 * Loan records (connex-api.md §4.11 loan/orders and loan/statement), served from the history store: the
 * borrows and repayments of the portfolio, explicit or by MARGIN orders, and the hourly interest.
 */
import { LOAN_ORDER_TYPES, LOAN_STATEMENT_TYPES, type LoanStatementType } from '../../domain/lending/index.ts';
import { ARCHIVE_DAYS, daysMs, HISTORY_UNAVAILABLE, RECENT_DAYS, type StatementQuery } from '../../store/history/queries/history-store.ts';
import { LoanOrderRowSchema, loanOrderRow, LoanStatementRowSchema, loanStatementRow } from '../../views/loan-records.ts';
import { Paged } from '../../views/schema.ts';
import { oneOf, page, text } from '../../wire/field-spec.ts';
import { pagedResult, type Page } from '../../wire/fields.ts';
import { timeRangeFields, type TimeRange } from '../../wire/time-range.ts';
import type { Call, Router } from '../router.ts';

const LOAN_STATEMENT_FILTERS = Object.keys(LOAN_STATEMENT_TYPES) as LoanStatementType[];

const RECORD_FIELDS = {
  coin: text({ maxLength: 32, description: 'Only this coin.', example: 'USDT' }),
  ...timeRangeFields('startTime', 'endTime', () => ({ defaultSpanMs: daysMs(RECENT_DAYS), maxAgeMs: daysMs(ARCHIVE_DAYS) })),
  page: page(100, 1000),
};

interface RecordFilter {
  types: readonly LoanStatementType[];
  coin?: string;
  requestId?: string;
  clientOrderId?: string;
  range: TimeRange;
}

async function loanRows(call: Call<unknown>, filter: RecordFilter, page: Page) {
  const query: StatementQuery = {
    portfolioId: call.portfolio().portfolioId,
    coin: filter.coin,
    requestId: filter.requestId,
    clientOrderId: filter.clientOrderId,
    notBusiness: 'PERP',
    statementTypes: filter.types.map((type) => LOAN_STATEMENT_TYPES[type]),
    startTime: filter.range.start,
    endTime: filter.range.end,
  };
  return call.gateway.history.statements(query, page);
}

export function loanRecordRoutes(router: Router): void {
  const routes = router.group('Loan records', 'Borrows, repayments, interest and liquidation fees of MARGIN lending, from the history store (connex-api.md §4.11).');

  routes.add({
    method: 'GET',
    url: '/api/v1/trading/rapidxLoan/loan/orders',
    summary: 'Borrows and repayments of a portfolio',
    description:
      'Explicit ones (loan/borrow, loan/repay) and those of MARGIN orders (borrowing what the order lacks, a fill repaying first), newest first; ' +
      'every one is filled at once. Rows older than 90 days are not served; the default window is the last 7 days.',
    permission: 'READ',
    scope: 'any',
    rateGroup: 'loanRead',
    acting: true,
    fields: {
      orderId: text({ maxLength: 64, description: 'Only this loan (or MARGIN order).' }),
      clientOrderId: text({ maxLength: 64, description: 'Only the loans the client gave this id (a MARGIN order’s: its clientOrderId).' }),
      type: oneOf(LOAN_ORDER_TYPES, { invalid: 400000 }),
      ...RECORD_FIELDS,
    },
    response: Paged(LoanOrderRowSchema),
    codes: [HISTORY_UNAVAILABLE, 400003],
    async handle(call) {
      const { orderId, clientOrderId, type, coin, range, page } = call.values;
      const { totalSize, list } = await loanRows(call, { types: type ? [type] : LOAN_ORDER_TYPES, coin, requestId: orderId, clientOrderId, range }, page);
      return pagedResult(page, totalSize, list, loanOrderRow);
    },
  });

  routes.add({
    method: 'GET',
    url: '/api/v1/trading/rapidxLoan/loan/statement',
    summary: 'Loan statement of a portfolio',
    description:
      'Each borrow (loan_borrow), repayment (loan_repay), interest charge (loan_interest: at borrow time and every full hour) and fee of a ' +
      'liquidation of debts (loan_liquidation_fee: the LIQUIDATION_FEE of a MARGIN sym), newest first. Rows older than 90 days are not served.',
    permission: 'READ',
    scope: 'any',
    rateGroup: 'loanRead',
    acting: true,
    fields: { type: oneOf(LOAN_STATEMENT_FILTERS, { invalid: 400000 }), ...RECORD_FIELDS },
    response: Paged(LoanStatementRowSchema),
    codes: [HISTORY_UNAVAILABLE, 400003],
    async handle(call) {
      const { type, coin, range, page } = call.values;
      const { totalSize, list } = await loanRows(call, { types: type ? [type] : LOAN_STATEMENT_FILTERS, coin, range }, page);
      return pagedResult(page, totalSize, list, loanStatementRow);
    },
  });
}
