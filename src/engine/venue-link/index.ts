/** The engine's link to the venues: calls and their market data, instruments and prices, the operator's venue controls, market tick phases. */
export { marketReach, onVenue, publishMarketUpdates } from './call-venue.ts';
export { instrumentNamed } from './instruments.ts';
export { advanceMarket, advanceOpenInterest } from './market.ts';
export { operatorControlHandlers } from './operator-controls.ts';
export { indexPriceOf } from './prices.ts';
