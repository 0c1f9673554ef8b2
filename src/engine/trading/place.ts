/**
 * Placing an order, for clients and the simulation's market makers alike (connex-api.md §4.1,
 * decisions D3, E1–E6). Every check runs before the first change, so a refused command leaves
 * orders, balances and the id counter as they were.
 */
import { ApiError, type CatalogueCode } from '../../catalogue/index.ts';
import type { Portfolio } from '../../domain/identity/index.ts';
import type { Instrument } from '../../domain/instrument.ts';
import { sub, ZERO, type Price } from '../../domain/money.ts';
import { assertOrderTerms, notional, type Order, type OrderOrigin, type OrderTerms, type PositionSide } from '../../domain/orders/index.ts';
import type { VenueReport } from '../../venues/index.ts';
import type { CommandContext } from '../core/context.ts';
import { assertNotLiquidating, leverageOf } from '../positions/index.ts';
import { instrumentNamed, marketReach, onVenue } from '../venue-link/index.ts';
import { cancelNow, openOrder, venueAnswered } from './lifecycle.ts';
import { assertPerpOrder } from './perp-orders.ts';
import { displacedReason } from './reduce-only.ts';
import { actingPortfolio, type Actor } from '../identity/index.ts';
import { clientOrderIdInUse, MAX_OPEN_ORDERS, openOrderCount, openOrdersOn } from './open-orders.ts';
import { rejectionCode } from './rejections.ts';
import { settlementOf, type OrderIntent } from './settlement.ts';
import { pricedFor } from '../broker/index.ts';
import { KeptOrder } from './kept-order.ts';
import { isHouse } from './state.ts';

export interface PlaceOrder extends OrderTerms {
  actor: Actor;
  sym: string;
  clientOrderId?: string;
  /** PERP only (absent: false). */
  reduceOnly?: boolean;
  /** PERP only: LONG or SHORT in BOTH mode (absent: NONE). */
  positionSide?: PositionSide;
  /** The algo order whose child this is. */
  algoOrderId?: string;
}

/** The order as the command left it, and the code of the venue's refusal if it refused (syncMode answers it, decisions E2). */
export interface OrderOutcome {
  order: Order;
  state: Order['state'];
  rejected?: CatalogueCode;
}

/** reduceOnly and positionSide are perp fields: a spot or margin order takes false (401049) and NONE (401096). */
function assertSpotIntent(intent: OrderIntent): void {
  if (intent.reduceOnly) throw new ApiError(401049);
  if (intent.positionSide !== 'NONE') throw new ApiError(401096);
}

export function outcome(order: Order, reports: readonly VenueReport[]): OrderOutcome {
  for (const report of reports) {
    if (report.orderId !== order.orderId) continue;
    if (report.kind === 'rejected' || report.kind === 'amendRejected') return { order, state: order.state, rejected: rejectionCode(report.reason) };
    if (report.kind === 'cancelled' && report.cause === 'RISK_CONTROL') return { order, state: order.state, rejected: rejectionCode(report.cause) };
  }
  return { order, state: order.state };
}

/** Checks a client's order against the portfolio's open ones; returns those on the order's sym. */
function assertMayPlace(ctx: CommandContext, portfolio: Portfolio, instrument: Instrument, cmd: PlaceOrder): Order[] {
  if (!portfolio.accounts[instrument.venue].initialized) throw new ApiError(401046);
  assertNotLiquidating(ctx, portfolio, instrument.venue);
  if (cmd.clientOrderId !== undefined && clientOrderIdInUse(ctx.state, portfolio.portfolioId, cmd.clientOrderId)) throw new ApiError(401009);
  if (openOrderCount(ctx.state, portfolio.portfolioId) >= MAX_OPEN_ORDERS) throw new ApiError(401044);
  const own = openOrdersOn(ctx.state, portfolio.portfolioId, instrument.sym);
  if (own.length >= instrument.maxNumOrders) throw new ApiError(401054);
  assertNoConflictWithOpen(ctx, own, instrument, cmd);
  return own;
}

/**
 * 401121: a better-priced order on the same side while a worse one is still being cancelled.
 * 401084: an order that would trade against the portfolio's own resting order whose remainder is
 * below the venue's min notional (such a remainder can only be cancelled, never traded away).
 * 401043, self-trade prevention: any other order that would trade against the portfolio's own
 * resting order. A MARKET order's limit is the furthest price it would reach on the book as it stands.
 */
function assertNoConflictWithOpen(ctx: CommandContext, own: readonly Order[], instrument: Instrument, cmd: PlaceOrder): void {
  // A MARKET order's reach walks the book: worked out once, and only when an own limit order could be in it.
  let limit: Price | undefined;
  let reached = false;
  for (const order of own) {
    if (order.side === cmd.side) {
      const worse = cmd.side === 'BUY' ? order.limitPrice < cmd.limitPrice : order.limitPrice > cmd.limitPrice;
      if (cmd.type === 'LIMIT' && order.action === 'CANCEL_PENDING' && worse) throw new ApiError(401121);
    } else if (order.exchangeOrderType === 'LIMIT') {
      if (!reached) {
        limit = cmd.type === 'LIMIT' ? cmd.limitPrice : marketReach(ctx, instrument, cmd.side, cmd.orderQty, cmd.quoteOrderQty);
        reached = true;
      }
      if (limit === undefined) continue;
      const crosses = cmd.side === 'BUY' ? limit >= order.limitPrice : limit <= order.limitPrice;
      if (crosses) throw new ApiError(isMinNotionalRemainder(order, instrument) ? 401084 : 401043);
    }
  }
}

/** A resting limit order whose open remainder is below the venue's min notional. */
export function isMinNotionalRemainder(order: Order, instrument: Instrument): boolean {
  return order.exchangeOrderType === 'LIMIT' && notional(instrument, order.limitPrice, sub(order.orderQty, order.executedQty)) < instrument.minNotional;
}

/** A new order of the portfolio, at the leverage it set for the sym (1 on spot and for the house). */
export function newOrder(ctx: CommandContext, portfolio: Portfolio, instrument: Instrument, cmd: OrderIntent & PlaceOrder, orderId: string, origin: OrderOrigin): Order {
  return new KeptOrder({
    portfolioId: portfolio.portfolioId,
    orderId,
    clientOrderId: cmd.clientOrderId ?? orderId,
    sym: instrument.sym,
    venue: instrument.venue,
    business: instrument.business,
    side: cmd.side,
    exchangeOrderType: cmd.type,
    origin,
    timeInForce: cmd.timeInForce,
    state: 'NEW',
    action: '',
    cancelType: '',
    orderQty: cmd.orderQty,
    quoteOrderQty: cmd.quoteOrderQty,
    limitPrice: cmd.limitPrice,
    executedQty: ZERO,
    executedAmount: ZERO,
    lastExecutedQty: ZERO,
    lastExecutedPrice: ZERO,
    lastExecutedAmount: ZERO,
    fee: ZERO,
    feeCoin: '',
    reduceOnly: cmd.reduceOnly,
    leverage: leverageOf(ctx.state, portfolio.portfolioId, instrument.sym) ?? 1,
    positionSide: cmd.positionSide,
    reason: '',
    algoOrderId: cmd.algoOrderId ?? null,
    createAt: ctx.ts,
    updateAt: ctx.ts,
  });
}

/**
 * The order with its perp fields defaulted and its sym as the venue lists it (a client may write another
 * spelling, the reference's OKX_PEPR typo); every field written out, as a spread of the command (decoded
 * from JSON on replay) is slow.
 */
function intentOf(cmd: PlaceOrder, instrument: Instrument): OrderIntent & PlaceOrder {
  return {
    actor: cmd.actor,
    sym: instrument.sym,
    clientOrderId: cmd.clientOrderId,
    algoOrderId: cmd.algoOrderId,
    side: cmd.side,
    type: cmd.type,
    timeInForce: cmd.timeInForce,
    orderQty: cmd.orderQty,
    limitPrice: cmd.limitPrice,
    quoteOrderQty: cmd.quoteOrderQty,
    written: cmd.written,
    reduceOnly: cmd.reduceOnly ?? false,
    positionSide: cmd.positionSide ?? 'NONE',
  } satisfies Record<keyof PlaceOrder, unknown>;
}

/**
 * Places one order for a portfolio already known to be allowed to trade (clients and house alike). An order
 * of the system (origin SYSTEM_LIQ or SYSTEM_REDUCE: liquidation) is placed past every check a client's order
 * meets; only engine code passes an origin, never the wire (the placeOrder command has none).
 */
export function placeFor(ctx: CommandContext, portfolio: Portfolio, cmd: PlaceOrder, origin: OrderOrigin = 'DMA'): OrderOutcome {
  const system = origin !== 'DMA';
  if (portfolio.placementForbidden && !system) throw new ApiError(401061);
  const instrument = instrumentNamed(ctx.venues.market, cmd.sym);
  const settlement = settlementOf(instrument.business);
  if (portfolio.accounts[instrument.venue].restricted && !system) throw new ApiError(cmd.side === 'BUY' ? 401045 : 401053);
  const intent = intentOf(cmd, instrument);
  if (instrument.business !== 'PERP') assertSpotIntent(intent);
  if (!system) assertOrderTerms(instrument, cmd, ctx.venues.market.referencePrice(instrument));
  const client = !system && !isHouse(ctx.state, portfolio.portfolioId);
  const own = client ? assertMayPlace(ctx, portfolio, instrument, cmd) : undefined;
  const perp = instrument.business === 'PERP' && own ? assertPerpOrder(ctx, portfolio, instrument, intent, own) : undefined;
  if (perp) intent.positionSide = perp.positionSide;
  // A broker's sub-portfolio holds its fee marked up (a BUY's fee headroom, a market BUY's spendable notional).
  const { amount, venueOrder } = settlement.reserve(ctx, portfolio, pricedFor(ctx.state, portfolio.portfolioId, instrument, ctx.ts), intent);
  if (client && cmd.clientOrderId === undefined && clientOrderIdInUse(ctx.state, portfolio.portfolioId, ctx.peekId())) {
    throw new ApiError(401115);
  }
  const orderId = ctx.newId();
  const order = newOrder(ctx, portfolio, instrument, intent, orderId, origin);
  for (const worse of perp?.displaced ?? []) cancelNow(ctx, worse, 'REDUCE_ONLY', displacedReason(worse, instrument));
  openOrder(ctx, order, amount);
  const reports = onVenue(ctx, instrument.venue, (venue) => venue.submit({ ...venueOrder, orderId }, ctx.ts), client ? cmd.actor.apiKey : undefined);
  venueAnswered(ctx, order, reports);
  return outcome(order, reports);
}

export const placeHandlers = {
  placeOrder(ctx: CommandContext, cmd: PlaceOrder): OrderOutcome {
    return placeFor(ctx, actingPortfolio(ctx.state, cmd.actor), cmd);
  },
};

