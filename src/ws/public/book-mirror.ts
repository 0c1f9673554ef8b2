/**
 * The ORDER_BOOK publisher's copy of one venue book, as of the last durable event: the snapshot a
 * new subscriber gets, with the sequence number of the last update folded into it. The sequence is
 * per sym and owned here, not per connection, so every subscriber sees the same gapless `seq`.
 */
import type { Price, Size } from '../../domain/money.ts';

export type Level = [price: Price, quantity: Size];

export interface BookUpdate {
  seq: number;
  bids: Level[];
  asks: Level[];
}

export interface Top {
  bid?: Level;
  ask?: Level;
}

export class BookMirror {
  private seqNo = 0;
  private readonly bids = new Map<Price, Size>();
  private readonly asks = new Map<Price, Size>();

  constructor(bids: Iterable<Level>, asks: Iterable<Level>) {
    for (const [price, quantity] of bids) this.bids.set(price, quantity);
    for (const [price, quantity] of asks) this.asks.set(price, quantity);
  }

  get seq(): number {
    return this.seqNo;
  }

  /** Folds one command's level changes in (quantity 0 removes the level) and numbers the update. */
  apply(bids: readonly Level[], asks: readonly Level[]): BookUpdate {
    setLevels(this.bids, bids);
    setLevels(this.asks, asks);
    return { seq: ++this.seqNo, bids: [...bids], asks: [...asks] };
  }

  /** Whole book, best first. */
  snapshot(): BookUpdate {
    return { seq: this.seqNo, bids: sorted(this.bids, 'desc'), asks: sorted(this.asks, 'asc') };
  }

  top(): Top {
    return { bid: best(this.bids, (a, b) => a > b), ask: best(this.asks, (a, b) => a < b) };
  }
}

function setLevels(side: Map<Price, Size>, levels: readonly Level[]): void {
  for (const [price, quantity] of levels) {
    if (quantity === 0n) side.delete(price);
    else side.set(price, quantity);
  }
}

function sorted(side: Map<Price, Size>, order: 'asc' | 'desc'): Level[] {
  const levels = [...side.entries()];
  return levels.sort(([a], [b]) => (a === b ? 0 : (a < b) === (order === 'asc') ? -1 : 1));
}

function best(side: Map<Price, Size>, better: (a: Price, b: Price) => boolean): Level | undefined {
  let found: Level | undefined;
  for (const [price, quantity] of side) if (!found || better(price, found[0])) found = [price, quantity];
  return found;
}
