/** Balances as the outside world sees them move: every change of a client balance is an event. */
export { emitBalance, type BalanceDetail } from './balance-events.ts';
export { bookCashFlow, type CashFlow } from './cash-flows.ts';
