/**
 * A simulated venue (decisions F1): one book per sym, LIMIT and MARKET with GTC / IOC / FOK / GTX.
 * It knows orders, not accounts: client and agent orders alike are engine orders with an orderId.
 * Its state (`SimVenueState`) is plain data in engine state; a SimVenue wraps it for one command
 * and collects the market data its operations caused (`takeMarketData`).
 */
import { opposite, type Side, type VenueName } from '../../domain/market.ts';
import { isMultipleOf, type Price, type Size } from '../../domain/money.ts';
import { baseQty, type Instrument } from '../../domain/instrument.ts';
import type { Depth, MarketUpdates, TapeTrade, TopOfBook, Venue, VenueOrder, VenueReport } from '../venue.ts';
import { Book, newBookState, type BookState, type RestingOrder } from './matching/index.ts';
import { findInstrument } from './instruments/index.ts';
import { recordVolume, type HourlyVolume } from './trailing-volume.ts';

export interface SimVenueState {
  name: VenueName;
  lastTradeId: number;
  /** Created on a sym's first order; a sym without one has an empty book. */
  books: Map<string, BookState>;
  /** Per sym, what traded in each hour of the trailing day. */
  volume: Map<string, HourlyVolume>;
}

export function newSimVenueState(name: VenueName): SimVenueState {
  return { name, lastTradeId: 0, books: new Map(), volume: new Map() };
}

/** The levels an operation changed on one book, each side's made on its first change (most operations change one side). */
type Changed = { bids?: Map<Price, Size>; asks?: Map<Price, Size> };

/** What venues with nothing new to tell answer (read, never changed). */
export const NO_MARKET_DATA: MarketUpdates = Object.freeze({ trades: Object.freeze([]) as never, books: Object.freeze([]) as never });

export class SimVenue implements Venue {
  readonly name: VenueName;
  private trades: TapeTrade[] = [];
  /** Made on the first change after a take: most commands take from a venue more often than it changes. */
  private changed: Map<string, Changed> | undefined = undefined;
  private readonly open = new Map<string, Book>();

  constructor(private readonly state: SimVenueState) {
    this.name = state.name;
  }

  private instrument(sym: string): Instrument | undefined {
    const instrument = findInstrument(sym);
    return instrument?.venue === this.name ? instrument : undefined;
  }

  submit(order: VenueOrder, ts: number): VenueReport[] {
    const instrument = this.instrument(order.sym);
    if (!instrument || !isWellFormed(order, instrument)) return [rejected(order, 'EXCHANGE_ERROR')];
    const book = this.book(order.sym, true)!;
    if (book.get(order.orderId)) return [rejected(order, 'EXCHANGE_ERROR')];
    const limit = order.type === 'LIMIT' ? order.price : undefined;
    if (order.timeInForce === 'GTX' && book.crosses(order.side, limit!)) return [rejected(order, 'POST_ONLY_WOULD_CROSS')];
    const cap = order.quoteQuantity !== undefined && order.side === 'BUY' ? { budget: order.quoteQuantity, lotSize: baseQty(instrument, instrument.lotSize) } : undefined;
    if (order.type === 'MARKET' && (cap ? book.fillable(order.side, undefined, order.quantity, cap) === 0n : !book.best(opposite(order.side)))) {
      return [rejected(order, 'NO_LIQUIDITY')];
    }
    const reports: VenueReport[] = [{ kind: 'accepted', orderId: order.orderId }];
    if (order.timeInForce === 'FOK' && book.fillable(order.side, limit, order.quantity, cap) < order.quantity) {
      reports.push({ kind: 'cancelled', orderId: order.orderId, cause: 'FOK_UNFILLED' });
      return reports;
    }
    const remaining = book.match(order.side, limit, order.quantity, this.recordFill(order, reports, ts), cap);
    if (remaining === 0n) return reports;
    if (order.type === 'LIMIT' && (order.timeInForce === 'GTC' || order.timeInForce === 'GTX')) {
      book.add(order.orderId, order.side, limit!, remaining, order.timeInForce === 'GTX');
    } else if (!(cap && book.best(opposite(order.side)))) {
      // a quote-capped market order that spent its budget is complete, not cut short
      reports.push({ kind: 'cancelled', orderId: order.orderId, cause: 'IOC_REMAINDER' });
    }
    return reports;
  }

  cancel(sym: string, orderId: string, _ts: number): VenueReport[] {
    const removed = this.book(sym, false)?.remove(orderId);
    return removed ? [{ kind: 'cancelled', orderId, cause: 'USER' }] : [];
  }

  /**
   * `quantity` is the new open quantity. Lowering only the quantity keeps time priority; any other
   * change re-queues the order at the back of its (new) level, and a crossing price trades at once.
   */
  amend(sym: string, orderId: string, price: Price, quantity: Size, ts: number): VenueReport[] {
    const book = this.book(sym, false);
    const resting = book?.get(orderId);
    if (!book || !resting) return [{ kind: 'amendRejected', orderId, reason: 'NOT_ON_BOOK' }];
    const instrument = this.instrument(sym)!;
    if (quantity <= 0n || price <= 0n || !isMultipleOf(quantity, instrument.lotSize) || !isMultipleOf(price, instrument.tickSize)) {
      return [{ kind: 'amendRejected', orderId, reason: 'EXCHANGE_ERROR' }];
    }
    const amended: VenueReport = { kind: 'amended', orderId, price, quantity };
    if (price === resting.price && quantity <= resting.quantity) {
      if (quantity < resting.quantity) book.reduce(orderId, quantity);
      return [amended];
    }
    if (resting.postOnly && book.crosses(resting.side, price)) return [{ kind: 'amendRejected', orderId, reason: 'POST_ONLY_WOULD_CROSS' }];
    const { side, postOnly } = resting;
    book.remove(orderId);
    const reports: VenueReport[] = [amended];
    const remaining = book.match(side, price, quantity, this.recordFill({ orderId, sym, side }, reports, ts));
    if (remaining > 0n) book.add(orderId, side, price, remaining, postOnly);
    return reports;
  }

  /** Best bid and ask of a sym. */
  top(sym: string): TopOfBook {
    const book = this.book(sym, false);
    return { bid: book?.best('BUY'), ask: book?.best('SELL') };
  }

  /** Up to `depth` levels a side, best first. */
  depth(sym: string, depth: number): Depth {
    const book = this.book(sym, false);
    return { bids: book?.levels('BUY', depth) ?? [], asks: book?.levels('SELL', depth) ?? [] };
  }

  /** An order resting on a book, with its open quantity. */
  resting(sym: string, orderId: string): Readonly<RestingOrder> | undefined {
    return this.state.books.get(sym)?.orders.get(orderId);
  }

  /** The public trades and level changes caused since the last call (the engine emits them as events). */
  takeMarketData(): MarketUpdates {
    if (this.trades.length === 0 && this.changed === undefined) return NO_MARKET_DATA;
    const books = this.changed ? [...this.changed].map(([sym, { bids, asks }]) => ({ sym, bids: bids ? [...bids] : [], asks: asks ? [...asks] : [] })) : [];
    const data = { trades: this.trades, books };
    this.trades = [];
    this.changed = undefined;
    return data;
  }

  private book(sym: string, create: boolean): Book | undefined {
    const open = this.open.get(sym);
    if (open) return open;
    let state = this.state.books.get(sym);
    if (!state) {
      if (!create) return undefined;
      state = newBookState(sym);
      this.state.books.set(sym, state);
    }
    const book = new Book(state, (side, price, total) => this.levelChanged(sym, side, price, total));
    this.open.set(sym, book);
    return book;
  }

  private levelChanged(sym: string, side: Side, price: Price, total: Size): void {
    const bySym = (this.changed ??= new Map());
    let changed = bySym.get(sym);
    if (!changed) bySym.set(sym, (changed = {}));
    (side === 'BUY' ? (changed.bids ??= new Map()) : (changed.asks ??= new Map())).set(price, total);
  }

  private recordFill(taker: { orderId: string; sym: string; side: Side }, reports: VenueReport[], ts: number) {
    return (maker: RestingOrder, price: Price, quantity: Size): void => {
      const tradeId = String(++this.state.lastTradeId);
      reports.push(
        { kind: 'fill', orderId: taker.orderId, tradeId, price, quantity, liquidity: 'TAKER' },
        { kind: 'fill', orderId: maker.orderId, tradeId, price, quantity, liquidity: 'MAKER' },
      );
      this.trades.push({ sym: taker.sym, tradeId, side: taker.side, price, quantity, ts });
      recordVolume(this.state.volume, taker.sym, quantity, ts);
    };
  }
}

function rejected(order: VenueOrder, reason: Extract<VenueReport, { kind: 'rejected' }>['reason']): VenueReport {
  return { kind: 'rejected', orderId: order.orderId, reason };
}

/** The venue's own sanity checks; order management has already applied the client-facing rules. */
function isWellFormed(order: VenueOrder, instrument: Instrument): boolean {
  if (order.quantity <= 0n || !isMultipleOf(order.quantity, instrument.lotSize)) return false;
  if (order.quoteQuantity !== undefined && (order.type !== 'MARKET' || order.quoteQuantity <= 0n)) return false;
  if (order.type === 'MARKET') return order.timeInForce !== 'GTX' && order.price === undefined;
  return order.price !== undefined && order.price > 0n && isMultipleOf(order.price, instrument.tickSize);
}
