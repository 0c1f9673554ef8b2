/** Order management: place, replace, cancel; the order lifecycle; settlement per business type; its tick phases. */
import { amendCancelHandlers } from './amend-cancel.ts';
import { closePositionHandlers } from './close-positions.ts';
import { placeHandlers } from './place.ts';

export type { CancelAll, OrderRef, ReplaceOrder } from './amend-cancel.ts';
export { confirmPendingCancels } from './amend-cancel.ts';
export { applyReports, cancelNow, releaseDelayedOrders } from './lifecycle.ts';
export { MAX_OPEN_ORDERS, clientOpenOrderCount, clientOrderIdInUse, openOrderOf, openOrdersOf, openOrdersOn, type OrderRefFields } from './open-orders.ts';
export { fillOffBook } from './off-book.ts';
export { placeFor, type OrderOutcome, type PlaceOrder } from './place.ts';
export { pruneFinishedOrders } from './retention.ts';
export { isTraded, settlementOf } from './settlement.ts';
export { clientPortfolioCount, emptyTradingState, isHouse, restoreTradingState, type TradingState } from './state.ts';
export type { FinishedOrder } from './finished-orders.ts';

export type { ClosePosition, ClosePositions, CloseRow } from './close-positions.ts';

export const tradingHandlers = { ...placeHandlers, ...amendCancelHandlers, ...closePositionHandlers };
