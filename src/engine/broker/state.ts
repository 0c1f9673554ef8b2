/** The broker capability's part of engine state: the fee mark-ups brokers set on their sub-portfolios. */
import type { FeeInstType, Markup } from '../../domain/broker/index.ts';
import type { VenueName } from '../../domain/market.ts';

/** The target of a change made for every sub-portfolio of the user, those created later included. */
export const ALL_SUBS = '*';

/** One mark-up change: from `effAt` (venue time) on, the target's fills on the venue and instType pay it. */
export interface MarkupChange {
  /** A sub-portfolio, or ALL_SUBS. */
  target: string;
  venue: VenueName;
  instType: FeeInstType;
  /** null: no mark-up on that side. */
  taker: Markup | null;
  maker: Markup | null;
  effAt: number;
  setAt: number;
}

export interface BrokerState {
  /** userId → the mark-up changes the user set that still matter, in the order set. A user with any is a broker. */
  markups: Map<string, MarkupChange[]>;
}

export function emptyBrokerState(): BrokerState {
  return { markups: new Map() };
}
