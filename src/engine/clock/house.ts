/**
 * The simulation's market makers trade from a house portfolio, funded once at genesis (the first
 * tick that moves the market) and kept out of every client view. Its funding counts as deposits:
 * every coin it holds came from here or from trading. Each tick its agents' intents run through
 * the normal order path, as orders of the house portfolio.
 */
import { ApiError } from '../../catalogue/index.ts';
import { credit } from '../../domain/accounts/index.ts';
import { MAIN_PORTFOLIO, newPortfolio, type Portfolio } from '../../domain/identity/index.ts';
import { VENUES } from '../../domain/market.ts';
import { ZERO } from '../../domain/money.ts';
import { marketMakerFunding, planAgents, type AgentPlan } from '../../venues/index.ts';
import type { CommandContext } from '../core/context.ts';
import { applyReports, isTraded, openOrdersOn, placeFor } from '../trading/index.ts';
import { onVenue } from '../venue-link/index.ts';
import type { Tick } from './tick.ts';

export function housePortfolio(ctx: CommandContext): Portfolio {
  const existing = ctx.state.trading.housePortfolios[0];
  if (existing !== undefined) return ctx.state.portfolios.get(existing)!;
  const portfolioId = ctx.newId();
  // userId deliberately not a 16-digit id: no user owns the house, and no key's userId can ever equal this one.
  const portfolio = newPortfolio({ portfolioId, userId: 'house', name: 'House market maker', belongingTo: MAIN_PORTFOLIO, ts: ctx.ts });
  ctx.state.portfolios.set(portfolioId, portfolio);
  ctx.state.trading.housePortfolios.push(portfolioId);
  for (const venue of VENUES) {
    for (const [coin, amount] of marketMakerFunding()) credit(portfolio.accounts[venue], coin, amount, ctx.ts);
  }
  return portfolio;
}

/** Tick phase: the liquidity agents of every traded book quote and take, from the house portfolio. */
export function runMarketMakers(ctx: CommandContext, tick: Tick): void {
  const house = housePortfolio(ctx);
  // The house's open orders on each book, as the agents see them (all plans are made before the first runs).
  const own = (sym: string) => openOrdersOn(ctx.state, house.portfolioId, sym);
  for (const plan of planAgents(ctx.state.sim, tick.elapsedMs, own, isTraded)) runPlan(ctx, house, plan);
}

/** Cancels first (at once: the house needs no confirmation round), then the new orders. */
function runPlan(ctx: CommandContext, house: Portfolio, plan: AgentPlan): void {
  for (const orderId of plan.cancel) {
    const order = ctx.state.trading.orders.get(orderId);
    if (!order) continue; // finished meanwhile
    applyReports(ctx, onVenue(ctx, plan.venue, (venue) => venue.cancel(plan.sym, orderId, ctx.ts)));
  }
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
        quoteOrderQty: ZERO,
        written: { qty: 0, price: 0, quote: 0 },
      });
    } catch (error) {
      // A refused intent changed nothing (e.g. the house ran short of a coin): the agent tries again next tick.
      if (!(error instanceof ApiError)) throw error;
    }
  }
}
