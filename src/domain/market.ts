/**
 * The vocabulary of markets every layer shares (connex-api.md §6): venues, business types, order
 * sides, order types and time in force. Venues, order management and the wire all speak it.
 */
export const VENUES = ['BINANCE', 'OKX'] as const;
export type VenueName = (typeof VENUES)[number];

export const BUSINESS_TYPES = ['SPOT', 'PERP', 'MARGIN'] as const;
export type BusinessType = (typeof BUSINESS_TYPES)[number];

export const SIDES = ['BUY', 'SELL'] as const;
export type Side = (typeof SIDES)[number];

export const EXCHANGE_ORDER_TYPES = ['LIMIT', 'MARKET'] as const;
export type ExchangeOrderType = (typeof EXCHANGE_ORDER_TYPES)[number];

/** GTX = post-only. */
export const TIMES_IN_FORCE = ['GTC', 'IOC', 'FOK', 'GTX'] as const;
export type TimeInForce = (typeof TIMES_IN_FORCE)[number];

export function opposite(side: Side): Side {
  return side === 'BUY' ? 'SELL' : 'BUY';
}
