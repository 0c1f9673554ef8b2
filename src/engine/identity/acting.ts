/** Who acts on which portfolio (decisions D3): asked by every command and read that takes an actor. */
import { ApiError } from '../../catalogue/index.ts';
import type { Portfolio } from '../../domain/identity/index.ts';
import type { State } from '../core/state.ts';

/** Who acts: the key's user and portfolio; a primary key may name another portfolio. */
export interface Actor {
  userId: string;
  keyPortfolioId: string;
  primary: boolean;
  portfolioId?: string;
  /** The calling key: fault injection may target it (absent for the house's orders). */
  apiKey?: string;
}

/** The portfolio an actor may act on, else 401010 (401022 when its user has been disabled). */
export function actingPortfolio(state: Readonly<State>, actor: Actor): Portfolio {
  // The gateway authenticated the caller; the user may have been disabled since (401022).
  if (state.users.get(actor.userId)?.status !== 'NORMAL') throw new ApiError(401022);
  const portfolioId = actor.portfolioId ?? actor.keyPortfolioId;
  if (!actor.primary && portfolioId !== actor.keyPortfolioId) throw new ApiError(401010);
  const portfolio = state.portfolios.get(portfolioId);
  // The market makers' house portfolio is nobody's to act on.
  if (!portfolio || portfolio.userId !== actor.userId || state.trading.housePortfolios.includes(portfolioId)) throw new ApiError(401010);
  return portfolio;
}
