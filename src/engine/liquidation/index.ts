import { insuranceFundHandlers } from './insurance-fund.ts';

/** Liquidation (decisions L8): the tick phase that liquidates accounts, the insurance funds, ADL and its ranks. */
export { adlRanksOf, type AdlRank } from './adl.ts';
export { insuranceFunds, type InsuranceFund, type StartInsuranceFunds } from './insurance-fund.ts';
export { cancelRiskAddingOrders } from './cancel-open.ts';
export { liquidateAccounts } from './liquidate.ts';
export { emptyLiquidationState, type LiquidationState } from './state.ts';

export const liquidationHandlers = { ...insuranceFundHandlers };
