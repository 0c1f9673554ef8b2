/**
 * Funding (decisions L7; research-perps.md §1.4, §8.1–8.3): at every boundary of a perp's funding
 * interval (venue time, multiples of fundingIntervalHours from 00:00 UTC), each position open at that
 * instant pays or receives qty × contractSize × mark × rate, longs paying when the rate is positive.
 * Funding is zero-sum: the counterparties, house included, receive what the others pay; the house
 * takes the rounding of the payments to 8 decimals. Each boundary is settled exactly once: the
 * schedule in state says which was last, and only a journaled command settles one.
 */
import { baseQty, type Instrument } from '../../domain/instrument.ts';
import { abs, add, mul, neg, roundTo, sub, ZERO, type Amount } from '../../domain/money.ts';
import type { Position } from '../../domain/perp/index.ts';
import { closeFundingInterval, fundingIntervalHours } from '../../venues/index.ts';
import { bookCashFlow } from '../accounts/index.ts';
import { venueTimeAt } from '../clock/venue-clock.ts';
import type { CommandContext } from '../core/context.ts';
import type { State } from '../core/state.ts';
import { positionChanged } from '../positions/index.ts';

const HOUR_MS = 3_600_000;
const PAYMENT_DECIMALS = 8;

function intervalMs(sym: string): number {
  return fundingIntervalHours(sym) * HOUR_MS;
}

/** Where a perp's running interval ends (the next boundary it will be settled at) and the one after, in venue time. */
export function fundingTimes(state: Readonly<State>, sym: string, now: number): { fundingTime: number; nextFundingTime: number } {
  const interval = intervalMs(sym);
  const settled = state.funding.settledThrough.get(sym) ?? Math.floor(now / interval) * interval;
  return { fundingTime: settled + interval, nextFundingTime: settled + 2 * interval };
}

/** Whether a command stamped at `wall` would run past a boundary not yet settled. */
export function fundingDue(state: Readonly<State>, wall: number): boolean {
  const { nextDue } = state.funding;
  return nextDue > 0 && nextDue <= venueTimeAt(state.clock, wall);
}

/** The earliest boundary not yet settled, at or before `upTo`; undefined when none is. */
export function dueBoundary(state: Readonly<State>, upTo: number): number | undefined {
  const { nextDue } = state.funding;
  return nextDue > 0 && nextDue <= upTo ? nextDue : undefined;
}

function perps(ctx: CommandContext): Instrument[] {
  return [...ctx.venues.market.instruments()].filter((instrument) => instrument.business === 'PERP');
}

/** The first tick starts the schedule: the boundaries before it were never this engine's to settle. */
function startSchedule(ctx: CommandContext): void {
  for (const instrument of perps(ctx)) {
    const interval = intervalMs(instrument.sym);
    ctx.state.funding.settledThrough.set(instrument.sym, Math.floor(ctx.ts / interval) * interval);
  }
  ctx.state.funding.nextDue = nextDueOf(ctx.state);
}

function nextDueOf(state: Readonly<State>): number {
  let next = Number.POSITIVE_INFINITY;
  for (const [sym, settled] of state.funding.settledThrough) next = Math.min(next, settled + intervalMs(sym));
  return Number.isFinite(next) ? next : 0;
}

/** Settles every boundary not yet settled up to the command's venue time, earliest first; starts the schedule on the first call. */
export function settleDueFunding(ctx: CommandContext): void {
  if (ctx.state.funding.nextDue === 0) return startSchedule(ctx);
  for (let at = dueBoundary(ctx.state, ctx.ts); at !== undefined; at = dueBoundary(ctx.state, ctx.ts)) settleBoundary(ctx, at);
}

/** Settles the perps whose interval ends at `at`. */
export function settleBoundary(ctx: CommandContext, at: number): void {
  const funding = ctx.state.funding;
  const due = perps(ctx).filter((instrument) => funding.settledThrough.get(instrument.sym)! + intervalMs(instrument.sym) === at);
  const bySym = openPositionsBySym(ctx.state, new Set(due.map((instrument) => instrument.sym)));
  const requestId = ctx.newId();
  for (const instrument of due) {
    settleSym(ctx, instrument, bySym.get(instrument.sym) ?? [], requestId);
    funding.settledThrough.set(instrument.sym, at);
  }
  funding.nextDue = nextDueOf(ctx.state);
}

function openPositionsBySym(state: Readonly<State>, syms: ReadonlySet<string>): Map<string, Position[]> {
  const bySym = new Map<string, Position[]>();
  for (const position of state.positions.open.values()) {
    if (!syms.has(position.sym)) continue;
    const list = bySym.get(position.sym);
    if (list) list.push(position);
    else bySym.set(position.sym, [position]);
  }
  return bySym;
}

function settleSym(ctx: CommandContext, instrument: Instrument, positions: readonly Position[], requestId: string): void {
  const rate = closeFundingInterval(ctx.state.sim, instrument.sym);
  if (rate === 0n || positions.length === 0) return;
  const mark = ctx.venues.market.markPrice(instrument);
  let paidIn = ZERO as Amount;
  for (const position of positions) {
    const owed = roundTo(mul(mul(mark, baseQty(instrument, abs(position.qty)), 'down'), rate, 'halfUp'), PAYMENT_DECIMALS, 'halfUp');
    const delta = position.qty > 0n ? neg(owed) : owed;
    pay(ctx, position, instrument, delta, requestId);
    paidIn = sub(paidIn, delta);
  }
  // What the rounding left between the longs and the shorts is the house's: funding creates and destroys nothing.
  const house = ctx.state.trading.housePortfolios[0];
  if (paidIn !== 0n && house !== undefined) book(ctx, house, instrument, paidIn, requestId);
}

function pay(ctx: CommandContext, position: Position, instrument: Instrument, delta: Amount, requestId: string): void {
  if (delta === 0n) return;
  book(ctx, position.portfolioId, instrument, delta, requestId);
  position.fundingFee = add(position.fundingFee, delta);
  position.updateAt = ctx.ts;
  positionChanged(ctx, position);
}

function book(ctx: CommandContext, portfolioId: string, instrument: Instrument, delta: Amount, requestId: string): void {
  bookCashFlow(ctx, { portfolioId, venue: instrument.venue, coin: instrument.quote, delta, reason: 'FUNDING_FEE', requestId, sym: instrument.sym });
}

export const fundingHandlers = {
  /** Settles the funding boundaries the venue clock has passed (the runtime sends it before a command that would run past one). */
  settleFunding(ctx: CommandContext, _cmd: Record<string, never>): void {
    settleDueFunding(ctx);
  },
};
