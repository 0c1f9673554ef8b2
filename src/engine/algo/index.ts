/** Algo orders (decisions M1–M4): TPSL place, replace, cancel; TP/SL attached to orders; triggers that fire in venue time; the children they send; TWAP / VWAP slices and their providers. */
import { attachedHandlers } from './attached.ts';
import { cancelAlgoHandlers } from './cancel.ts';
import { placeAlgoHandlers } from './place.ts';
import { providerHandlers } from './providers.ts';
import { subOrderHandlers } from './sub-orders.ts';

export type { CancelAllAlgos } from './cancel.ts';
export { algoNamed, attachedAlgoOf, attachedAlgosOf, openAlgoOf, openAlgosOf, type AlgoRef, type AlgoRefFields } from './find.ts';
export type { AttachedLegs, PlaceOrderWithTpsl } from './attached.ts';
export { MAX_OPEN_ALGOS } from './lifecycle.ts';
export type { AlgoAnswer, PlaceAlgo, ReplaceAlgo } from './place.ts';
export { emptyAlgosState, type AlgosState } from './state.ts';
export type { AlgoTerms, LegInput } from './terms.ts';
export { fireAlgoTriggers, followEvents } from './watch.ts';
export { algoProvidersOf, type AlgoProvider, type SetAlgoProvider } from './providers.ts';
export { runSchedules } from './schedule.ts';
export type { PlaceSubOrder } from './sub-orders.ts';

export const algoHandlers = { ...placeAlgoHandlers, ...cancelAlgoHandlers, ...attachedHandlers, ...providerHandlers, ...subOrderHandlers };
