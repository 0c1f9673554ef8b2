/**
 * The life of an algo order: opened with its legs armed in the trigger books, published on every
 * change (WS ALGO_ORDER, history), finished (legs disarmed, it leaves engine state).
 */
import { arm, directionOf, disarm, emptyTriggerBook, isEmptyBook, legOf, type AlgoOrder, type AlgoState, type LegName } from '../../domain/algo/index.ts';
import type { Price } from '../../domain/money.ts';
import type { CommandContext } from '../core/context.ts';
import type { State } from '../core/state.ts';
import { triggerKey } from './state.ts';

export const LEG_NAMES: readonly LegName[] = ['TP', 'SL', 'CONDITIONAL'];

/** decisions M4. */
export const MAX_OPEN_ALGOS = 100;

export function publishAlgo(ctx: CommandContext, algo: AlgoOrder): void {
  algo.updateAt = ctx.ts;
  ctx.emit({ type: 'algoOrderUpdated', algo: { ...algo, childOrderIds: [...algo.childOrderIds], ...(algo.schedule && { schedule: { ...algo.schedule } }) } });
}

/**
 * `current`: the price of each leg's type when it was placed (a conditional leg fires on reaching it from there).
 * An algo opened PENDING_NEW (attached to an order not filled yet) is armed when its order first fills.
 */
export function openAlgo(ctx: CommandContext, algo: AlgoOrder, current: (leg: LegName) => Price): void {
  const algos = ctx.state.algos;
  algos.open.set(algo.algoOrderId, algo);
  let byClientId = algos.clientIds.get(algo.portfolioId);
  if (!byClientId) algos.clientIds.set(algo.portfolioId, (byClientId = new Map()));
  byClientId.set(algo.clientOrderId, algo.algoOrderId);
  algos.openCount.set(algo.portfolioId, openAlgoCount(ctx.state, algo.portfolioId) + 1);
  if (algo.state === 'NEW') armLegs(ctx.state, algo, current);
  publishAlgo(ctx, algo);
}

export function armLegs(state: State, algo: AlgoOrder, current: (leg: LegName) => Price): void {
  for (const name of LEG_NAMES) {
    const leg = legOf(algo, name);
    if (!leg) continue;
    const key = triggerKey(algo.sym, leg.triggerType);
    let book = state.algos.triggers.get(key);
    if (!book) state.algos.triggers.set(key, (book = emptyTriggerBook()));
    arm(book, directionOf(name, algo.side, leg.triggerPrice, current(name)), { triggerPrice: leg.triggerPrice, algoOrderId: algo.algoOrderId, leg: name });
  }
}

/** Takes every leg of the algo out of the trigger books (OCO: the leg that did not fire is voided). */
export function disarmLegs(state: State, algo: AlgoOrder): void {
  for (const leg of [algo.tp, algo.sl, algo.conditional]) {
    if (!leg) continue;
    const key = triggerKey(algo.sym, leg.triggerType);
    const book = state.algos.triggers.get(key);
    if (!book) continue;
    disarm(book, algo.algoOrderId);
    if (isEmptyBook(book)) state.algos.triggers.delete(key);
  }
}

export function openAlgoCount(state: Readonly<State>, portfolioId: string): number {
  return state.algos.openCount.get(portfolioId) ?? 0;
}

export function finishAlgo(ctx: CommandContext, algo: AlgoOrder, state: AlgoState, reason: string): void {
  const algos = ctx.state.algos;
  disarmLegs(ctx.state, algo);
  algo.state = state;
  algo.reason = reason;
  algos.open.delete(algo.algoOrderId);
  if (algo.attachedOrderId) algos.attached.delete(algo.attachedOrderId);
  const byClientId = algos.clientIds.get(algo.portfolioId)!;
  byClientId.delete(algo.clientOrderId);
  if (byClientId.size === 0) algos.clientIds.delete(algo.portfolioId);
  const left = openAlgoCount(ctx.state, algo.portfolioId) - 1;
  if (left === 0) algos.openCount.delete(algo.portfolioId);
  else algos.openCount.set(algo.portfolioId, left);
  publishAlgo(ctx, algo);
}
