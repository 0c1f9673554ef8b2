/**
 * The market simulation's clock: venue time advances only by `tick` commands (design principle 2).
 * A tick first lets the venues confirm the cancels requested since the previous tick (decisions E1:
 * until then the order shows action CANCEL_PENDING). A tick with elapsed time then moves the
 * reference prices and runs the liquidity agents' intents through the normal order path, as orders
 * of the house portfolio; a 0 ms tick only confirms cancels (and prunes finished orders).
 */
import { ApiError } from '../../catalogue/index.ts';
import type { OwnOrder } from '../../venues/sim/agents/agents.ts';
import { advanceOpenInterest } from '../../venues/sim/market/open-interest.ts';
import { advanceMarket } from '../../venues/sim/market/price-process.ts';
import { planAgents, type AgentPlan } from '../../venues/sim/state.ts';
import type { CommandContext } from '../core/context.ts';
import { housePortfolio } from './house.ts';
import { pruneFinishedOrders } from '../trading/retention.ts';
import { applyReports } from '../trading/lifecycle.ts';
import { instrumentOf, onVenue } from '../venue-link/call-venue.ts';
import { answerDelayedOrders, confirmPendingCancels, placeFor } from '../trading/orders.ts';
import type { Portfolio } from '../../domain/identity/index.ts';

export interface Tick {
  /** Venue time that passes in this tick (ms), already scaled by SIM_SPEED. */
  elapsedMs: number;
  /** Finished client orders older than this leave engine state; absent (ticks journaled before retention existed): none do. */
  orderRetentionMs?: number;
}

export interface TickResult {
  cancelsConfirmed: number;
  houseOrdersPlaced: number;
  ordersPruned: number;
}

/** The house's open orders by sym, as the agents see them. */
function houseOrdersBySym(ctx: CommandContext, house: Portfolio): Map<string, OwnOrder[]> {
  const trading = ctx.state.trading;
  const bySym = new Map<string, OwnOrder[]>();
  for (const orderId of trading.openOrders.get(house.portfolioId) ?? []) {
    const order = trading.orders.get(orderId)!;
    const own = { orderId, side: order.side, price: order.limitPrice, quantity: order.orderQty - order.executedQty };
    const list = bySym.get(order.sym);
    if (list) list.push(own);
    else bySym.set(order.sym, [own]);
  }
  return bySym;
}

/** Cancels first (at once: the house needs no confirmation round), then the new orders. */
function runPlan(ctx: CommandContext, house: Portfolio, plan: AgentPlan): number {
  for (const orderId of plan.cancel) {
    const order = ctx.state.trading.orders.get(orderId);
    if (!order) continue; // finished meanwhile
    const reports = onVenue(ctx, plan.venue, (venue) => venue.cancel(plan.sym, orderId, ctx.ts));
    applyReports(ctx, reports, (sym) => instrumentOf(ctx.state, sym));
  }
  let placed = 0;
  for (const intent of plan.place) {
    try {
      placeFor(ctx, house, {
        actor: { userId: house.userId, keyPortfolioId: house.portfolioId, primary: true },
        sym: intent.sym,
        side: intent.side,
        type: intent.type,
        timeInForce: intent.timeInForce,
        orderQty: intent.quantity,
        limitPrice: intent.price,
        quoteOrderQty: 0n,
        written: { qty: 0, price: 0, quote: 0 },
      });
      placed++;
    } catch (error) {
      // A refused intent changed nothing (e.g. the house ran short of a coin): the agent tries again next tick.
      if (!(error instanceof ApiError)) throw error;
    }
  }
  return placed;
}

export const marketHandlers = {
  tick(ctx: CommandContext, cmd: Tick): TickResult {
    const cancelsConfirmed = ctx.state.trading.pendingCancels.length;
    confirmPendingCancels(ctx);
    answerDelayedOrders(ctx);
    const ordersPruned = cmd.orderRetentionMs === undefined ? 0 : pruneFinishedOrders(ctx.state.trading, ctx.ts - cmd.orderRetentionMs);
    if (cmd.elapsedMs <= 0) return { cancelsConfirmed, houseOrdersPlaced: 0, ordersPruned };
    advanceMarket(ctx.state.sim.market, cmd.elapsedMs);
    for (const change of advanceOpenInterest(ctx.state.sim.market.openInterest, cmd.elapsedMs)) ctx.emit({ type: 'openInterestChanged', ...change });
    const house = housePortfolio(ctx);
    const own = houseOrdersBySym(ctx, house);
    const plans = planAgents(ctx.state.sim, cmd.elapsedMs, (sym) => own.get(sym) ?? []).filter((plan) => plan.sym.includes('_SPOT_'));
    let houseOrdersPlaced = 0;
    for (const plan of plans) houseOrdersPlaced += runPlan(ctx, house, plan);
    return { cancelsConfirmed, houseOrdersPlaced, ordersPruned };
  },
};
