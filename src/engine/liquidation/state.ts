/** The liquidation capability's part of engine state: each venue's insurance fund (decisions L8). */
import type { VenueName } from '../../domain/market.ts';
import type { Amount } from '../../domain/money.ts';

export interface LiquidationState {
  /** `${venue}:${coin}` → the venue's insurance fund in that coin (absent: 0). */
  insuranceFunds: Map<string, Amount>;
  /** Whether the funds were given their starting amounts (journaled once, at a data directory's first start). */
  fundsStarted: boolean;
}

export function emptyLiquidationState(): LiquidationState {
  return { insuranceFunds: new Map(), fundsStarted: false };
}

export function fundKey(venue: VenueName, coin: string): string {
  return `${venue}:${coin}`;
}
