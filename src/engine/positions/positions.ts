/**
 * Open positions: finding them, and moving them by a fill (decisions L5, L6). In NET mode a sym has one
 * signed position (positionSide NONE) that a fill may close and reverse; in BOTH mode an order trades the
 * LONG or SHORT position its positionSide names. A position that reaches 0 leaves engine state with a
 * `positionChanged` event that says it closed (the position history keeps it).
 */
import type { Instrument } from '../../domain/instrument.ts';
import type { Side, VenueName } from '../../domain/market.ts';
import { add, mulDiv, sub, ZERO, type Amount, type Price, type Size } from '../../domain/money.ts';
import type { PositionSide } from '../../domain/orders/index.ts';
import { applyFill, newPosition, type Position, type PositionClosedBy, type PositionMode } from '../../domain/perp/index.ts';
import type { CommandContext } from '../core/context.ts';
import type { State } from '../core/state.ts';
import { accountTouched } from './risk-index.ts';
import { accountKey, leverageKey, positionKey } from './state.ts';

export function positionModeOf(state: Readonly<State>, portfolioId: string, venue: VenueName): PositionMode {
  return state.positions.modes.get(accountKey(portfolioId, venue)) ?? 'NET';
}

/** The leverage the portfolio set for a sym; undefined when it never did (401037). */
export function leverageOf(state: Readonly<State>, portfolioId: string, sym: string): number | undefined {
  return state.positions.leverage.get(leverageKey(portfolioId, sym));
}

export function positionOf(state: Readonly<State>, portfolioId: string, sym: string, side: PositionSide): Position | undefined {
  return state.positions.open.get(positionKey(portfolioId, sym, side));
}

/** The portfolio's open positions (on one venue when given), in the order they opened. */
export function openPositionsOf(state: Readonly<State>, portfolioId: string, venue?: VenueName): Position[] {
  const positions: Position[] = [];
  for (const key of state.positions.byPortfolio.get(portfolioId) ?? []) {
    const position = state.positions.open.get(key)!;
    if (venue === undefined || position.venue === venue) positions.push(position);
  }
  return positions;
}

/** A fill as the position sees it: who traded which side of which position. */
export interface PositionTrade {
  portfolioId: string;
  sym: string;
  venue: VenueName;
  side: Side;
  /** NONE in NET mode; LONG or SHORT in BOTH mode. */
  positionSide: PositionSide;
  size: Size;
  price: Price;
  fee: Amount;
}

/** Moves the traded position by one fill and answers the PnL it realized. */
export function tradePosition(ctx: CommandContext, instrument: Instrument, trade: PositionTrade): Amount {
  const position = positionOf(ctx.state, trade.portfolioId, trade.sym, trade.positionSide) ?? openPosition(ctx, trade);
  const result = applyFill(position, instrument, trade.side, trade.size, trade.price, ctx.ts);
  const closingFee = result.reversing > 0n ? mulDiv(trade.fee, result.closed, trade.size, 'down') : trade.fee;
  position.fee = add(position.fee, closingFee);
  positionChanged(ctx, position);
  if (result.reversing > 0n) {
    const reversed = openPosition(ctx, trade);
    applyFill(reversed, instrument, trade.side, result.reversing, trade.price, ctx.ts);
    reversed.fee = sub(trade.fee, closingFee);
    positionChanged(ctx, reversed);
  }
  return result.rpnl;
}

function openPosition(ctx: CommandContext, trade: PositionTrade): Position {
  const position = newPosition({ positionId: ctx.newId(), portfolioId: trade.portfolioId, sym: trade.sym, venue: trade.venue, positionSide: trade.positionSide }, ctx.ts);
  const key = positionKey(trade.portfolioId, trade.sym, trade.positionSide);
  ctx.state.positions.open.set(key, position);
  const keys = ctx.state.positions.byPortfolio.get(trade.portfolioId);
  if (keys) keys.push(key);
  else ctx.state.positions.byPortfolio.set(trade.portfolioId, [key]);
  return position;
}

/** Tells the outside world (WS `Positions`, position history); a position back at 0 leaves engine state. */
export function positionChanged(ctx: CommandContext, position: Position): void {
  const state = ctx.state;
  if (!state.trading.housePortfolios.includes(position.portfolioId)) {
    tellPosition(ctx, position);
    accountTouched(state, position.portfolioId, position.venue);
  }
  if (position.qty === ZERO) closePosition(ctx, position);
}

/** Tells once more how a position a liquidation closed ended, after its liquidation fees were taken (position history). */
export function positionClosedBy(ctx: CommandContext, position: Position, closedBy: PositionClosedBy): void {
  position.closedBy = closedBy;
  if (!ctx.state.trading.housePortfolios.includes(position.portfolioId)) tellPosition(ctx, position, true);
}

function tellPosition(ctx: CommandContext, position: Position, restated = false): void {
  const leverage = leverageOf(ctx.state, position.portfolioId, position.sym) ?? 0;
  const positionMode = positionModeOf(ctx.state, position.portfolioId, position.venue);
  ctx.emit({ type: 'positionChanged', position: { ...position }, leverage, positionMode, ...(restated ? { restated } : {}) });
}

function closePosition(ctx: CommandContext, position: Position): void {
  const key = positionKey(position.portfolioId, position.sym, position.positionSide);
  ctx.state.positions.open.delete(key);
  const keys = ctx.state.positions.byPortfolio.get(position.portfolioId)!;
  keys.splice(keys.indexOf(key), 1);
  if (keys.length === 0) ctx.state.positions.byPortfolio.delete(position.portfolioId);
}
