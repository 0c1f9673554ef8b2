/**
 * Fault injection (decisions F4, A2): the operator makes a venue misbehave for clients' own testing,
 * per venue or per API key. Faults are engine state set by commands, so their effects replay exactly.
 * They sit on the venue side of the boundary: `FaultyVenue` wraps a Venue and answers as an
 * exchange would, so order management handles them as any other venue report.
 */
import type { Price, Size } from '../domain/money.ts';
import type { Venue, VenueOrder, VenueReport } from './venue.ts';
import type { VenueName } from '../domain/market.ts';

/**
 * The injectable venue-side refusals and the catalogue code each reaches the client as: what an exchange
 * answers and the simulated venue never does on its own (its order count of the day, its own view of the
 * account's balances, its account lookups, an answer it cannot classify).
 */
export const FAULT_REJECTS = {
  EXCHANGE_ERROR: 400010,
  UNAVAILABLE: 400011,
  LOADING: 400012,
  TIMEOUT: 400013,
  DAILY_LIMIT: 400001,
  INSUFFICIENT_FROZEN: 401057,
  INSUFFICIENT_BALANCE: 401062,
  AVAILABLE_NOT_ENOUGH: 401063,
  NO_ACCOUNT: 401064,
  NO_ACCOUNT_GROUP: 401066,
  NO_PRECISION: 401031,
  UNKNOWN_ERROR: 401444,
} as const;
export type FaultReject = keyof typeof FAULT_REJECTS;

/** RISK_CANCEL: the order is accepted, then taken off the book by the exchange's risk control (401111). LATENCY: the venue answers after `ticks` ticks. */
export type FaultKind = FaultReject | 'RISK_CANCEL' | 'LATENCY';
export const FAULT_KINDS = [...Object.keys(FAULT_REJECTS), 'RISK_CANCEL', 'LATENCY'] as FaultKind[];

/** Exactly one of venue / apiKey says whose orders it hits. */
export interface Fault {
  faultId: string;
  kind: FaultKind;
  venue?: VenueName;
  apiKey?: string;
  /** LATENCY only. */
  ticks?: number;
  createAt: number;
}

/** A submission the venue has not answered yet (LATENCY). */
export interface DelayedOrder {
  venue: VenueName;
  order: VenueOrder;
  ticksLeft: number;
}

export interface FaultState {
  lastFaultId: number;
  faults: Fault[];
  /** In submission order, so they reach the book in that order. */
  delayed: DelayedOrder[];
}

export function emptyFaultState(): FaultState {
  return { lastFaultId: 0, faults: [], delayed: [] };
}

/** Counts one tick down; the submissions now due leave the queue and reach their venue's book, in submission order. */
export function releaseDelayed(state: FaultState, venueOf: (name: VenueName) => Venue, ts: number, answered: (reports: VenueReport[]) => void): void {
  for (const entry of state.delayed) entry.ticksLeft--;
  const due = state.delayed.filter((entry) => entry.ticksLeft <= 0);
  state.delayed = state.delayed.filter((entry) => entry.ticksLeft > 0);
  for (const entry of due) answered(venueOf(entry.venue).submit(entry.order, ts));
}

/** Whose order a venue call is for: faults apply to client orders only, never to the market makers'. */
export interface FaultTarget {
  venue: VenueName;
  apiKey: string;
}

/** The first fault set that hits the target (the oldest wins, so the answer never depends on map order). */
export function faultFor(state: Readonly<FaultState>, target: FaultTarget): Fault | undefined {
  return state.faults.find((f) => f.venue === target.venue || (f.apiKey !== undefined && f.apiKey === target.apiKey));
}

/**
 * A venue that refuses, risk-cancels or holds back new orders as the fault (if any) says; a cancel of
 * an order still held back ends it there. Other calls pass through.
 */
export class FaultyVenue implements Venue {
  readonly name: VenueName;

  constructor(
    private readonly inner: Venue,
    private readonly state: FaultState,
    private readonly fault: Fault | undefined,
  ) {
    this.name = inner.name;
  }

  submit(order: VenueOrder, ts: number): VenueReport[] {
    const kind = this.fault?.kind;
    if (kind === undefined) return this.inner.submit(order, ts);
    if (kind === 'LATENCY') {
      // No answer yet: the order stays NEW until the tick that hands it to the book.
      this.state.delayed.push({ venue: this.name, order, ticksLeft: this.fault!.ticks! });
      return [];
    }
    if (kind !== 'RISK_CANCEL') return [{ kind: 'rejected', orderId: order.orderId, reason: kind }];
    const reports = this.inner.submit(order, ts);
    if (!restsAfter(reports, order.orderId)) return reports;
    // The exchange's risk control takes the resting order off the book.
    const cancel = this.inner.cancel(order.sym, order.orderId, ts);
    return [...reports, ...cancel.map((r) => (r.kind === 'cancelled' ? { ...r, cause: 'RISK_CONTROL' as const } : r))];
  }

  cancel(sym: string, orderId: string, ts: number): VenueReport[] {
    const at = this.state.delayed.findIndex((entry) => entry.order.orderId === orderId);
    if (at < 0) return this.inner.cancel(sym, orderId, ts);
    this.state.delayed.splice(at, 1);
    return [{ kind: 'cancelled', orderId, cause: 'USER' }];
  }

  amend(sym: string, orderId: string, price: Price, quantity: Size, ts: number): VenueReport[] {
    return this.inner.amend(sym, orderId, price, quantity, ts);
  }
}

function restsAfter(reports: readonly VenueReport[], orderId: string): boolean {
  const own = reports.filter((r) => r.orderId === orderId);
  return own.some((r) => r.kind === 'accepted') && !own.some((r) => r.kind === 'rejected' || r.kind === 'cancelled');
}
