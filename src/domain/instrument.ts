/**
 * An instrument of a venue (`sym`, connex-api.md §1.4, §4.8) and its order rules. Quantities are
 * in base coin, except OKX PERP where they are contracts of `contractSize` base coin each.
 */
import type { BusinessType, VenueName } from './market.ts';
import type { Fixed } from './money.ts';

export interface Instrument {
  sym: string;
  originalSymbol: string;
  venue: VenueName;
  business: BusinessType;
  base: string;
  quote: string;
  state: 'live';
  pricePrecision: number;
  qtyPrecision: number;
  tickSize: Fixed;
  lotSize: Fixed;
  minSize: Fixed;
  minNotional: Fixed;
  minLimitSize: Fixed;
  maxLimitSize: Fixed;
  maxMarketSize: Fixed;
  minMarketBaseSize: Fixed;
  maxMarketBaseSize: Fixed;
  minMarketQuoteSize: Fixed;
  maxMarketQuoteSize: Fixed;
  maxNumOrders: number;
  /** PERP only: base coin per contract (1 on BINANCE, where quantities are base coin). */
  contractSize?: Fixed;
  defaultLeverage?: number;
  safeLeverage?: number;
  maxLeverage?: number;
  liquidationFee?: Fixed;
  makerFeeRate: Fixed;
  takerFeeRate: Fixed;
}

/** BINANCE_SPOT_BTC_USDT → its parts; null when it is not of that form. */
export function parseSym(sym: string): { venue: string; business: string; base: string; quote: string } | null {
  const parts = sym.split('_');
  if (parts.length !== 4 || parts.some((p) => !/^[A-Z0-9]+$/.test(p))) return null;
  const [venue, business, base, quote] = parts;
  return { venue, business, base, quote };
}

/** The reference's own pages spell OKX_PEPR_…; such a sym means the PERP market (connex-api.md §1.4). */
export function normalizeSym(sym: string): string {
  return sym.replace(/^([A-Z]+)_PEPR_/, '$1_PERP_');
}
