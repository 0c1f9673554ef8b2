/** Finding a portfolio's open algo order by algoOrderId, clientOrderId or (ATTACHED_TPSL) its order: for commands and reads alike. */
import { ApiError } from '../../catalogue/index.ts';
import type { AlgoOrder } from '../../domain/algo/index.ts';
import type { PositionSide } from '../../domain/orders/index.ts';
import type { State } from '../core/state.ts';
import type { Actor } from '../identity/index.ts';

export interface AlgoRefFields {
  algoOrderId?: string;
  clientOrderId?: string;
  /** An ATTACHED_TPSL by the order it belongs to (connex-api.md §4.10). */
  attachedOrderId?: string;
}

export interface AlgoRef extends AlgoRefFields {
  actor: Actor;
}

/** The portfolio's open algo, or undefined (a finished one is in history). */
export function openAlgoOf(state: Readonly<State>, portfolioId: string, ref: AlgoRefFields): AlgoOrder | undefined {
  if (ref.algoOrderId === undefined && ref.clientOrderId === undefined && ref.attachedOrderId !== undefined) return attachedAlgoOf(state, portfolioId, ref.attachedOrderId);
  const algoOrderId = ref.algoOrderId ?? state.algos.clientIds.get(portfolioId)?.get(ref.clientOrderId!);
  const algo = algoOrderId === undefined ? undefined : state.algos.open.get(algoOrderId);
  return algo?.portfolioId === portfolioId ? algo : undefined;
}

/** The portfolio's open algo, else 401208 when no id is given, 401203 when it has none open by that id. */
export function algoNamed(state: Readonly<State>, portfolioId: string, ref: AlgoRefFields): AlgoOrder {
  if (ref.algoOrderId === undefined && ref.clientOrderId === undefined && ref.attachedOrderId === undefined) throw new ApiError(401208);
  const algo = openAlgoOf(state, portfolioId, ref);
  if (!algo) throw new ApiError(401203);
  return algo;
}

/** The portfolio's open algos, oldest first. */
export function openAlgosOf(state: Readonly<State>, portfolioId: string): AlgoOrder[] {
  return [...state.algos.open.values()].filter((algo) => algo.portfolioId === portfolioId);
}

/** The portfolio's open algos by its own index (at most 100, decisions M4): cheap enough for every push. */
function portfolioAlgos(state: Readonly<State>, portfolioId: string): AlgoOrder[] {
  const ids = state.algos.clientIds.get(portfolioId);
  return ids === undefined ? [] : [...ids.values()].map((algoOrderId) => state.algos.open.get(algoOrderId)!);
}

/** The open ATTACHED_TPSL algos that close a position: its sym and position side. */
export function attachedAlgosOf(state: Readonly<State>, portfolioId: string, sym: string, positionSide: PositionSide): AlgoOrder[] {
  return portfolioAlgos(state, portfolioId).filter((algo) => algo.algoOrderType === 'ATTACHED_TPSL' && algo.sym === sym && algo.positionSide === positionSide);
}

/** The open ATTACHED_TPSL algo of an order, if it has one. */
export function attachedAlgoOf(state: Readonly<State>, portfolioId: string, orderId: string): AlgoOrder | undefined {
  return portfolioAlgos(state, portfolioId).find((algo) => algo.attachedOrderId === orderId);
}
