/** The lending capability's part of engine state: the margin leverage each portfolio set per coin. */

export interface LendingState {
  /** `portfolioId:venue:coin` → margin leverage (absent: the highest its loan tiers allow). */
  marginLeverage: Map<string, number>;
}

export function emptyLendingState(): LendingState {
  return { marginLeverage: new Map() };
}

export function marginLeverageKey(portfolioId: string, venue: string, coin: string): string {
  return `${portfolioId}:${venue}:${coin}`;
}
