/**
 * Liquidation (decisions L8; research-perps.md §1.2, §2, §3, §4): a market tick phase, right after the status
 * watch, for each client account the watch found LIQUIDATING or TAKEOVER. Its open orders on the venue are
 * cancelled at once (cancelType LIQUIDATING); then, while uniMMR ≤ 1.05 or equity ≤ 0, the position with the
 * largest maintenance margin is brought to the cap of the tier below its own (SYSTEM_REDUCE), or closed in
 * full from tier 1 (SYSTEM_LIQ), by an IOC order of the portfolio against the venue's book, the account
 * re-read after each step. The book takes a step at prices the insurance fund still covers; what it cannot
 * take there is deleveraged (adl.ts). Once no position is left, the MARGIN debts are paid back (debts.ts).
 * The liquidation fee (the sym's liquidationFee × the notional closed; a MARGIN sym's the venue's margin rate)
 * is taken from the margin the account can spare, and a negative equity left without positions is restored
 * to 0 from the fund (insurance-fund.ts). A step the book has no side for waits for the next tick. Then the
 * status follows uniMMR again: the accounts the phase touched are reassessed at once.
 */
import { MESSAGES } from '../../catalogue/index.ts';
import { baseQty, type Instrument } from '../../domain/instrument.ts';
import { marginLiquidationFeeRate } from '../../domain/lending/index.ts';
import type { Side, VenueName } from '../../domain/market.ts';
import { abs, add, asRate, max, min, mul, neg, sub, ZERO, type Amount, type Price, type Size } from '../../domain/money.ts';
import { coveredClosePrice, DEFAULT_THRESHOLDS, sizeKeptBelowTier, type AccountStatus, type Position } from '../../domain/perp/index.ts';
import type { CommandContext } from '../core/context.ts';
import { marginAccount, positionClosedBy, watchAccountStatus, type MarginAccount, type PositionRisk } from '../positions/index.ts';
import { cancelNow, openOrdersOf, placeFor } from '../trading/index.ts';
import { marketReach } from '../venue-link/index.ts';
import { deleverage } from './adl.ts';
import { payDebtStep, type Traded } from './debts.ts';
import { closingOrder, type LiquidationOrigin } from './close-order.ts';
import { compensate, fundOf, payLiquidationFee, type VenueAccountRef } from './insurance-fund.ts';

const LIQUIDATED: ReadonlySet<AccountStatus> = new Set(['LIQUIDATING', 'TAKEOVER']);
/** uniMMR strictly above the liquidation level: a fee taken never brings the account back into liquidation. */
const ABOVE_LIQUIDATION = add(DEFAULT_THRESHOLDS.liquidation, asRate(1n));

/** One step: how much of which position, and whether it steps down a tier or closes in full. */
interface Step {
  risk: PositionRisk;
  size: Size;
  origin: LiquidationOrigin;
}

/** Liquidation fees an account's liquidation owes so far, by sym, charged to the position its last step took (none for a MARGIN sym). */
type OwedFees = Map<string, { instrument: Instrument; amount: Amount; position?: Position }>;

/** What a step traded, and of which position when it closed one. */
interface Taken extends Traded {
  position?: Position;
}

/** Tick phase: every account the status watch found LIQUIDATING or TAKEOVER, in key order. */
export function liquidateAccounts(ctx: CommandContext): void {
  const due = [...ctx.state.positions.statuses]
    .filter(([, status]) => LIQUIDATED.has(status))
    .map(([key]) => key)
    .sort();
  for (const key of due) {
    const [portfolioId, venue] = key.split('|');
    liquidate(ctx, { portfolioId, venue: venue as VenueName });
  }
  if (due.length > 0) watchAccountStatus(ctx);
}

function liquidate(ctx: CommandContext, ref: VenueAccountRef): void {
  const requestId = ctx.newId();
  for (const order of openOrdersOf(ctx.state, ref.portfolioId).filter((o) => o.venue === ref.venue)) cancelNow(ctx, order, 'LIQUIDATING', MESSAGES[401118]);
  const owed: OwedFees = new Map();
  const closedPositions: Position[] = [];
  for (let account = accountOf(ctx, ref); LIQUIDATED.has(account.status); account = accountOf(ctx, ref)) {
    const step = account.positions.length > 0 ? positionStep(ctx, account, closedPositions) : payDebtStep(ctx, account, requestId);
    if (step === undefined) break; // nothing on the book to take it: the next tick tries again
    if (step.traded) owe(owed, step.traded);
    payOwedFees(ctx, ref, owed, requestId);
  }
  compensate(ctx, ref, requestId);
  for (const position of closedPositions) positionClosedBy(ctx, position, 'LIQUIDATED');
}

/** Brings down the position with the largest maintenance margin; undefined when the book took none of it. */
function positionStep(ctx: CommandContext, account: MarginAccount, closedPositions: Position[]): { traded: Taken } | undefined {
  const step = nextStep(account);
  const closed = take(ctx, account, step);
  if (closed === 0n) return undefined;
  const { instrument, position } = step.risk;
  if (position.qty === 0n) closedPositions.push(position);
  return { traded: { instrument, notional: closed, position } };
}

/** Adds a step's liquidation fee to what the liquidation owes: × the sym's liquidationFee (a MARGIN sym: the venue's margin rate). */
function owe(owed: OwedFees, { instrument, notional, position }: Taken): void {
  const rate = instrument.business === 'PERP' ? instrument.liquidationFee! : marginLiquidationFeeRate(instrument);
  owed.set(instrument.sym, { instrument, amount: add(owed.get(instrument.sym)?.amount ?? ZERO, mul(notional, rate, 'down')), position });
}

function accountOf(ctx: CommandContext, ref: VenueAccountRef): MarginAccount {
  return marginAccount(ctx.state, ctx.venues.market, ref.portfolioId, ref.venue);
}

/** The position with the largest maintenance margin, down to the tier below, or in full from tier 1; one market order's size at most. */
function nextStep(account: MarginAccount): Step {
  const risk = account.positions.reduce((largest, other) => (other.maintenance > largest.maintenance ? other : largest));
  const kept = sizeKeptBelowTier(risk.table, risk.tier, risk.instrument, risk.mark);
  const size = min(sub(abs(risk.position.qty), kept), risk.instrument.maxMarketSize);
  return { risk, size, origin: kept > 0n ? 'SYSTEM_REDUCE' : 'SYSTEM_LIQ' };
}

/**
 * Takes one step: a MARKET order when the fund covers whatever the book would give for it; else a LIMIT IOC
 * at the worst price the fund covers (when the book reaches it) and ADL for the rest. Answers the notional closed.
 */
function take(ctx: CommandContext, account: MarginAccount, step: Step): Amount {
  const { position, instrument, mark } = step.risk;
  const side: Side = position.qty > 0n ? 'SELL' : 'BUY';
  const reach = marketReach(ctx, instrument, side, step.size, ZERO);
  if (reach === undefined) return ZERO;
  const base = baseQty(instrument, position.qty > 0n ? step.size : neg(step.size));
  const covered = coveredClosePrice(base, mark, account.equity, fundOf(ctx.state, account.venue, instrument.quote), instrument.takerFeeRate, instrument.tickSize);
  const portfolio = ctx.state.portfolios.get(position.portfolioId)!;
  if (within(side, reach, covered)) return placeFor(ctx, portfolio, closingOrder(ctx.state, position, step.size), step.origin).order.executedAmount;
  const best = ctx.venues.market.top(instrument.sym)[side === 'SELL' ? 'bid' : 'ask']![0];
  const order = within(side, best, covered) ? placeFor(ctx, portfolio, closingOrder(ctx.state, position, step.size, covered), step.origin).order : undefined;
  const left = sub(step.size, order?.executedQty ?? ZERO);
  return add(order?.executedAmount ?? ZERO, left > 0n ? deleverage(ctx, position, left, step.origin) : ZERO);
}

/** Whether a close at `price` is within `limit`: a sale at or above it, a purchase at or below it. */
function within(side: Side, price: Price, limit: Price): boolean {
  return side === 'SELL' ? price >= limit : price <= limit;
}

/** Takes what is owed of the liquidation fees as far as the account can spare it, into the fund; what it cannot spare is never taken. */
function payOwedFees(ctx: CommandContext, ref: VenueAccountRef, owed: OwedFees, requestId: string): void {
  for (const fee of owed.values()) {
    const paid = min(fee.amount, spare(accountOf(ctx, ref), fee.instrument.quote));
    if (paid <= 0n) continue;
    payLiquidationFee(ctx, ref, fee.instrument, paid, requestId);
    if (fee.position) fee.position.liqFee = add(fee.position.liqFee ?? ZERO, paid);
    fee.amount = sub(fee.amount, paid);
  }
}

/** What the account can pay in a coin: margin beyond the liquidation level (its equity once no position or debt is left), within the coin's available balance. */
function spare(account: MarginAccount, coin: string): Amount {
  const margin = account.maintainMargin > 0n ? sub(account.validMargin, mul(account.maintainMargin, ABOVE_LIQUIDATION, 'up')) : account.equity;
  const available = account.coins.find((c) => c.coin === coin)?.balance.available ?? ZERO;
  return max(min(margin, available), ZERO);
}
