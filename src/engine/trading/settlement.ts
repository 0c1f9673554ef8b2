/**
 * How orders of one business type hold and move money: what an order reserves when it opens, where
 * that is held, and what one fill moves. Order lifecycle (lifecycle.ts) is the same for every business
 * type; it asks the settlement of the order's business type. Spot holds the coin an order spends
 * (settle-spot.ts); a margin order may borrow what it lacks of it (settle-margin.ts); a perp order holds initial margin of the unified account and its fills move a
 * position (settle-perp.ts).
 */
import { ApiError } from '../../catalogue/index.ts';
import type { Portfolio } from '../../domain/identity/index.ts';
import type { Instrument } from '../../domain/instrument.ts';
import type { BusinessType } from '../../domain/market.ts';
import type { Amount, Price, Size } from '../../domain/money.ts';
import type { Order, OrderTerms, PositionSide } from '../../domain/orders/index.ts';
import type { VenueOrder, VenueReport } from '../../venues/index.ts';
import type { CommandContext } from '../core/context.ts';
import { marginSettlement } from './settle-margin.ts';
import { perpSettlement } from './settle-perp.ts';
import { spotSettlement } from './settle-spot.ts';

/** A fill of an order: the venue's, or one the engine settles off the book (ADL), which pays no fee. */
export type Fill = Extract<VenueReport, { kind: 'fill' }> & { feeFree?: boolean };

/** A new order's terms with the perp fields (spot orders: NONE, false). */
export interface OrderIntent extends OrderTerms {
  reduceOnly: boolean;
  positionSide: PositionSide;
}

/** What a new order holds, and the venue order that can never spend more than that. */
export interface Reservation {
  /** Spot: in the coin the order spends. Perp: initial margin, in the quote coin. */
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
  /** What a new order holds; the code of the refusal when the account cannot (spot 401055; perp 401058, 401056). */
  reserve(ctx: CommandContext, portfolio: Portfolio, instrument: Instrument, intent: OrderIntent): Reservation;
  /** What an order's open part needs held once replaced by `quantity` at `price`; the refusal's code when the account cannot (401076 / 401078). */
  rereserve(ctx: CommandContext, order: Order, instrument: Instrument, price: Price, quantity: Size): Amount;
  /** Holds (positive) or releases (negative) part of an order's reservation. */
  hold(ctx: CommandContext, order: Order, instrument: Instrument, delta: Amount, reason: string): void;
  /** Moves the money of one fill, spending from the order's reservation (`trading.reserved`). */
  settleFill(ctx: CommandContext, order: Order, instrument: Instrument, fill: Fill): SettledFill;
}

const SETTLEMENTS: Partial<Record<BusinessType, Settlement>> = { SPOT: spotSettlement, PERP: perpSettlement, MARGIN: marginSettlement };

/** The settlement of a business type traded here; 401067 for one not traded here yet. */
export function settlementOf(business: BusinessType): Settlement {
  const settlement = SETTLEMENTS[business];
  if (!settlement) throw new ApiError(401067);
  return settlement;
}

export function isTraded(instrument: Instrument): boolean {
  return SETTLEMENTS[instrument.business] !== undefined;
}
