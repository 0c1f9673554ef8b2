/**
 * One price-time-priority order book. Its serializable state is just the resting orders with their
 * priority `seq` (`BookState`, kept in engine state); the price ladders that make it fast are a
 * derived index, cached per state object and rebuilt from the orders (same priorities) whenever the
 * state object is new to it, e.g. after a snapshot is loaded.
 *
 * Sizes are the instrument's (base coin, or contracts on OKX PERP). Inside, level totals and the
 * matching loop's running sums are plain bigint operators (money.ts functions there cost a third of
 * the matching rate); they become `Size` where they leave the book.
 */
import { div, mul, roundToStep, type Amount, type Price, type Qty, type Size } from '../../../domain/money.ts';
import type { LevelQuantity } from '../../venue.ts';
import type { Side } from '../../../domain/market.ts';

export interface RestingOrder {
  orderId: string;
  side: Side;
  price: Price;
  /** Open quantity still on the book, in the instrument's unit. */
  quantity: Size;
  postOnly: boolean;
  /** Time priority within the price level: lower is earlier. */
  seq: number;
}

export interface BookState {
  sym: string;
  nextSeq: number;
  orders: Map<string, RestingOrder>;
}

/** Told each time a level's total changes; total 0 means the level is gone. */
export type LevelObserver = (side: Side, price: Price, total: Size) => void;

/** A cap on a taker's spending: at most `budget` quote coin, in whole lots (spot only: sizes are base coin). */
export interface QuoteBudget {
  budget: Amount;
  lotSize: Qty;
}

export function newBookState(sym: string): BookState {
  return { sym, nextSeq: 1, orders: new Map() };
}

interface Level {
  price: Price;
  /** Sum of the open quantities queued here (a Size). */
  total: bigint;
  live: number;
  /** FIFO; entries before `head`, and entries whose quantity is 0 (removed), are dead. */
  queue: RestingOrder[];
  head: number;
}

/** One side's price levels, worst first and best last, so the best level is popped in O(1). */
class Ladder {
  readonly levels: Level[] = [];
  readonly byPrice = new Map<Price, Level>();

  constructor(private readonly isBid: boolean) {}

  best(): Level | undefined {
    return this.levels[this.levels.length - 1];
  }

  /** True when `price` is at or better than `than` for this side. */
  atOrBetter(price: Price, than: Price): boolean {
    return this.isBid ? price >= than : price <= than;
  }

  levelFor(price: Price): Level {
    let level = this.byPrice.get(price);
    if (level) return level;
    level = { price, total: 0n, live: 0, queue: [], head: 0 };
    this.byPrice.set(price, level);
    const best = this.best();
    if (!best || this.atOrBetter(price, best.price)) this.levels.push(level);
    else this.levels.splice(this.insertionIndex(price), 0, level);
    return level;
  }

  drop(level: Level): void {
    this.byPrice.delete(level.price);
    if (this.best() === level) this.levels.pop();
    else this.levels.splice(this.insertionIndex(level.price) - 1, 1);
  }

  /** Index of the first level better than `price` (levels are sorted worst → best). */
  private insertionIndex(price: Price): number {
    let low = 0;
    let high = this.levels.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.atOrBetter(price, this.levels[mid].price)) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}

interface Index {
  bids: Ladder;
  asks: Ladder;
}

const indexes = new WeakMap<BookState, Index>();

function indexOf(state: BookState): Index {
  let index = indexes.get(state);
  if (index) return index;
  index = { bids: new Ladder(true), asks: new Ladder(false) };
  const bySeq = [...state.orders.values()].sort((a, b) => a.seq - b.seq);
  for (const order of bySeq) enqueue(index, order);
  indexes.set(state, index);
  return index;
}

function enqueue(index: Index, order: RestingOrder): Level {
  const level = (order.side === 'BUY' ? index.bids : index.asks).levelFor(order.price);
  level.queue.push(order);
  level.live += 1;
  level.total += order.quantity;
  return level;
}

/** Drops a level once nothing lives there; otherwise sheds the dead front of its queue now and then. */
function tidy(ladder: Ladder, level: Level): void {
  if (level.live === 0) ladder.drop(level);
  else if (level.head > 32 && level.head * 2 > level.queue.length) {
    level.queue = level.queue.slice(level.head);
    level.head = 0;
  }
}

function bestOf(ladder: Ladder): LevelQuantity | undefined {
  const level = ladder.best();
  return level ? [level.price, level.total as Size] : undefined;
}

function levelsOf(ladder: Ladder, depth: number): LevelQuantity[] {
  const levels = ladder.levels;
  const out: LevelQuantity[] = [];
  for (let i = levels.length - 1; i >= 0 && out.length < depth; i--) out.push([levels[i].price, levels[i].total as Size]);
  return out;
}

/** A read of the market: the best level of one side of a book's state, without opening a Book on it. */
export function bestLevelOf(state: BookState, side: Side): LevelQuantity | undefined {
  return bestOf(ladderOf(state, side));
}

/** A read of the market: up to `depth` levels of one side of a book's state, best first, without opening a Book on it. */
export function levelsOfSide(state: BookState, side: Side, depth: number): LevelQuantity[] {
  return levelsOf(ladderOf(state, side), depth);
}

function ladderOf(state: BookState, side: Side): Ladder {
  const index = indexOf(state);
  return side === 'BUY' ? index.bids : index.asks;
}

const NO_OBSERVER: LevelObserver = () => {};

export class Book {
  private readonly index: Index;

  constructor(
    readonly state: BookState,
    private readonly observe: LevelObserver = NO_OBSERVER,
  ) {
    this.index = indexOf(state);
  }

  get(orderId: string): RestingOrder | undefined {
    return this.state.orders.get(orderId);
  }

  best(side: Side): LevelQuantity | undefined {
    return bestOf(this.ladder(side));
  }

  /** Up to `depth` levels of one side, best first. */
  levels(side: Side, depth: number): LevelQuantity[] {
    return levelsOf(this.ladder(side), depth);
  }

  /** Would an order of `side` at `price` trade against the other side? */
  crosses(side: Side, price: Price): boolean {
    const best = this.opposite(side).best();
    return best !== undefined && this.ladder(side).atOrBetter(price, best.price);
  }

  /** How much of `quantity` a taker of `side` could fill now, up to `limit` (any price when undefined). */
  fillable(side: Side, limit: Price | undefined, quantity: Size, cap?: QuoteBudget): Size {
    const ladder = this.ladder(side);
    const levels = this.opposite(side).levels;
    let filled = 0n;
    let budget: bigint = cap?.budget ?? 0n;
    for (let i = levels.length - 1; i >= 0 && filled < quantity; i--) {
      const level = levels[i];
      if (limit !== undefined && !ladder.atOrBetter(limit, level.price)) break;
      let take = quantity - filled < level.total ? quantity - filled : level.total;
      if (cap) {
        take = capByBudget(take, level.price, budget, cap.lotSize);
        budget -= cost(level.price, take);
      }
      filled += take;
      if (take < level.total) break;
    }
    return filled as Size;
  }

  /** Puts an order at the back of its price level. */
  add(orderId: string, side: Side, price: Price, quantity: Size, postOnly: boolean): RestingOrder {
    const order: RestingOrder = { orderId, side, price, quantity, postOnly, seq: this.state.nextSeq++ };
    this.state.orders.set(orderId, order);
    const level = enqueue(this.index, order);
    this.observe(side, price, level.total as Size);
    return order;
  }

  /** False when the order is not on the book. */
  remove(orderId: string): boolean {
    const order = this.state.orders.get(orderId);
    if (!order) return false;
    this.state.orders.delete(orderId);
    const ladder = this.ladder(order.side);
    const level = ladder.byPrice.get(order.price)!;
    level.total -= order.quantity;
    this.observe(order.side, order.price, level.total as Size);
    order.quantity = 0n as Size;
    level.live -= 1;
    tidy(ladder, level);
    return true;
  }

  /** Lowers an order's open quantity in place (keeps its time priority). */
  reduce(orderId: string, quantity: Size): void {
    const order = this.state.orders.get(orderId)!;
    const level = this.ladder(order.side).byPrice.get(order.price)!;
    level.total -= order.quantity - quantity;
    order.quantity = quantity;
    this.observe(order.side, order.price, level.total as Size);
  }

  /**
   * Fills a taker of `side` against the other side in price-then-time priority, up to `limit` and
   * `quantity` (and `cap`). Calls `onFill` per maker fill; returns the quantity left unfilled.
   */
  match(
    side: Side,
    limit: Price | undefined,
    quantity: Size,
    onFill: (maker: RestingOrder, price: Price, quantity: Size) => void,
    cap?: QuoteBudget,
  ): Size {
    const ladder = this.ladder(side);
    const makers = this.opposite(side);
    const makerSide: Side = side === 'BUY' ? 'SELL' : 'BUY';
    let remaining: bigint = quantity;
    let budget: bigint = cap?.budget ?? 0n;
    let affordable = true;
    while (remaining > 0n && affordable) {
      const level = makers.best();
      if (!level || (limit !== undefined && !ladder.atOrBetter(limit, level.price))) break;
      while (remaining > 0n && level.live > 0) {
        const maker = level.queue[level.head];
        if (maker.quantity === 0n) {
          level.head += 1;
          continue;
        }
        let take: bigint = remaining < maker.quantity ? remaining : maker.quantity;
        if (cap) {
          take = capByBudget(take, level.price, budget, cap.lotSize);
          affordable = take > 0n;
          if (!affordable) break;
          budget -= cost(level.price, take);
        }
        remaining -= take;
        level.total -= take;
        maker.quantity = (maker.quantity - take) as Size;
        onFill(maker, level.price, take as Size);
        if (maker.quantity === 0n) {
          this.state.orders.delete(maker.orderId);
          level.head += 1;
          level.live -= 1;
        }
      }
      this.observe(makerSide, level.price, level.total as Size);
      tidy(makers, level);
    }
    return remaining as Size;
  }

  private ladder(side: Side): Ladder {
    return side === 'BUY' ? this.index.bids : this.index.asks;
  }

  private opposite(side: Side): Ladder {
    return side === 'BUY' ? this.index.asks : this.index.bids;
  }
}

/** The most of `quantity` at `price` that `budget` (quote coin) pays for, in whole lots of base coin. */
function capByBudget(quantity: bigint, price: Price, budget: bigint, lotSize: Qty): bigint {
  if (budget <= 0n) return 0n;
  const affordable = roundToStep(div(budget as Amount, price, 'down'), lotSize, 'down');
  return affordable < quantity ? affordable : quantity;
}

/** Quote coin `quantity` (base coin) costs at `price`, rounded up. */
function cost(price: Price, quantity: bigint): bigint {
  return mul(price, quantity as Qty, 'up');
}
