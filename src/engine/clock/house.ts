/**
 * The simulation's market makers trade from a house portfolio, funded once at genesis (the first
 * tick that moves the market) and kept out of every client view. Its funding counts as deposits:
 * every coin it holds came from here or from trading.
 */
import { credit } from '../../domain/accounts/index.ts';
import { div, fromInt, parseFixed, roundTo, type Fixed } from '../../domain/money.ts';
import { ASSETS } from '../../venues/sim/market/assets.ts';
import type { CommandContext } from '../core/context.ts';
import { VENUES } from '../../domain/market.ts';
import { MAIN_PORTFOLIO, newPortfolio, type Portfolio } from '../../domain/identity/index.ts';
import { STABLE_COINS } from '../../domain/coins.ts';

/** USD value of each coin the house starts with, per venue. */
const HOUSE_VALUE_PER_COIN = fromInt(1_000_000_000);

/** Coin → amount credited to the house on each venue at genesis. */
export function houseFunding(): Map<string, Fixed> {
  const funding = new Map<string, Fixed>(STABLE_COINS.map((coin) => [coin, HOUSE_VALUE_PER_COIN]));
  for (const asset of ASSETS) funding.set(asset.base, roundTo(div(HOUSE_VALUE_PER_COIN, parseFixed(asset.startPrice)!), 8, 'down'));
  return funding;
}

export function housePortfolio(ctx: CommandContext): Portfolio {
  const existing = ctx.state.trading.housePortfolios[0];
  if (existing !== undefined) return ctx.state.portfolios.get(existing)!;
  const portfolioId = ctx.newId();
  // userId deliberately not a 16-digit id: no user owns the house, and no key's userId can ever equal this one.
  const portfolio = newPortfolio({ portfolioId, userId: 'house', name: 'House market maker', belongingTo: MAIN_PORTFOLIO, ts: ctx.ts });
  ctx.state.portfolios.set(portfolioId, portfolio);
  ctx.state.trading.housePortfolios.push(portfolioId);
  for (const venue of VENUES) {
    for (const [coin, amount] of houseFunding()) credit(portfolio.accounts[venue], coin, amount, ctx.ts);
  }
  return portfolio;
}
