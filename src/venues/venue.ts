/**
 * The boundary between order management and a venue (design.md principle 7): orders, cancels and
 * amends go in; execution reports come out. The simulated venues implement it inside the engine
 * (deterministically, driven by the engine's commands); a live connector would implement it with
 * reports arriving later as commands. Nothing on the order-management side may assume which.
 */
import type { Instrument } from '../domain/instrument.ts';
import type { Amount, Price, Rate, Size } from '../domain/money.ts';
import type { ExchangeOrderType, Side, TimeInForce, VenueName } from '../domain/market.ts';
import type { RiskTierTable } from '../domain/perp/tiers.ts';
import type { FaultReject } from './faults.ts';

export interface VenueOrder {
  orderId: string;
  sym: string;
  side: Side;
  type: ExchangeOrderType;
  timeInForce: TimeInForce;
  /** LIMIT only. */
  price?: Price;
  /** Base coin, or contracts on OKX PERP. With quoteQuantity: the most base coin to buy. */
  quantity: Size;
  /** SPOT MARKET BUY by quote amount: spend at most this much quote coin. */
  quoteQuantity?: Amount;
}

/**
 * Reports of one call come in order: `accepted` first (the venue took the order: OPEN), then its
 * fills, then `cancelled` when the rest will not stay on the book; an order with no such end rests.
 */
export type VenueReport =
  | { kind: 'accepted'; orderId: string }
  /** The venue refused it (e.g. GTX that would cross → 401052; the rest come from fault injection, faults.ts). */
  | { kind: 'rejected'; orderId: string; reason: 'POST_ONLY_WOULD_CROSS' | 'NO_LIQUIDITY' | 'RISK_CONTROL' | FaultReject }
  /** One fill of one order; a match produces one for the taker and one for the maker. */
  | { kind: 'fill'; orderId: string; tradeId: string; price: Price; quantity: Size; liquidity: 'MAKER' | 'TAKER' }
  /** No longer on the book: USER cancel, IOC/market remainder, FOK not fillable, SYSTEM, or the exchange's RISK_CONTROL. */
  | { kind: 'cancelled'; orderId: string; cause: 'USER' | 'IOC_REMAINDER' | 'FOK_UNFILLED' | 'SYSTEM' | 'RISK_CONTROL' }
  /** `quantity` is the new open quantity; fills may follow when the new price crosses. */
  | { kind: 'amended'; orderId: string; price: Price; quantity: Size }
  /** The amend was refused; the order stays as it was (or is gone: NOT_ON_BOOK). */
  | { kind: 'amendRejected'; orderId: string; reason: 'NOT_ON_BOOK' | 'POST_ONLY_WOULD_CROSS' | 'EXCHANGE_ERROR' };

/** Market data a venue publishes. A trade on the public tape; `side` is the taker's. */
export interface TapeTrade {
  sym: string;
  tradeId: string;
  side: Side;
  price: Price;
  quantity: Size;
  ts: number;
}

export type LevelQuantity = [price: Price, quantity: Size];

/** The levels of one book that changed, with their new totals (0 = level gone). */
export interface LevelChanges {
  sym: string;
  bids: LevelQuantity[];
  asks: LevelQuantity[];
}

/** Order entry on one venue. */
export interface Venue {
  readonly name: VenueName;
  submit(order: VenueOrder, ts: number): VenueReport[];
  /** No reports when the order is not on the book (already filled or cancelled). */
  cancel(sym: string, orderId: string, ts: number): VenueReport[];
  /** Same orderId (decisions E6); `quantity` = new open quantity; loses time priority unless only the quantity goes down. */
  amend(sym: string, orderId: string, price: Price, quantity: Size, ts: number): VenueReport[];
}

/** Public trades and book level changes published since they were last taken. */
export interface MarketUpdates {
  trades: TapeTrade[];
  books: LevelChanges[];
}

export interface TopOfBook {
  bid?: LevelQuantity;
  ask?: LevelQuantity;
}

/** Levels of one book, best first. */
export interface Depth {
  bids: LevelQuantity[];
  asks: LevelQuantity[];
}

/** A perp's funding rate as the venue publishes it (8 decimals), and the hours between its funding boundaries. */
export interface FundingRate {
  rate: Rate;
  intervalHours: number;
}

/** What the venues publish about their markets; a live connector would fill it from the exchanges' feeds. */
export interface MarketData {
  instruments(): Iterable<Instrument>;
  /** The instrument of a sym as the venues list it, or undefined. */
  instrument(sym: string): Instrument | undefined;
  /** Up to `levels` levels a side of a sym's book now. */
  depth(sym: string, levels: number): Depth;
  /** Up to `levels` levels of one side of a sym's book now, best first. */
  levels(sym: string, side: Side, levels: number): LevelQuantity[];
  top(sym: string): TopOfBook;
  /** Where an instrument's market centres now, on its tick grid: the centre of its price band. */
  referencePrice(instrument: Instrument): Price;
  /** The index price of a coin in USD, or undefined when no venue prices it. */
  indexPrice(coin: string): Price | undefined;
  /** A perp's mark price now. */
  markPrice(instrument: Instrument): Price;
  /** The funding rate predicted for a perp's running interval, from its time-weighted premium so far. */
  fundingRate(instrument: Instrument): FundingRate;
  /** A perp's venue-wide open interest now, in the venue's quantity unit. */
  openInterest(instrument: Instrument): Size;
  /** The open interest the venue accepts at most for a perp (an order that would pass it: 401092). */
  openInterestLimit(instrument: Instrument): Size;
  /** A perp's risk tiers (maintenance-margin rates and leverage caps), or undefined for a sym that has none. */
  riskTiers(sym: string): RiskTierTable | undefined;
  /** Indexed by UTC hour of day: what traded in the sym in the latest complete such hour of the trailing day (VWAP weights). */
  trailingDayVolume(instrument: Instrument, now: number): Size[];
}

/** The venues as one command sees them: order entry per venue, their market data, and the updates its calls caused. */
export interface VenueSet {
  readonly market: MarketData;
  /** Order entry on a venue; a client's orders (its `apiKey`) meet the faults the operator set for them. */
  venue(name: VenueName, apiKey?: string): Venue;
  /** Once per tick: the submissions the venues held back (fault LATENCY) whose ticks ran out reach the books, in submission order; `answered` gets each one's reports. */
  releaseDelayed(ts: number, answered: (reports: VenueReport[]) => void): void;
  /** Public trades and book level changes the calls caused since the last take. */
  takeUpdates(): MarketUpdates;
}
