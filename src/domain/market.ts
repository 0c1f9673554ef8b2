/**
 * The vocabulary of markets every layer shares (connex-api.md §6): venues, business types, order
 * sides, order types and time in force. Venues, order management and the wire all speak it.
 */
export const VENUES = ['BINANCE', 'OKX'] as const;
export type VenueName = (typeof VENUES)[number];

export function isVenue(value: string): value is VenueName {
  return (VENUES as readonly string[]).includes(value);
}

export const BUSINESS_TYPES = ['SPOT', 'PERP', 'MARGIN'] as const;
export type BusinessType = (typeof BUSINESS_TYPES)[number];

export type Side = 'BUY' | 'SELL';
export type ExchangeOrderType = 'LIMIT' | 'MARKET';
export type TimeInForce = 'GTC' | 'IOC' | 'FOK' | 'GTX';

export function opposite(side: Side): Side {
  return side === 'BUY' ? 'SELL' : 'BUY';
}
