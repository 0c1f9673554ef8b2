/**
 * Loan records on the wire (connex-api.md §4.11 loan/orders and loan/statement), read from the statement
 * rows of borrows, repayments and interest. Decimals are strings (decisions L10); times are numbers (ms).
 */
import { Type, type Static } from '@sinclair/typebox';
import type { Statement } from '../domain/accounts/index.ts';
import { LOAN_ORDER_TYPES, LOAN_STATEMENT_TYPES, loanStatementTypeOf, type LoanOrderType } from '../domain/lending/index.ts';
import { VENUES } from '../domain/market.ts';
import { abs, formatFixed, sub } from '../domain/money.ts';
import { Decimal, MsNumber, StringEnum, Strict } from './schema.ts';

export const LoanOrderRowSchema = Strict(
  {
    orderId: Type.String({ pattern: '^[0-9]+$', description: 'The loan’s id, or for a borrow or repayment by a MARGIN order that order’s id.' }),
    clientOrderId: Type.String({ description: 'The id the client gave the loan (loan/borrow, loan/repay) or the MARGIN order; absent one, the orderId.' }),
    exchange: StringEnum(VENUES),
    type: StringEnum(LOAN_ORDER_TYPES),
    coin: Type.String({ examples: ['USDT'] }),
    amount: Decimal({ description: 'Borrowed or repaid.' }),
    status: StringEnum(['filled'] as const),
    createTime: MsNumber(),
  },
  { title: 'Loan order' },
);

export function loanOrderRow(row: Statement): Static<typeof LoanOrderRowSchema> {
  return {
    orderId: row.requestId,
    clientOrderId: row.clientOrderId === '' ? row.requestId : row.clientOrderId,
    exchange: row.venue,
    type: loanStatementTypeOf(row.statementType) as LoanOrderType,
    coin: row.coin,
    amount: formatFixed(abs(sub(row.afterBorrow, row.beforeBorrow))),
    status: 'filled',
    createTime: row.createAt,
  };
}

const LOAN_STATEMENT_WIRE_TYPES = Object.keys(LOAN_STATEMENT_TYPES).map((type) => `loan_${type}`);

export const LoanStatementRowSchema = Strict(
  {
    statementId: Type.String(),
    exchange: StringEnum(VENUES),
    type: StringEnum(LOAN_STATEMENT_WIRE_TYPES),
    coin: Type.String({ examples: ['USDT'] }),
    delta: Decimal({ description: 'What the debt changed by (borrow +, repay −), or for interest and a liquidation fee what was charged (−).' }),
    balance: Decimal({ description: 'What is owed of the coin after the row.' }),
    timestamp: MsNumber(),
  },
  { title: 'Loan statement row' },
);

export function loanStatementRow(row: Statement): Static<typeof LoanStatementRowSchema> {
  const isCharge = row.statementType === LOAN_STATEMENT_TYPES.interest || row.statementType === LOAN_STATEMENT_TYPES.liquidation_fee;
  return {
    statementId: row.statementId,
    exchange: row.venue,
    type: `loan_${loanStatementTypeOf(row.statementType)}`,
    coin: row.coin,
    delta: formatFixed(isCharge ? row.deltaAmount : sub(row.afterBorrow, row.beforeBorrow)),
    balance: formatFixed(row.afterBorrow),
    timestamp: row.createAt,
  };
}
