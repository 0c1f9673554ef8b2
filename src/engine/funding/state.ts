/** The funding capability's part of engine state: which boundary each perp was last settled at. */

export interface FundingState {
  /** PERP sym → venue time (ms) of the last funding boundary settled for it. */
  settledThrough: Map<string, number>;
  /** The earliest boundary not yet settled over all perps (0 until the first tick starts the schedule). */
  nextDue: number;
}

export function emptyFundingState(): FundingState {
  return { settledThrough: new Map(), nextDue: 0 };
}
