/**
 * The margin leverage of a coin, per portfolio and venue (connex-api.md §4.8; research-perps.md §3): it
 * sets how much of the coin may be owed (the tier cap) and the borrowing power, (leverage − 1) × equity.
 * A change must leave what is already owed within both.
 */
import { ApiError } from '../../catalogue/index.ts';
import { loanTerms, maxMarginLeverage, tierCap } from '../../domain/lending/index.ts';
import type { VenueName } from '../../domain/market.ts';
import { ZERO } from '../../domain/money.ts';
import type { CommandContext } from '../core/context.ts';
import { actingPortfolio, type Actor } from '../identity/index.ts';
import { assertNotLiquidating } from '../positions/index.ts';
import { debtValue, borrowingPower } from './borrowing.ts';
import { marginLeverageKey } from './state.ts';

export interface SetMarginLeverage {
  actor: Actor;
  venue: VenueName;
  coin: string;
  /** 1 … the highest maxLeverage of the coin's loan tiers (the wire checks it is a positive integer: 401033). */
  leverage: number;
}

function setMarginLeverage(ctx: CommandContext, cmd: SetMarginLeverage): Record<string, never> {
  const portfolio = actingPortfolio(ctx.state, cmd.actor);
  const terms = loanTerms(cmd.venue, cmd.coin);
  if (cmd.leverage > maxMarginLeverage(terms)) throw new ApiError(401034);
  assertNotLiquidating(ctx, portfolio, cmd.venue);
  const owed = portfolio.accounts[cmd.venue].balances.get(cmd.coin)?.borrowed ?? ZERO;
  if (owed > tierCap(terms, cmd.leverage)) throw new ApiError(401086);
  const where = { portfolioId: portfolio.portfolioId, venue: cmd.venue };
  if (owed > 0n && debtValue(ctx.state, ctx.venues.market, where) > borrowingPower(ctx.state, ctx.venues.market, where, cmd.leverage)) throw new ApiError(401036);
  ctx.state.lending.marginLeverage.set(marginLeverageKey(portfolio.portfolioId, cmd.venue, cmd.coin), cmd.leverage);
  return {};
}

export const leverageHandlers = { setMarginLeverage };
