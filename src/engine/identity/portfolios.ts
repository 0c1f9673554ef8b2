import { ApiError } from '../../catalogue/index.ts';
import type { CommandContext } from '../core/context.ts';
import { MAX_TRADING_PORTFOLIOS, TRADING_PORTFOLIO, assertPortfolioName, newPortfolio, type Portfolio } from '../../domain/identity/index.ts';

export interface CreatePortfolio {
  userId: string;
  name: string;
}

export const portfolioHandlers = {
  createPortfolio(ctx: CommandContext, cmd: CreatePortfolio): { portfolio: Portfolio } {
    assertPortfolioName(cmd.name);
    const owned = [...ctx.state.portfolios.values()].filter((p) => p.userId === cmd.userId);
    if (owned.some((p) => p.name === cmd.name)) throw new ApiError(402001);
    if (owned.filter((p) => p.belongingTo === TRADING_PORTFOLIO).length >= MAX_TRADING_PORTFOLIOS) throw new ApiError(402007);
    const portfolio = newPortfolio({ portfolioId: ctx.newId(), userId: cmd.userId, name: cmd.name, belongingTo: TRADING_PORTFOLIO, ts: ctx.ts });
    ctx.state.portfolios.set(portfolio.portfolioId, portfolio);
    ctx.emit({ type: 'portfolioCreated', portfolioId: portfolio.portfolioId, userId: cmd.userId, name: cmd.name, belongingTo: TRADING_PORTFOLIO });
    return { portfolio };
  },
};
