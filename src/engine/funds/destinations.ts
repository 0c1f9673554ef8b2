/**
 * POST /api/v1/deposit/exchange (connex-api.md §4.6): where a user's on-chain deposits land instead of the
 * funding account (decisions D1). A primary key names the main portfolio's venue, a portfolio key its own
 * portfolio's; with a coin and network the pair is routed apart from the default. The last setting wins.
 */
import type { VenueName } from '../../domain/market.ts';
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
    const portfolioId = cmd.actor.primary ? ctx.state.users.get(cmd.actor.userId)!.mainPortfolioId : portfolio.portfolioId;
    ctx.state.transfers.destinations.set(destinationKey(cmd.actor.userId, cmd.currency, cmd.network), { portfolioId, venue: cmd.exchange });
    return {};
  },
};

/** Where a deposit of the coin on the network lands: the pair's destination, the user's default, else undefined (the funding account). */
export function depositDestination(state: Readonly<State>, userId: string, coin: string, network: string): Destination | undefined {
  const { destinations } = state.transfers;
  return destinations.get(destinationKey(userId, coin, network)) ?? destinations.get(destinationKey(userId));
}
