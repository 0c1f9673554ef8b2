/** Broker fees (connex-api.md §4.9, decisions J1): mark-ups on sub-portfolios' fills, collected into the main portfolio. */
import { setMarkupHandlers } from './set-markup.ts';

export { collectMarkup, fillMarkup } from './collect.ts';
export { portfolioFeeRates, type PortfolioFeeRate } from './fee-rates.ts';
export { isBroker, markupAt, pricedFor } from './schedule.ts';
export type { SetSubFeeRate, SubFeeRateSet } from './set-markup.ts';
export { ALL_SUBS, emptyBrokerState, type BrokerState, type MarkupChange } from './state.ts';

export const brokerHandlers = { ...setMarkupHandlers };
