/**
 * An instrument of a venue (`sym`, connex-api.md §1.4, §4.8) and its order rules. Sizes are in base
 * coin, except OKX PERP where they are contracts of `contractSize` base coin each: the size fields
 * are `Size` (Qty or Contracts), and `baseQty` is the one way from a size to base coin.
 */
import type { BusinessType, VenueName } from './market.ts';
import { div, mul, ONE, type Amount, type Contracts, type Price, type Qty, type Rate, type Rounding, type Size } from './money.ts';

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
  tickSize: Price;
  lotSize: Size;
  minSize: Size;
  /** Quote coin. */
  minNotional: Amount;
  minLimitSize: Size;
  maxLimitSize: Size;
  maxMarketSize: Size;
  minMarketBaseSize: Size;
  maxMarketBaseSize: Size;
  minMarketQuoteSize: Amount;
  maxMarketQuoteSize: Amount;
  maxNumOrders: number;
  /** PERP only: base coin per contract (1 on BINANCE, where quantities are base coin). */
  contractSize?: Qty;
  defaultLeverage?: number;
  safeLeverage?: number;
  maxLeverage?: number;
  liquidationFee?: Rate;
  makerFeeRate: Rate;
  takerFeeRate: Rate;
}

const ONE_COIN = ONE as bigint as Qty;

/** Base coin in one unit of the instrument's size: `contractSize` on perps (1 on BINANCE), one coin elsewhere. */
export function unitQty(instrument: Pick<Instrument, 'contractSize'>): Qty {
  return instrument.contractSize ?? ONE_COIN;
}

/**
 * A size of the instrument in base coin: contracts × contractSize on perps (× 1 on BINANCE, whose perp
 * sizes are already base coin), the size itself elsewhere.
 */
export function baseQty(instrument: Pick<Instrument, 'contractSize'>, size: Size): Qty {
  return instrument.contractSize === undefined ? (size as Qty) : mul(size as Contracts, instrument.contractSize);
}

/** Quote coin one unit of the instrument's size is worth at `price` (a contract's worth on perps). */
export function unitValue(instrument: Pick<Instrument, 'contractSize'>, price: Price, rounding: Rounding): Amount {
  return mul(price, unitQty(instrument), rounding);
}

/** How many units of size `notional` is worth when one unit is worth `value` (both in quote coin). */
export function sizeWorth(notional: Amount, value: Amount, rounding: Rounding): Size {
  return div(notional, value, rounding) as bigint as Size;
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
