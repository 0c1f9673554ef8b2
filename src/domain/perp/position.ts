/**
 * A perpetual position and what a fill does to it (decisions L5, L6; connex-api.md §4.3). The size is
 * signed in the instrument's unit (+ long, − short; contracts on OKX). The position keeps what its open
 * size cost (`openCost`, quote coin), so the average price, the realized PnL of a close and the
 * unrealized PnL at a mark are exact: Σ realized + unrealized over everyone at one mark is what the
 * fills' cash flows say, to the last unit.
 */
import { baseQty, type Instrument } from '../instrument.ts';
import type { Side, VenueName } from '../market.ts';
import { abs, add, div, mul, mulDiv, neg, sub, ZERO, type Amount, type Price, type Size } from '../money.ts';
import type { PositionSide } from '../orders/index.ts';

export const POSITION_MODES = ['NET', 'BOTH'] as const;
/** NET: one signed position per sym (positionSide NONE). BOTH (hedge): a LONG and a SHORT position per sym. */
export type PositionMode = (typeof POSITION_MODES)[number];

export interface Position {
  positionId: string;
  portfolioId: string;
  sym: string;
  venue: VenueName;
  positionSide: PositionSide;
  /** Signed: + long, − short. */
  qty: Size;
  /** Quote coin the open size cost (Σ fill notional opening it, less the cost closes took out); ≥ 0. */
  openCost: Amount;
  /** Trading fees paid while the position was open (quote coin, positive = paid). */
  fee: Amount;
  /** Signed sum of the funding it paid (−) and received (+). */
  fundingFee: Amount;
  realizedPnl: Amount;
  /** Largest |qty| it reached. */
  maxQty: Size;
  /** Size closed so far, and the notional those closes traded at (closedAvgPrice). */
  closedQty: Size;
  closedValue: Amount;
  /** Size opened so far, and the notional it opened at (openAvgPrice of the history row). */
  openedQty: Size;
  openedValue: Amount;
  /** Liquidation fees charged against it (quote coin); absent until one is. */
  liqFee?: Amount;
  /** Set when a liquidation closed it rather than its owner; absent otherwise. */
  closedBy?: PositionClosedBy;
  createAt: number;
  updateAt: number;
}

/** LIQUIDATED: closed by the liquidation of its account; ADL: deleveraged against another account's liquidation. */
export type PositionClosedBy = 'LIQUIDATED' | 'ADL';

export function newPosition(fields: Pick<Position, 'positionId' | 'portfolioId' | 'sym' | 'venue' | 'positionSide'>, ts: number): Position {
  return {
    ...fields,
    qty: ZERO,
    openCost: ZERO,
    fee: ZERO,
    fundingFee: ZERO,
    realizedPnl: ZERO,
    maxQty: ZERO,
    closedQty: ZERO,
    closedValue: ZERO,
    openedQty: ZERO,
    openedValue: ZERO,
    createAt: ts,
    updateAt: ts,
  };
}

/** +size for a BUY, −size for a SELL. */
export function signedSize(side: Side, size: Size): Size {
  return side === 'BUY' ? size : neg(size);
}

/** What one fill did to a position. */
export interface PositionFill {
  /** Size the fill closed (≤ |qty| before). */
  closed: Size;
  /** Realized PnL of the closed part (quote coin). */
  rpnl: Amount;
  /** Size of the fill left over after closing the whole position: it opens the other direction (NET only). */
  reversing: Size;
}

/**
 * Applies a fill of `size` at `price` to the position: it closes against the open size first (realizing
 * PnL against the average cost), and adds the rest to the position when it goes the same way. A fill
 * larger than an opposite position leaves `reversing` over, for a new position the caller opens.
 */
export function applyFill(position: Position, instrument: Instrument, side: Side, size: Size, price: Price, ts: number): PositionFill {
  const delta = signedSize(side, size);
  position.updateAt = ts;
  if (position.qty === 0n || position.qty > 0n === delta > 0n) {
    open(position, instrument, delta, price);
    return { closed: ZERO, rpnl: ZERO, reversing: ZERO };
  }
  const held = abs(position.qty);
  const closed = size < held ? size : held;
  const rpnl = close(position, instrument, closed, price);
  return { closed, rpnl, reversing: sub(size, closed) };
}

function open(position: Position, instrument: Instrument, delta: Size, price: Price): void {
  const size = abs(delta);
  const cost = mul(price, baseQty(instrument, size), 'down');
  position.qty = add(position.qty, delta);
  position.openCost = add(position.openCost, cost);
  position.openedQty = add(position.openedQty, size);
  position.openedValue = add(position.openedValue, cost);
  if (abs(position.qty) > position.maxQty) position.maxQty = abs(position.qty);
}

function close(position: Position, instrument: Instrument, closed: Size, price: Price): Amount {
  const held = abs(position.qty);
  const cost = closed === held ? position.openCost : mulDiv(position.openCost, closed, held, 'halfUp');
  const proceeds = mul(price, baseQty(instrument, closed), 'down');
  const rpnl = position.qty > 0n ? sub(proceeds, cost) : sub(cost, proceeds);
  position.qty = position.qty > 0n ? sub(position.qty, closed) : add(position.qty, closed);
  position.openCost = sub(position.openCost, cost);
  position.realizedPnl = add(position.realizedPnl, rpnl);
  position.closedQty = add(position.closedQty, closed);
  position.closedValue = add(position.closedValue, proceeds);
  return rpnl;
}

/** Average entry price of the open size; 0 when flat. */
export function averagePrice(position: Position, instrument: Instrument): Price {
  if (position.qty === 0n) return ZERO;
  return div(position.openCost, baseQty(instrument, abs(position.qty)), 'halfUp');
}

/** |qty| × contractSize × mark: what the position is worth at the mark (quote coin). */
export function positionNotional(position: Pick<Position, 'qty'>, instrument: Instrument, mark: Price): Amount {
  return mul(mark, baseQty(instrument, abs(position.qty)), 'down');
}

/** Unrealized PnL at the mark: what closing at the mark would realize. */
export function unrealizedPnl(position: Position, instrument: Instrument, mark: Price): Amount {
  if (position.qty === 0n) return ZERO;
  const value = mul(mark, baseQty(instrument, abs(position.qty)), 'down');
  return position.qty > 0n ? sub(value, position.openCost) : sub(position.openCost, value);
}
