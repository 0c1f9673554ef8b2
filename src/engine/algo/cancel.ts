/**
 * Cancelling algo orders (connex-api.md §4.10): one that has not fired is cancelled at once; one whose
 * child is in flight waits PENDING_CANCEL while the child is cancelled, and says so in its reason.
 */
import { ApiError } from '../../catalogue/index.ts';
import type { AlgoOrder, AlgoOrderType, ConditionType } from '../../domain/algo/index.ts';
import type { BusinessType, VenueName } from '../../domain/market.ts';
import type { CommandContext } from '../core/context.ts';
import { actingPortfolio, type Actor } from '../identity/index.ts';
import { openOrderOf, tradingHandlers } from '../trading/index.ts';
import { algoNamed, openAlgosOf, type AlgoRef } from './find.ts';
import { finishAlgo, publishAlgo } from './lifecycle.ts';
import { hasSliceInFlight } from './schedule.ts';
import type { AlgoAnswer } from './place.ts';

export const CANCELLED_BY_CLIENT = 'Cancelled by the client';
export const CHILDREN_CANCELLED = 'Cancelled by the client; its child orders in flight are being cancelled';

export interface CancelAllAlgos {
  actor: Actor;
  sym?: string;
  venue?: VenueName;
  business?: BusinessType;
  algoOrderType?: AlgoOrderType;
  conditionType?: ConditionType;
}

function cancelOne(ctx: CommandContext, actor: Actor, algo: AlgoOrder): void {
  if (algo.state === 'NEW' || algo.state === 'PENDING_NEW' || (algo.schedule && !hasSliceInFlight(ctx.state, algo))) return finishAlgo(ctx, algo, 'CANCELLED', CANCELLED_BY_CLIENT);
  const portfolio = ctx.state.portfolios.get(algo.portfolioId)!;
  algo.state = 'PENDING_CANCEL';
  algo.reason = CHILDREN_CANCELLED;
  publishAlgo(ctx, algo);
  for (const orderId of algo.childOrderIds) {
    const child = openOrderOf(ctx.state, portfolio, { orderId });
    if (child && child.action !== 'CANCEL_PENDING') tradingHandlers.cancelOrder(ctx, { actor, orderId });
  }
}

/** What a cancel answers: the algo, and the order an ATTACHED_TPSL belongs to ('' for the other types). */
export interface CancelAlgoAnswer extends AlgoAnswer {
  orderId: string;
}

function cancel(ctx: CommandContext, cmd: AlgoRef): CancelAlgoAnswer {
  const portfolio = actingPortfolio(ctx.state, cmd.actor);
  const algo = algoNamed(ctx.state, portfolio.portfolioId, cmd);
  if (algo.state === 'PENDING_CANCEL') throw new ApiError(401209);
  cancelOne(ctx, cmd.actor, algo);
  return { algoOrderId: algo.algoOrderId, orderId: algo.attachedOrderId ?? '', clientOrderId: algo.clientOrderId };
}

function cancelAll(ctx: CommandContext, cmd: CancelAllAlgos): AlgoAnswer[] {
  const portfolio = actingPortfolio(ctx.state, cmd.actor);
  const chosen = openAlgosOf(ctx.state, portfolio.portfolioId).filter(
    (algo) =>
      algo.state !== 'PENDING_CANCEL' &&
      (cmd.sym === undefined || algo.sym === cmd.sym) &&
      (cmd.venue === undefined || algo.venue === cmd.venue) &&
      (cmd.business === undefined || algo.business === cmd.business) &&
      (cmd.algoOrderType === undefined || algo.algoOrderType === cmd.algoOrderType) &&
      (cmd.conditionType === undefined || algo.conditionType === cmd.conditionType),
  );
  for (const algo of chosen) cancelOne(ctx, cmd.actor, algo);
  return chosen.map((algo) => ({ algoOrderId: algo.algoOrderId, clientOrderId: algo.clientOrderId }));
}

export const cancelAlgoHandlers = { cancelAlgoOrder: cancel, cancelAllAlgoOrders: cancelAll };
