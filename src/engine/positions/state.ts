/** The positions capability's part of engine state: open positions, leverage and position mode settings, margin held by open orders. */
import type { VenueName } from '../../domain/market.ts';
import type { Amount } from '../../domain/money.ts';
import type { AccountStatus, Position, PositionMode } from '../../domain/perp/index.ts';
import type { PositionSide } from '../../domain/orders/index.ts';

export interface PositionsState {
  /** positionKey → an open position (qty ≠ 0); a closed one leaves (history keeps it). */
  open: Map<string, Position>;
  /** portfolioId → positionKeys of its open positions, in the order they opened. */
  byPortfolio: Map<string, string[]>;
  /** `${portfolioId}|${sym}` → the leverage the client set (L4); absent = never set. */
  leverage: Map<string, number>;
  /** `${portfolioId}|${venue}` → position mode; absent = NET (decisions D4). */
  modes: Map<string, PositionMode>;
  /** `${portfolioId}|${venue}` → initial margin held by the open PERP orders of that account. */
  orderMargin: Map<string, Amount>;
  /** `${portfolioId}|${venue}` → the status the last market tick found the client account in, when not NORMAL (absent = NORMAL). */
  statuses: Map<string, AccountStatus>;
}

export function emptyPositionsState(): PositionsState {
  return { open: new Map(), byPortfolio: new Map(), leverage: new Map(), modes: new Map(), orderMargin: new Map(), statuses: new Map() };
}

export function positionKey(portfolioId: string, sym: string, side: PositionSide): string {
  return `${portfolioId}|${sym}|${side}`;
}

export function leverageKey(portfolioId: string, sym: string): string {
  return `${portfolioId}|${sym}`;
}

export function accountKey(portfolioId: string, venue: VenueName): string {
  return `${portfolioId}|${venue}`;
}
