/**
 * Borrow, repay, interest and the liquidation fee of debts as loan records (connex-api.md §4.11 loan/orders and
 * loan/statement): each is a statement row of the account's coin, told apart by its statementType (a perp's
 * LIQUIDATION_FEE rows are not loan records).
 */

/** Loan statement types on the wire → the statementType of their rows (a liquidation fee: that of a debt's liquidation, on a MARGIN sym). */
export const LOAN_STATEMENT_TYPES = { borrow: 'BORROW', repay: 'REPAY', interest: 'DEDUCT_INTEREST', liquidation_fee: 'LIQUIDATION_FEE' } as const;
export type LoanStatementType = keyof typeof LOAN_STATEMENT_TYPES;

/** The loan order types: explicit or by an order, each a BORROW or REPAY row. */
export const LOAN_ORDER_TYPES = ['borrow', 'repay'] as const satisfies readonly LoanStatementType[];
export type LoanOrderType = (typeof LOAN_ORDER_TYPES)[number];

/** Balance changes projected to history for the loan records alone (the statement endpoint does not serve them). */
export const LOAN_ONLY_STATEMENT_TYPES: readonly string[] = [LOAN_STATEMENT_TYPES.borrow, LOAN_STATEMENT_TYPES.repay];

/** The wire's loan statement type of a row's statementType. */
export function loanStatementTypeOf(statementType: string): LoanStatementType {
  const found = (Object.keys(LOAN_STATEMENT_TYPES) as LoanStatementType[]).find((type) => LOAN_STATEMENT_TYPES[type] === statementType);
  if (!found) throw new Error(`not a loan statement type: ${statementType}`);
  return found;
}
