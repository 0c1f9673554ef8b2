/** MARGIN lending: borrowing by orders, the margin leverage per coin, repayment. */
export { assertBorrowable, borrowCoin, marginLeverageOf, repayFromAvailable, type Debt } from './borrowing.ts';
export { emptyLendingState, marginLeverageKey, type LendingState } from './state.ts';
