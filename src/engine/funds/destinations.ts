/**
 * POST /api/v1/deposit/exchange (connex-api.md §4.6): where deposits to a portfolio's addresses land instead of
 * the funding account (decisions D1). A primary key sets the main portfolio's, a portfolio key its own
 * portfolio's; with a coin and network the pair is routed apart from the default. A trading portfolio without
 * a setting of its own follows the main portfolio's venue (connex-api.md: "new sub-portfolios inherit it"), but
 * its deposits still land in it: no key's setting moves another portfolio's deposits.
 */
import type { VenueName } from '../../domain/market.ts';
import type { Portfolio } from '../../domain/identity/index.ts';
import type { CommandContext } from '../core/context.ts';
import type { State } from '../core/state.ts';
import { actingPortfolio, type Actor } from '../identity/index.ts';
import { checkedNetwork, destinationKey, type Destination } from '../transfers/index.ts';

export interface SetDepositExchange {
  actor: Actor;
  exchange: VenueName;
  /** Both or neither (the route checks it). */
  currency?: string;
  network?: string;
}

export const destinationHandlers = {
  setDepositExchange(ctx: CommandContext, cmd: SetDepositExchange): Record<string, never> {
    const portfolio = actingPortfolio(ctx.state, { ...cmd.actor, portfolioId: undefined });
    if (cmd.currency !== undefined) checkedNetwork(cmd.currency, cmd.network ?? '');
    const portfolioId = cmd.actor.primary ? mainPortfolioOf(ctx.state, portfolio) : portfolio.portfolioId;
    ctx.state.transfers.destinations.set(destinationKey(portfolioId, cmd.currency, cmd.network), cmd.exchange);
    return {};
  },
};

/** Where a deposit of the coin on the network to the portfolio's address lands: its account on the venue chosen, else undefined (the funding account). */
export function depositDestination(state: Readonly<State>, portfolio: Portfolio, coin: string, network: string): Destination | undefined {
  const venue = chosenVenue(state, portfolio.portfolioId, coin, network) ?? chosenVenue(state, mainPortfolioOf(state, portfolio), coin, network);
  return venue && { portfolioId: portfolio.portfolioId, venue };
}

/** The pair's setting of the portfolio, else its default. */
function chosenVenue(state: Readonly<State>, portfolioId: string, coin: string, network: string): VenueName | undefined {
  const { destinations } = state.transfers;
  return destinations.get(destinationKey(portfolioId, coin, network)) ?? destinations.get(destinationKey(portfolioId));
}

function mainPortfolioOf(state: Readonly<State>, portfolio: Portfolio): string {
  return state.users.get(portfolio.userId)!.mainPortfolioId;
}
