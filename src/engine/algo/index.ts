/** Algo orders (decisions M1–M4): TPSL place, replace, cancel; triggers that fire in venue time; the children they send. */
import { cancelAlgoHandlers } from './cancel.ts';
import { placeAlgoHandlers } from './place.ts';

export type { CancelAllAlgos } from './cancel.ts';
export { algoNamed, openAlgoOf, openAlgosOf, type AlgoRef, type AlgoRefFields } from './find.ts';
export { MAX_OPEN_ALGOS, type AlgoAnswer, type PlaceAlgo, type ReplaceAlgo } from './place.ts';
export { emptyAlgosState, type AlgosState } from './state.ts';
export type { AlgoTerms, LegInput } from './terms.ts';
export { fireAlgoTriggers, followEvents } from './watch.ts';

export const algoHandlers = { ...placeAlgoHandlers, ...cancelAlgoHandlers };
