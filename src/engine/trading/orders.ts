/**
 * Spot orders of clients and of the simulation's market makers: place, replace, cancel, cancel all
 * (connex-api.md §4.1, decisions D3, E1–E6). Every check runs before the first change, so a refused
 * command leaves orders, balances and the id counter as they were.
 */
import { ApiError } from '../../catalogue/index.ts';
import type { Instrument } from '../../domain/instrument.ts';
import { mul, type Fixed } from '../../domain/money.ts';
import { assertOrderTerms, assertReplacement, type Order, type OrderTerms, type Written } from '../../domain/orders/index.ts';
import { buyReservation, notionalWithin, reservationCoin } from '../../domain/spot/index.ts';
import type { RejectReason } from './rejections.ts';
import { takeDueOrders } from '../../venues/faults.ts';
import type { VenueOrder, VenueReport } from '../../venues/venue.ts';
import type { CommandContext } from '../core/context.ts';
import type { State } from '../core/state.ts';
import { isHousePortfolio } from './state.ts';
import { applyReports, changeFrozen, finish, isHouse, isTerminal, openOrder, publishOrder } from './lifecycle.ts';
import { instrumentOf, marketReach, onVenue, referencePriceOf } from '../venue-link/call-venue.ts';
import type { VenueName } from '../../domain/market.ts';
import type { Portfolio } from '../../domain/identity/index.ts';

/** Who acts (decisions D3): the key's user and portfolio; a primary key may name another portfolio. */
export interface Actor {
  userId: string;
  keyPortfolioId: string;
  primary: boolean;
  portfolioId?: string;
  /** The calling key: fault injection may target it (absent for the house's orders). */
  apiKey?: string;
}

export interface PlaceOrder extends OrderTerms {
  actor: Actor;
  sym: string;
  clientOrderId?: string;
}

export interface OrderRef {
  actor: Actor;
  orderId?: string;
  clientOrderId?: string;
}

export interface ReplaceOrder extends OrderRef {
  replaceQty?: Fixed;
  replacePrice?: Fixed;
  written: Written;
}

export interface CancelAll {
  actor: Actor;
  venue?: VenueName;
  sym?: string;
}

/** Open orders of one portfolio, all syms (per-sym limit: the instrument's maxNumOrders → 401054). */
export const MAX_OPEN_ORDERS = 500;

/** The portfolio an actor may act on (reads use it too), else 401010. */
export function actingPortfolio(state: Readonly<State>, actor: Actor): Portfolio {
  // The gateway authenticated the caller; the user may have been disabled since (401022).
  if (state.users.get(actor.userId)?.status !== 'NORMAL') throw new ApiError(401022);
  const portfolioId = actor.portfolioId ?? actor.keyPortfolioId;
  if (!actor.primary && portfolioId !== actor.keyPortfolioId) throw new ApiError(401010);
  const portfolio = state.portfolios.get(portfolioId);
  if (!portfolio || portfolio.userId !== actor.userId || isHousePortfolio(state.trading, portfolioId)) throw new ApiError(401010);
  return portfolio;
}

type OrderRefFields = { orderId?: string; clientOrderId?: string };

function orderIdOf(state: Readonly<State>, portfolio: Portfolio, ref: OrderRefFields): string | undefined {
  return ref.orderId ?? state.trading.clientOrderIds.get(portfolio.portfolioId)?.get(ref.clientOrderId!);
}

/** The portfolio's order if it is open (finished orders are read from history). */
export function openOrderOf(state: Readonly<State>, portfolio: Portfolio, ref: OrderRefFields): Order | undefined {
  const orderId = orderIdOf(state, portfolio, ref);
  const order = orderId === undefined ? undefined : state.trading.orders.get(orderId);
  return order?.portfolioId === portfolio.portfolioId ? order : undefined;
}

/**
 * The portfolio's open order to cancel or replace. One that finished within the retention answers
 * 401117 if it filled and `finishedCode` otherwise; one never seen (or long gone) answers 401018.
 */
function findOpenOrder(state: Readonly<State>, portfolio: Portfolio, ref: OrderRefFields, finishedCode: 401019 | 401072): Order {
  const order = openOrderOf(state, portfolio, ref);
  if (order) return order;
  const orderId = orderIdOf(state, portfolio, ref);
  const finished = orderId === undefined ? undefined : state.trading.finishedOrders.get(orderId);
  if (finished?.portfolioId === portfolio.portfolioId) throw new ApiError(finished.state === 'FILLED' ? 401117 : finishedCode);
  throw new ApiError(401018);
}

function assertMayPlace(ctx: CommandContext, portfolio: Portfolio, instrument: Instrument, cmd: PlaceOrder): void {
  if (!portfolio.accounts[instrument.venue].initialized) throw new ApiError(401046);
  const byClientId = ctx.state.trading.clientOrderIds.get(portfolio.portfolioId);
  if (cmd.clientOrderId !== undefined && byClientId?.has(cmd.clientOrderId)) throw new ApiError(401009);
  const open = openOrdersOf(ctx, portfolio.portfolioId);
  if (open.length >= MAX_OPEN_ORDERS) throw new ApiError(401044);
  if (open.filter((o) => o.sym === cmd.sym).length >= instrument.maxNumOrders) throw new ApiError(401054);
  assertNoConflictWithOpen(ctx.state, open, instrument, cmd);
}

/**
 * 401121: a better-priced order on the same side while a worse one is still being cancelled.
 * 401084: an order that would trade against the portfolio's own resting order whose remainder is
 * below the venue's min notional (such a remainder can only be cancelled, never traded away).
 * 401043, self-trade prevention: any other order that would trade against the portfolio's own
 * resting order. A MARKET order's limit is the furthest price it would reach on the book as it stands.
 */
function assertNoConflictWithOpen(state: Readonly<State>, open: readonly Order[], instrument: Instrument, cmd: PlaceOrder): void {
  const own = open.filter((o) => o.sym === cmd.sym);
  if (own.length === 0) return;
  const limit = cmd.type === 'LIMIT' ? cmd.limitPrice : marketReach(state, instrument, cmd.side, cmd.orderQty, cmd.quoteOrderQty);
  for (const order of own) {
    if (order.side === cmd.side) {
      const worse = cmd.side === 'BUY' ? order.limitPrice < cmd.limitPrice : order.limitPrice > cmd.limitPrice;
      if (cmd.type === 'LIMIT' && order.action === 'CANCEL_PENDING' && worse) throw new ApiError(401121);
    } else if (limit !== undefined && order.exchangeOrderType === 'LIMIT') {
      const crosses = cmd.side === 'BUY' ? limit >= order.limitPrice : limit <= order.limitPrice;
      if (crosses) throw new ApiError(isMinNotionalRemainder(order, instrument) ? 401084 : 401043);
    }
  }
}

function isMinNotionalRemainder(order: Order, instrument: Instrument): boolean {
  return order.exchangeOrderType === 'LIMIT' && mul(order.limitPrice, order.orderQty - order.executedQty) < instrument.minNotional;
}

function openOrdersOf(ctx: CommandContext, portfolioId: string): Order[] {
  const trading = ctx.state.trading;
  return (trading.openOrders.get(portfolioId) ?? []).map((id) => trading.orders.get(id)!);
}

/** What the order freezes, and the venue order that can never spend more than that. */
function reservationFor(portfolio: Portfolio, instrument: Instrument, cmd: PlaceOrder): { amount: Fixed; venueOrder: Omit<VenueOrder, 'orderId'> } {
  const venueOrder: Omit<VenueOrder, 'orderId'> = {
    sym: cmd.sym,
    side: cmd.side,
    type: cmd.type,
    timeInForce: cmd.timeInForce,
    quantity: cmd.orderQty,
    ...(cmd.type === 'LIMIT' ? { price: cmd.limitPrice } : {}),
  };
  if (cmd.side === 'SELL') return { amount: cmd.orderQty, venueOrder };
  if (cmd.type === 'LIMIT') return { amount: buyReservation(instrument, cmd.limitPrice, cmd.orderQty), venueOrder };
  // A market buy has no price: it may spend its quoteOrderQty, or else what the account has, never more.
  const byQuote = cmd.quoteOrderQty > 0n;
  const budget = byQuote ? cmd.quoteOrderQty : (portfolio.accounts[instrument.venue].balances.get(instrument.quote)?.available ?? 0n);
  const quantity = byQuote ? instrument.maxMarketBaseSize : cmd.orderQty;
  return { amount: budget, venueOrder: { ...venueOrder, quantity, quoteQuantity: notionalWithin(instrument, budget) } };
}

function assertAvailable(portfolio: Portfolio, instrument: Instrument, side: Order['side'], amount: Fixed): void {
  const available = portfolio.accounts[instrument.venue].balances.get(reservationCoin(instrument, side))?.available ?? 0n;
  if (amount <= 0n || available < amount) throw new ApiError(401055);
}

function newOrder(ctx: CommandContext, portfolio: Portfolio, instrument: Instrument, cmd: PlaceOrder, orderId: string): Order {
  return {
    portfolioId: portfolio.portfolioId,
    orderId,
    clientOrderId: cmd.clientOrderId ?? orderId,
    sym: cmd.sym,
    venue: instrument.venue,
    business: instrument.business,
    side: cmd.side,
    exchangeOrderType: cmd.type,
    origin: 'DMA',
    timeInForce: cmd.timeInForce,
    state: 'NEW',
    action: '',
    cancelType: '',
    orderQty: cmd.orderQty,
    quoteOrderQty: cmd.quoteOrderQty,
    limitPrice: cmd.limitPrice,
    executedQty: 0n,
    executedAmount: 0n,
    lastExecutedQty: 0n,
    lastExecutedPrice: 0n,
    lastExecutedAmount: 0n,
    fee: 0n,
    feeCoin: '',
    reduceOnly: false,
    leverage: 1,
    positionSide: 'NONE',
    reason: '',
    algoOrderId: null,
    createAt: ctx.ts,
    updateAt: ctx.ts,
  };
}

/** Places one order for a portfolio already known to be allowed to trade (clients and house alike). */
export function placeFor(ctx: CommandContext, portfolio: Portfolio, cmd: PlaceOrder): OrderOutcome {
  if (portfolio.placementForbidden) throw new ApiError(401061);
  const instrument = instrumentOf(ctx.state, cmd.sym);
  if (portfolio.accounts[instrument.venue].restricted) throw new ApiError(cmd.side === 'BUY' ? 401045 : 401053);
  assertOrderTerms(instrument, cmd, referencePriceOf(ctx.state, cmd.sym));
  const house = isHouse(ctx, portfolio.portfolioId);
  if (!house) assertMayPlace(ctx, portfolio, instrument, cmd);
  const { amount, venueOrder } = reservationFor(portfolio, instrument, cmd);
  assertAvailable(portfolio, instrument, cmd.side, amount);
  if (!house && cmd.clientOrderId === undefined && ctx.state.trading.clientOrderIds.get(portfolio.portfolioId)?.has(ctx.peekId())) {
    throw new ApiError(401115);
  }
  const orderId = ctx.newId();
  const order = newOrder(ctx, portfolio, instrument, cmd, orderId);
  openOrder(ctx, order, amount, instrument);
  const reports = onVenue(ctx, instrument.venue, (venue) => venue.submit({ ...venueOrder, orderId }, ctx.ts), house ? undefined : cmd.actor.apiKey);
  venueAnswered(ctx, order, instrument, reports);
  return outcome(order, reports);
}

/** Applies the venue's answer to a submission; an order still NEW has had none yet (fault LATENCY). */
function venueAnswered(ctx: CommandContext, order: Order, instrument: Instrument, reports: readonly VenueReport[]): void {
  applyReports(ctx, reports, (sym) => instrumentOf(ctx.state, sym));
  if (order.state !== 'NEW' && !isTerminal(order) && !restsOnBook(order)) completeUnrested(ctx, order, instrument);
}

/** The venue answers the submissions it held back (fault LATENCY) whose ticks have run out. */
export function answerDelayedOrders(ctx: CommandContext): void {
  for (const { venue, order: venueOrder } of takeDueOrders(ctx.state.faults)) {
    const order = ctx.state.trading.orders.get(venueOrder.orderId)!;
    const reports = onVenue(ctx, venue, (v) => v.submit(venueOrder, ctx.ts));
    venueAnswered(ctx, order, instrumentOf(ctx.state, order.sym), reports);
  }
}

function restsOnBook(order: Order): boolean {
  return order.exchangeOrderType === 'LIMIT' && (order.timeInForce === 'GTC' || order.timeInForce === 'GTX');
}

/** An order that cannot rest and got no end from the venue has spent its budget: it is done. */
function completeUnrested(ctx: CommandContext, order: Order, instrument: Instrument): void {
  const complete = order.quoteOrderQty > 0n ? order.executedQty > 0n : order.executedQty >= order.orderQty;
  if (!complete) order.cancelType = 'EXPIRE';
  finish(ctx, order, instrument, complete ? 'FILLED' : 'CANCELLED');
}

function replace(ctx: CommandContext, cmd: ReplaceOrder): OrderOutcome {
  const portfolio = actingPortfolio(ctx.state, cmd.actor);
  const order = findOpenOrder(ctx.state, portfolio, cmd, 401072);
  if (order.exchangeOrderType !== 'LIMIT') throw new ApiError(401072);
  if (order.action === 'CANCEL_PENDING') throw new ApiError(401116);
  const price = cmd.replacePrice ?? order.limitPrice;
  const quantity = cmd.replaceQty ?? order.orderQty;
  if (price === order.limitPrice && quantity === order.orderQty) throw new ApiError(401073);
  const instrument = instrumentOf(ctx.state, order.sym);
  if (isMinNotionalRemainder(order, instrument)) throw new ApiError(401083);
  if (quantity <= order.executedQty) throw new ApiError(401077);
  assertReplacement(instrument, price, quantity, cmd.written, referencePriceOf(ctx.state, order.sym));
  const remaining = quantity - order.executedQty;
  const needed = order.side === 'BUY' ? buyReservation(instrument, price, remaining) : remaining;
  const delta = needed - ctx.state.trading.reserved.get(order.orderId)!;
  const available = portfolio.accounts[order.venue].balances.get(reservationCoin(instrument, order.side))?.available ?? 0n;
  if (delta > available) throw new ApiError(401076);
  const reports = onVenue(ctx, order.venue, (venue) => venue.amend(order.sym, order.orderId, price, remaining, ctx.ts));
  const result = outcome(order, reports);
  if (result.rejected) {
    // The venue kept the original order as it was: so do we, apart from saying the amend failed.
    order.action = 'AMEND_FAILED';
    publishOrder(ctx, order);
    return { ...result, state: order.state };
  }
  ctx.state.trading.reserved.set(order.orderId, needed);
  changeFrozen(ctx, order, instrument, delta, 'ORDER');
  order.action = 'AMEND_PENDING';
  applyReports(ctx, reports, (sym) => instrumentOf(ctx.state, sym));
  return { ...result, state: order.state };
}

/** The order as the command left it, and the venue's refusal if it refused (for syncMode answers). */
export interface OrderOutcome {
  order: Order;
  state: Order['state'];
  rejected?: RejectReason;
}

function outcome(order: Order, reports: readonly VenueReport[]): OrderOutcome {
  for (const report of reports) {
    if (report.orderId !== order.orderId) continue;
    if (report.kind === 'rejected' || report.kind === 'amendRejected') return { order, state: order.state, rejected: report.reason };
    if (report.kind === 'cancelled' && report.cause === 'RISK_CONTROL') return { order, state: order.state, rejected: report.cause };
  }
  return { order, state: order.state };
}

function requestCancel(ctx: CommandContext, order: Order): void {
  order.action = 'CANCEL_PENDING';
  order.cancelType = 'USER';
  ctx.state.trading.pendingCancels.push(order.orderId);
  publishOrder(ctx, order);
}

export const orderHandlers = {
  placeOrder(ctx: CommandContext, cmd: PlaceOrder): OrderOutcome {
    return placeFor(ctx, actingPortfolio(ctx.state, cmd.actor), cmd);
  },

  replaceOrder(ctx: CommandContext, cmd: ReplaceOrder): OrderOutcome {
    return replace(ctx, cmd);
  },

  cancelOrder(ctx: CommandContext, cmd: OrderRef): OrderOutcome {
    const order = findOpenOrder(ctx.state, actingPortfolio(ctx.state, cmd.actor), cmd, 401019);
    if (order.action === 'CANCEL_PENDING') throw new ApiError(401116);
    requestCancel(ctx, order);
    return outcome(order, []);
  },

  cancelAll(ctx: CommandContext, cmd: CancelAll): { orders: Order[] } {
    const portfolio = actingPortfolio(ctx.state, cmd.actor);
    const orders = openOrdersOf(ctx, portfolio.portfolioId).filter(
      (o) => o.action !== 'CANCEL_PENDING' && (cmd.venue === undefined || o.venue === cmd.venue) && (cmd.sym === undefined || o.sym === cmd.sym),
    );
    for (const order of orders) requestCancel(ctx, order);
    return { orders };
  },
};

/** The venue confirms the cancels requested since the last tick (orders filled meanwhile stay filled). */
export function confirmPendingCancels(ctx: CommandContext): void {
  const trading = ctx.state.trading;
  const pending = trading.pendingCancels.splice(0);
  for (const orderId of pending) {
    const order = trading.orders.get(orderId);
    if (!order) continue; // finished meanwhile
    const reports = onVenue(ctx, order.venue, (venue) => venue.cancel(order.sym, orderId, ctx.ts));
    applyReports(ctx, reports, (sym) => instrumentOf(ctx.state, sym));
  }
}
