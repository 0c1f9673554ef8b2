/**
 * Perp settlement (decisions L1, L2, L6): an order holds the initial margin of the exposure it would
 * open, in the unified account (no coin is frozen); a fill moves the position, and its realized PnL and
 * fee settle in the quote coin, a loss beyond what is available becoming overdraw.
 */
import { ApiError } from '../../catalogue/index.ts';
import type { Portfolio } from '../../domain/identity/index.ts';
import { baseQty, type Instrument } from '../../domain/instrument.ts';
import { abs, add, max, mul, mulDiv, neg, sub, ZERO, type Amount, type Price, type Size } from '../../domain/money.ts';
import { fillAmounts, type Order, type PositionSide } from '../../domain/orders/index.ts';
import { initialMargin } from '../../domain/perp/index.ts';
import type { Side } from '../../domain/market.ts';
import { bookCashFlow } from '../accounts/index.ts';
import type { CommandContext } from '../core/context.ts';
import { accountKey, leverageOf, marginAccount, positionOf, tradePosition } from '../positions/index.ts';
import { marketReach } from '../venue-link/index.ts';
import { collectFee } from './settle-spot.ts';
import type { Fill, OrderIntent, Reservation, SettledFill, Settlement } from './settlement.ts';
import { isHouse } from './state.ts';

/** The part of an order that would add to its position: what a fill beyond the opposite position opens. */
export function openingSize(ctx: CommandContext, portfolioId: string, sym: string, side: Side, positionSide: PositionSide, size: Size): Size {
  if (positionSide !== 'NONE') return (positionSide === 'LONG') === (side === 'BUY') ? size : ZERO;
  const held = positionOf(ctx.state, portfolioId, sym, 'NONE')?.qty ?? ZERO;
  const opposite = held !== 0n && held > 0n !== (side === 'BUY');
  return opposite ? max(sub(size, abs(held)), ZERO) : size;
}

/** The price an order's margin is counted at: its limit, or for a market order the furthest level it would reach (the mark without a book). */
export function marginPrice(ctx: CommandContext, instrument: Instrument, intent: Pick<OrderIntent, 'type' | 'limitPrice' | 'side' | 'orderQty'>): Price {
  if (intent.type === 'LIMIT') return intent.limitPrice;
  return marketReach(ctx, instrument, intent.side, intent.orderQty, ZERO) ?? ctx.venues.market.markPrice(instrument);
}

function marginFor(ctx: CommandContext, portfolioId: string, instrument: Instrument, size: Size, price: Price): Amount {
  const leverage = leverageOf(ctx.state, portfolioId, instrument.sym) ?? instrument.defaultLeverage!;
  return initialMargin(mul(price, baseQty(instrument, size), 'up'), leverage);
}

function reserve(ctx: CommandContext, portfolio: Portfolio, instrument: Instrument, intent: OrderIntent): Reservation {
  const opening = intent.reduceOnly ? ZERO : openingSize(ctx, portfolio.portfolioId, instrument.sym, intent.side, intent.positionSide, intent.orderQty);
  const price = marginPrice(ctx, instrument, intent);
  const amount = opening > 0n ? marginFor(ctx, portfolio.portfolioId, instrument, opening, price) : ZERO;
  if (amount > 0n && !isHouse(ctx.state, portfolio.portfolioId)) assertMarginFor(ctx, portfolio, instrument, intent, amount);
  const venueOrder: Reservation['venueOrder'] = {
    sym: instrument.sym,
    side: intent.side,
    type: intent.type,
    timeInForce: intent.timeInForce,
    quantity: intent.orderQty,
    ...(intent.type === 'LIMIT' ? { price: intent.limitPrice } : {}),
  };
  return { amount, venueOrder };
}

/**
 * 401058 when the account's available margin cannot hold the order's initial margin; 401056 when it
 * could, but not once the loss a limit order beyond the mark would take at once is counted.
 */
function assertMarginFor(ctx: CommandContext, portfolio: Portfolio, instrument: Instrument, intent: OrderIntent, margin: Amount): void {
  const available = marginAccount(ctx.state, ctx.venues.market, portfolio.portfolioId, instrument.venue).availableMargin;
  if (available < margin) throw new ApiError(401058);
  if (intent.type !== 'LIMIT') return;
  const mark = ctx.venues.market.markPrice(instrument);
  const gap = intent.side === 'BUY' ? sub(intent.limitPrice, mark) : sub(mark, intent.limitPrice);
  const loss = gap > 0n ? mul(gap, baseQty(instrument, intent.orderQty), 'up') : ZERO;
  if (sub(available, loss) < margin) throw new ApiError(401056);
}

function rereserve(ctx: CommandContext, order: Order, instrument: Instrument, price: Price, quantity: Size): Amount {
  const opening = order.reduceOnly ? ZERO : openingSize(ctx, order.portfolioId, order.sym, order.side, order.positionSide, quantity);
  const needed = opening > 0n ? marginFor(ctx, order.portfolioId, instrument, opening, price) : ZERO;
  const more = sub(needed, ctx.state.trading.reserved.get(order.orderId)!);
  if (more > 0n && marginAccount(ctx.state, ctx.venues.market, order.portfolioId, order.venue).availableMargin < more) throw new ApiError(401078);
  return needed;
}

function hold(ctx: CommandContext, order: Order, _instrument: Instrument, delta: Amount): void {
  const key = accountKey(order.portfolioId, order.venue);
  const held = add(ctx.state.positions.orderMargin.get(key) ?? ZERO, delta);
  if (held === 0n) ctx.state.positions.orderMargin.delete(key);
  else ctx.state.positions.orderMargin.set(key, held);
}

function settleFill(ctx: CommandContext, order: Order, instrument: Instrument, fill: Fill): SettledFill {
  releaseFor(ctx, order, instrument, fill.quantity);
  const { notional, fee: charged } = fillAmounts(instrument, fill.price, baseQty(instrument, fill.quantity), fill.liquidity);
  const fee = fill.feeFree ? ZERO : charged;
  const trade = { portfolioId: order.portfolioId, sym: order.sym, venue: order.venue, side: order.side, positionSide: order.positionSide, size: fill.quantity, price: fill.price, fee };
  const rpnl = tradePosition(ctx, instrument, trade);
  const cash = sub(rpnl, fee);
  if (cash !== 0n) {
    bookCashFlow(ctx, { portfolioId: order.portfolioId, venue: order.venue, coin: instrument.quote, delta: cash, reason: 'TRADE', requestId: order.orderId, sym: order.sym });
  }
  collectFee(ctx, order, instrument, fee);
  return { notional, fee, feeCoin: instrument.quote, rpnl };
}

/** A fill releases the margin its share of the order's open size held (the last fill all that is left). */
function releaseFor(ctx: CommandContext, order: Order, instrument: Instrument, filled: Size): void {
  const reserved = ctx.state.trading.reserved.get(order.orderId) ?? ZERO;
  if (reserved === 0n) return;
  const open = sub(order.orderQty, order.executedQty);
  const released = filled >= open ? reserved : mulDiv(reserved, filled, open, 'down');
  ctx.state.trading.reserved.set(order.orderId, sub(reserved, released));
  hold(ctx, order, instrument, neg(released));
}

export const perpSettlement: Settlement = { reserve, rereserve, hold, settleFill };
