/**
 * Auto-deleveraging (decisions L8; research-perps.md §1.5): what the book cannot take of a liquidated position
 * within what the insurance fund covers is settled against the positions on the other side, highest ADL score
 * first, at the bankruptcy price: a direct settlement between two positions (orders of both portfolios filled
 * off the book, SYSTEM_REDUCE for the other side, no fee), so the liquidated account ends at 0 and money moves
 * only from one side to the other.
 */
import { baseQty } from '../../domain/instrument.ts';
import { abs, add, min, neg, sub, ZERO, type Amount, type Size } from '../../domain/money.ts';
import { adlQuintile, adlScore, bankruptcyPrice, type Position } from '../../domain/perp/index.ts';
import type { MarketData } from '../../venues/index.ts';
import type { CommandContext } from '../core/context.ts';
import type { State } from '../core/state.ts';
import { marginAccount, openPositionsOf, positionClosedBy, positionRisk } from '../positions/index.ts';
import { fillOffBook } from '../trading/index.ts';
import { closingOrder, type LiquidationOrigin } from './close-order.ts';

/** One of a portfolio's positions and its ADL quintile (5: reduced first). */
export interface AdlRank {
  position: Position;
  adlRank: number;
}

/**
 * The positions of a sym held in one direction, in the order ADL reaches them: highest score first, ties by
 * positionId. The house's count too: they are the other side of the clients' trades, so together the positions
 * of one direction always hold as much as those of the other.
 */
function adlQueue(state: Readonly<State>, market: MarketData, sym: string, long: boolean): Position[] {
  const equities = new Map<string, Amount>();
  const equityOf = (position: Position) => {
    let equity = equities.get(position.portfolioId);
    if (equity === undefined) equities.set(position.portfolioId, (equity = marginAccount(state, market, position.portfolioId, position.venue).equity));
    return equity;
  };
  const scored = [...state.positions.open.values()]
    .filter((position) => position.sym === sym && position.qty > 0n === long)
    .map((position) => {
      const risk = positionRisk(state, market, position);
      return { position, score: adlScore(risk.upnl, position.openCost, risk.notional, equityOf(position)) };
    });
  scored.sort((a, b) => (a.score === b.score ? a.position.positionId.localeCompare(b.position.positionId) : a.score > b.score ? -1 : 1));
  return scored.map(({ position }) => position);
}

/** The ADL quintile of each of a portfolio's open positions (of one sym when given), among the positions of its sym and direction. */
export function adlRanksOf(state: Readonly<State>, market: MarketData, portfolioId: string, sym?: string): AdlRank[] {
  const queues = new Map<string, Position[]>();
  return openPositionsOf(state, portfolioId)
    .filter((position) => sym === undefined || position.sym === sym)
    .map((position) => {
      const key = `${position.sym}|${position.qty > 0n}`;
      let queue = queues.get(key);
      if (!queue) queues.set(key, (queue = adlQueue(state, market, position.sym, position.qty > 0n)));
      return { position, adlRank: adlQuintile(queue.indexOf(position), queue.length) };
    });
}

/**
 * One ranking per sym and direction for a whole command: a liquidation round deleverages against the ranks it
 * started with, as exchanges publish ADL ranks periodically, instead of ranking the whole side again (every
 * counterparty's margin account) at every step.
 */
const ROUND_QUEUES = new WeakMap<CommandContext, Map<string, Position[]>>();

function rankedQueue(ctx: CommandContext, sym: string, long: boolean): Position[] {
  let queues = ROUND_QUEUES.get(ctx);
  if (!queues) ROUND_QUEUES.set(ctx, (queues = new Map()));
  const key = `${sym}|${long}`;
  let queue = queues.get(key);
  if (!queue) queues.set(key, (queue = adlQueue(ctx.state, ctx.venues.market, sym, long)));
  return queue;
}

/**
 * Settles `size` of a liquidated position against the other side at its bankruptcy price (the account's equity
 * at the marks now brought to 0); answers the notional closed (0 when no positive price is the bankruptcy price).
 */
export function deleverage(ctx: CommandContext, position: Position, size: Size, origin: LiquidationOrigin): Amount {
  const { market } = ctx.venues;
  const instrument = market.instrument(position.sym)!;
  const equity = marginAccount(ctx.state, market, position.portfolioId, position.venue).equity;
  const base = baseQty(instrument, position.qty > 0n ? size : neg(size));
  const price = bankruptcyPrice(base, market.markPrice(instrument), equity, instrument.tickSize);
  if (price === 0n) return ZERO;
  const bankrupt = ctx.state.portfolios.get(position.portfolioId)!;
  let left = size;
  let closed = ZERO as Amount;
  for (const other of rankedQueue(ctx, position.sym, position.qty < 0n)) {
    if (left === 0n) break;
    // Ranked at the round's start: skip what has closed since, and the bankrupt account itself.
    if (other.portfolioId === position.portfolioId || other.qty === 0n) continue;
    const taken = min(left, abs(other.qty));
    fillOffBook(ctx, ctx.state.portfolios.get(other.portfolioId)!, closingOrder(ctx.state, other, taken, price), 'SYSTEM_REDUCE');
    if (other.qty === 0n) positionClosedBy(ctx, other, 'ADL');
    closed = add(closed, fillOffBook(ctx, bankrupt, closingOrder(ctx.state, position, taken, price), origin).executedAmount);
    left = sub(left, taken);
  }
  return closed;
}
