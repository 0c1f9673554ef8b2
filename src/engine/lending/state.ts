/** The lending capability's part of engine state: margin leverage per coin, the interest schedule and what it collected. */
import type { Amount } from '../../domain/money.ts';

export interface LendingState {
  /** `portfolioId:venue:coin` → margin leverage (absent: the highest its loan tiers allow). */
  marginLeverage: Map<string, number>;
  /** Venue time (ms) of the last full hour whose interest was charged (0 until the first tick starts the schedule). */
  interestThrough: number;
  /** `venue:coin` → interest the venue collected (conservation counts it, as it counts fees). */
  interestCollected: Map<string, Amount>;
}

export function emptyLendingState(): LendingState {
  return { marginLeverage: new Map(), interestThrough: 0, interestCollected: new Map() };
}

export function marginLeverageKey(portfolioId: string, venue: string, coin: string): string {
  return `${portfolioId}:${venue}:${coin}`;
}
