/**
 * How orders of one business type hold and move money: what an order reserves when it opens, in
 * which coin, and what one fill moves. Order lifecycle (lifecycle.ts) is the same for every business
 * type; it asks the settlement of the order's business type. Spot is the only one traded so far;
 * perps add a settle-perp.ts (positions, margin, realized PnL) beside settle-spot.ts.
 */
import { ApiError } from '../../catalogue/index.ts';
import type { Portfolio } from '../../domain/identity/index.ts';
import type { Instrument } from '../../domain/instrument.ts';
import type { BusinessType, Side } from '../../domain/market.ts';
import type { Amount, Price, Size } from '../../domain/money.ts';
import type { Order, OrderTerms } from '../../domain/orders/index.ts';
import type { VenueOrder, VenueReport } from '../../venues/index.ts';
import type { CommandContext } from '../core/context.ts';
import { spotSettlement } from './settle-spot.ts';

export type Fill = Extract<VenueReport, { kind: 'fill' }>;

/** What a new order freezes, and the venue order that can never spend more than that. */
export interface Reservation {
  /** In the coin the order spends (`frozenCoin`). */
  amount: Amount;
  venueOrder: Omit<VenueOrder, 'orderId'>;
}

/** What one settled fill cost and earned, as its execution records it. */
export interface SettledFill {
  notional: Amount;
  fee: Amount;
  feeCoin: string;
  /** Realized PnL (perps); 0 for spot. */
  rpnl: Amount;
}

export interface Settlement {
  /** The coin an order of this side freezes. */
  frozenCoin(instrument: Instrument, side: Side): string;
  /** What a new order freezes; 401055 when the account has not that much available. */
  reserve(portfolio: Portfolio, instrument: Instrument, terms: OrderTerms): Reservation;
  /** What a limit order's open `quantity` at `price` needs frozen (a replace re-reserves with it). */
  reservationOf(instrument: Instrument, side: Side, price: Price, quantity: Size): Amount;
  /** Moves the money of one fill, spending from the order's reservation (`trading.reserved`). */
  settleFill(ctx: CommandContext, order: Order, instrument: Instrument, fill: Fill): SettledFill;
}

const SETTLEMENTS: Partial<Record<BusinessType, Settlement>> = { SPOT: spotSettlement };

/** The settlement of a business type traded here; 401067 for one not traded here yet. */
export function settlementOf(business: BusinessType): Settlement {
  const settlement = SETTLEMENTS[business];
  if (!settlement) throw new ApiError(401067);
  return settlement;
}

export function isTraded(instrument: Instrument): boolean {
  return SETTLEMENTS[instrument.business] !== undefined;
}
