/**
 * When a leg fires (decisions M1): a take-profit is reached moving in the position's favour, a stop-loss
 * against it; for a closing SELL (a long) TP fires at or above its price and SL at or below, for a
 * closing BUY the other way round. A conditional leg fires when the price reaches it from where it was placed.
 */
import { abs, sub, type Price } from '../money.ts';
import type { Side } from '../market.ts';
import type { LegName } from './algo-order.ts';

export type Direction = 'UP' | 'DOWN';

/** ±15 % of the mark: the furthest a trigger may be placed (401215 / 401218 / 401236). */
const BAND_PERCENT = 15n;

export function directionOf(leg: LegName, side: Side, triggerPrice: Price, current: Price): Direction {
  if (leg === 'CONDITIONAL') return triggerPrice > current ? 'UP' : 'DOWN';
  const profitUp = side === 'SELL';
  return (leg === 'TP') === profitUp ? 'UP' : 'DOWN';
}

export function reached(direction: Direction, triggerPrice: Price, price: Price): boolean {
  return direction === 'UP' ? price >= triggerPrice : price <= triggerPrice;
}

export function withinMarkBand(triggerPrice: Price, mark: Price): boolean {
  return abs(sub(triggerPrice, mark)) * 100n <= mark * BAND_PERCENT;
}

