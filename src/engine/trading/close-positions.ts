/**
 * Closing positions at market (connex-api.md §4.3; decisions D4, L5): one position, or a batch by sym
 * list or all of an exchange. A close is an ordinary MARKET order of the portfolio (reduce-only in
 * NET mode, the opposite side on the held positionSide in BOTH mode), so it meets the book like any order.
 */
import { ApiError } from '../../catalogue/index.ts';
import type { Portfolio } from '../../domain/identity/index.ts';
import type { Instrument } from '../../domain/instrument.ts';
import type { VenueName } from '../../domain/market.ts';
import { abs, min, ZERO } from '../../domain/money.ts';
import type { PositionSide } from '../../domain/orders/index.ts';
import type { Position } from '../../domain/perp/index.ts';
import type { CommandContext } from '../core/context.ts';
import { actingPortfolio, type Actor } from '../identity/index.ts';
import { openPositionsOf, perpInstrument, positionModeOf, positionOf } from '../positions/index.ts';
import { openOrdersOf } from './open-orders.ts';
import { placeFor } from './place.ts';

export interface ClosePosition {
  actor: Actor;
  sym: string;
  /** Required in BOTH mode (401091); ignored in NET mode. */
  positionSide?: PositionSide;
}

export interface ClosePositions {
  actor: Actor;
  /** Up to 20 syms; ignored when closeAll. */
  syms: string[];
  positionSide?: PositionSide;
  closeAll: boolean;
  /** closeAll only: the exchange to close (absent: every exchange). */
  venue?: VenueName;
}

/** One row of a batch close (§4.3): orderId "" and success false with the refusal's message when the close failed. */
export interface CloseRow {
  sym: string;
  positionSide: PositionSide;
  orderId: string;
  success: boolean;
  errorMsg: string;
}

/** The held position a close names: NONE in NET mode; LONG or SHORT, required, in BOTH mode. */
function heldSide(ctx: CommandContext, portfolio: Portfolio, instrument: Instrument, side: PositionSide | undefined): PositionSide {
  if (positionModeOf(ctx.state, portfolio.portfolioId, instrument.venue) === 'NET') return 'NONE';
  if (side === undefined || side === 'NONE') throw new ApiError(401091);
  return side;
}

/** Places the market order that closes a position: 401097 when there is none, 401038 while a close order of it is open. */
function closeHeld(ctx: CommandContext, portfolio: Portfolio, actor: Actor, instrument: Instrument, positionSide: PositionSide): string {
  const position = positionOf(ctx.state, portfolio.portfolioId, instrument.sym, positionSide);
  if (!position || position.qty === ZERO) throw new ApiError(401097);
  const side = position.qty > 0n ? 'SELL' : 'BUY';
  const closing = openOrdersOf(ctx.state, portfolio.portfolioId).some(
    (o) => o.sym === instrument.sym && o.side === side && (o.reduceOnly || (o.positionSide === positionSide && positionSide !== 'NONE')),
  );
  if (closing) throw new ApiError(401038);
  const { order } = placeFor(ctx, portfolio, {
    actor,
    sym: instrument.sym,
    side,
    type: 'MARKET',
    timeInForce: 'IOC',
    // One market order closes at most the venue's market size: a larger position takes several closes.
    orderQty: min(abs(position.qty), instrument.maxMarketSize),
    limitPrice: ZERO,
    quoteOrderQty: ZERO,
    written: { qty: 0, price: 0, quote: 0 },
    reduceOnly: positionSide === 'NONE',
    positionSide,
  });
  return order.orderId;
}

function closePosition(ctx: CommandContext, cmd: ClosePosition): { orderId: string } {
  const portfolio = actingPortfolio(ctx.state, cmd.actor);
  const instrument = perpInstrument(ctx, cmd.sym);
  return { orderId: closeHeld(ctx, portfolio, cmd.actor, instrument, heldSide(ctx, portfolio, instrument, cmd.positionSide)) };
}

/** Each row stands alone: a refused close changes nothing and says why; the others go ahead. */
function closePositions(ctx: CommandContext, cmd: ClosePositions): { rows: CloseRow[] } {
  const portfolio = actingPortfolio(ctx.state, cmd.actor);
  const targets: { sym: string; positionSide: PositionSide | undefined }[] = cmd.closeAll
    ? openPositionsOf(ctx.state, portfolio.portfolioId, cmd.venue).map((p: Position) => ({ sym: p.sym, positionSide: p.positionSide }))
    : cmd.syms.map((sym) => ({ sym, positionSide: cmd.positionSide }));
  const rows = targets.map(({ sym, positionSide }) => {
    const row: CloseRow = { sym, positionSide: positionSide ?? 'NONE', orderId: '', success: false, errorMsg: '' };
    try {
      const instrument = perpInstrument(ctx, sym);
      row.sym = instrument.sym;
      row.positionSide = heldSide(ctx, portfolio, instrument, positionSide);
      row.orderId = closeHeld(ctx, portfolio, cmd.actor, instrument, row.positionSide);
      row.success = true;
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      row.errorMsg = error.message;
    }
    return row;
  });
  return { rows };
}

export const closePositionHandlers = { closePosition, closePositions };
