/**
 * Armed triggers of one sym and price type, sorted by price (issue 12: a trade or mark move looks only
 * at the triggers it crossed). `up` fires at or above its price, lowest first; `down` at or below,
 * highest first; ties keep the order they were armed in, so firing is deterministic.
 */
import type { Price } from '../money.ts';
import type { LegName } from './algo-order.ts';
import type { Direction } from './trigger.ts';

export interface ArmedTrigger {
  triggerPrice: Price;
  algoOrderId: string;
  leg: LegName;
}

export interface TriggerBook {
  up: ArmedTrigger[];
  down: ArmedTrigger[];
}

export function emptyTriggerBook(): TriggerBook {
  return { up: [], down: [] };
}

/** Comes before `other` in its list: the nearer price to be reached first. */
function before(direction: Direction, a: Price, b: Price): boolean {
  return direction === 'UP' ? a < b : a > b;
}

export function arm(book: TriggerBook, direction: Direction, trigger: ArmedTrigger): void {
  const list = direction === 'UP' ? book.up : book.down;
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before(direction, trigger.triggerPrice, list[mid].triggerPrice)) hi = mid;
    else lo = mid + 1;
  }
  list.splice(lo, 0, trigger);
}

export function disarm(book: TriggerBook, algoOrderId: string): void {
  for (const list of [book.up, book.down]) {
    for (let i = list.length - 1; i >= 0; i--) if (list[i].algoOrderId === algoOrderId) list.splice(i, 1);
  }
}

/** Takes out the triggers `price` reached (up first, then down), nearest first. */
export function takeReached(book: TriggerBook, price: Price): ArmedTrigger[] {
  let up = 0;
  while (up < book.up.length && book.up[up].triggerPrice <= price) up++;
  let down = 0;
  while (down < book.down.length && book.down[down].triggerPrice >= price) down++;
  if (up === 0 && down === 0) return [];
  return [...book.up.splice(0, up), ...book.down.splice(0, down)];
}

export function isEmptyBook(book: TriggerBook): boolean {
  return book.up.length === 0 && book.down.length === 0;
}
