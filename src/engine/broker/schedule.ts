/**
 * Which mark-up a sub-portfolio pays when (decisions J1): of its own changes and its user's changes for all
 * sub-portfolios, the one that took effect last (the one set last, on a tie). Changes take effect at their
 * effAt in venue time, looked up at each fill, so a replay charges exactly what the run did.
 */
import { feeInstTypeOf, markedUp, type FeeInstType } from '../../domain/broker/index.ts';
import { TRADING_PORTFOLIO, type Portfolio } from '../../domain/identity/index.ts';
import type { Instrument } from '../../domain/instrument.ts';
import type { VenueName } from '../../domain/market.ts';
import type { State } from '../core/state.ts';
import { ALL_SUBS, type MarkupChange } from './state.ts';

/** Whether the user has ever set a mark-up: broker users read their fees through the broker endpoints (406010–406012). */
export function isBroker(state: Readonly<State>, userId: string): boolean {
  return state.broker.markups.has(userId);
}

/** The change in force for the portfolio at `at` (Infinity: the last one scheduled); none for a main portfolio. */
export function markupAt(state: Readonly<State>, portfolio: Portfolio, venue: VenueName, instType: FeeInstType, at: number): MarkupChange | undefined {
  if (portfolio.belongingTo !== TRADING_PORTFOLIO) return undefined;
  const changes = state.broker.markups.get(portfolio.userId);
  if (changes === undefined) return undefined;
  const targets = (change: MarkupChange) => (change.target === portfolio.portfolioId || change.target === ALL_SUBS) && change.venue === venue && change.instType === instType;
  return latestOf(changes, targets, at);
}

/** Of the changes that match, the one in force at `at`: the latest effAt up to it, the one set last on a tie. */
export function latestOf(changes: readonly MarkupChange[], matches: (change: MarkupChange) => boolean, at: number): MarkupChange | undefined {
  let found: MarkupChange | undefined;
  for (const change of changes) if (matches(change) && change.effAt <= at && (found === undefined || change.effAt >= found.effAt)) found = change;
  return found;
}

/** Whether the user's mark-ups may differ at `now` from those in force at `since`: a change set (in the same ms too) or taking effect since. */
export function markupsChangedSince(state: Readonly<State>, userId: string, since: number, now: number): boolean {
  return (state.broker.markups.get(userId) ?? []).some((change) => change.setAt >= since || (change.effAt > since && change.effAt <= now));
}

/** The instrument with the fee rates the portfolio pays on it at `at`: the venue's, marked up for a broker's sub-portfolio. */
export function pricedFor(state: Readonly<State>, portfolioId: string, instrument: Instrument, at: number): Instrument {
  if (state.broker.markups.size === 0) return instrument; // no broker at all: the house's many orders pay nothing for this
  const portfolio = state.portfolios.get(portfolioId);
  const change = portfolio && markupAt(state, portfolio, instrument.venue, feeInstTypeOf(instrument.business), at);
  if (!change) return instrument;
  return { ...instrument, makerFeeRate: markedUp(instrument.makerFeeRate, change.maker), takerFeeRate: markedUp(instrument.takerFeeRate, change.taker) };
}
