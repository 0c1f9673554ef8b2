/** The order that closes part of a position, as liquidation and ADL place it for the position's portfolio. */
import { ZERO, type Price, type Size } from '../../domain/money.ts';
import type { OrderOrigin } from '../../domain/orders/index.ts';
import type { Position } from '../../domain/perp/index.ts';
import type { State } from '../core/state.ts';
import type { PlaceOrder } from '../trading/index.ts';

/** The origins of the system's orders in a liquidation: a step down a tier or a close in full. */
export type LiquidationOrigin = Extract<OrderOrigin, 'SYSTEM_REDUCE' | 'SYSTEM_LIQ'>;

/** An IOC order closing `size` of the position: reduce-only in NET mode, on the held side in BOTH mode; MARKET without a limit. */
export function closingOrder(state: Readonly<State>, position: Position, size: Size, limitPrice?: Price): PlaceOrder {
  const portfolio = state.portfolios.get(position.portfolioId)!;
  return {
    actor: { userId: portfolio.userId, keyPortfolioId: portfolio.portfolioId, primary: false },
    sym: position.sym,
    side: position.qty > 0n ? 'SELL' : 'BUY',
    type: limitPrice === undefined ? 'MARKET' : 'LIMIT',
    timeInForce: 'IOC',
    orderQty: size,
    limitPrice: limitPrice ?? ZERO,
    quoteOrderQty: ZERO,
    written: { qty: 0, price: 0, quote: 0 },
    reduceOnly: position.positionSide === 'NONE',
    positionSide: position.positionSide,
  };
}
