/** MARGIN lending: borrowing by orders and on request, the margin leverage per coin, repayment. */
import { borrowHandlers } from './borrow.ts';
import { leverageHandlers } from './leverage.ts';
import { repayHandlers } from './repay.ts';

export { assertBorrowable, borrowCoin, marginLeverageOf, repayFromAvailable, type Debt, type LoanRef } from './borrowing.ts';
export type { BorrowLoan, Borrowed } from './borrow.ts';
export type { SetMarginLeverage } from './leverage.ts';
export { chargeHourOn, chargeInterest } from './interest.ts';
export type { Repaid, RepayLoan } from './repay.ts';
export { emptyLendingState, marginLeverageKey, type LendingState } from './state.ts';

export const lendingHandlers = { ...borrowHandlers, ...leverageHandlers, ...repayHandlers };
