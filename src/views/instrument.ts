/** An instrument as `sym/info` shows it (connex-api.md §4.8): every value a decimal string. */
import type { Instrument } from '../domain/instrument.ts';
import { formatFixed } from '../domain/money.ts';

export function instrumentRow(i: Instrument): Record<string, string> {
  const row: Record<string, string> = {
    sym: i.sym,
    originalSymbol: i.originalSymbol,
    state: i.state,
    pricePrecision: String(i.pricePrecision),
    qtyPrecision: String(i.qtyPrecision),
    lotSize: formatFixed(i.lotSize),
    tickSize: formatFixed(i.tickSize),
    minNotional: formatFixed(i.minNotional),
    maxLimitSize: formatFixed(i.maxLimitSize),
    maxMarketSize: formatFixed(i.maxMarketSize),
    maxNumOrders: String(i.maxNumOrders),
    minSize: formatFixed(i.minSize),
    minLimitSize: formatFixed(i.minLimitSize),
    minMarketQuoteSize: formatFixed(i.minMarketQuoteSize),
    maxMarketQuoteSize: formatFixed(i.maxMarketQuoteSize),
    minMarketBaseSize: formatFixed(i.minMarketBaseSize),
    maxMarketBaseSize: formatFixed(i.maxMarketBaseSize),
  };
  if (i.business === 'PERP') {
    row.contractSize = formatFixed(i.contractSize!);
    row.defaultLeverage = String(i.defaultLeverage);
    row.safeLeverage = String(i.safeLeverage);
    row.liquidationFee = formatFixed(i.liquidationFee!);
  }
  return row;
}
