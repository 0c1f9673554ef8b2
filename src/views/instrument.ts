/** An instrument as `sym/info` shows it (connex-api.md §4.8): every value a decimal string. */
import { Type, type Static } from '@sinclair/typebox';
import type { Instrument } from '../domain/instrument.ts';
import { formatFixed } from '../domain/money.ts';
import { Decimal, Strict } from './schema.ts';

const Count = (description: string) => Type.String({ pattern: '^[0-9]+$', description });

export const InstrumentRowSchema = Strict(
  {
    sym: Type.String({ examples: ['BINANCE_SPOT_BTC_USDT'] }),
    originalSymbol: Type.String({ description: "The venue's own symbol.", examples: ['BTCUSDT'] }),
    state: Type.Literal('live'),
    pricePrecision: Count('Decimals of a price.'),
    qtyPrecision: Count('Decimals of a quantity.'),
    lotSize: Decimal(),
    tickSize: Decimal(),
    minNotional: Decimal(),
    maxLimitSize: Decimal(),
    maxMarketSize: Decimal(),
    maxNumOrders: Count('Open orders per portfolio on this sym.'),
    minSize: Decimal(),
    minLimitSize: Decimal(),
    minMarketQuoteSize: Decimal(),
    maxMarketQuoteSize: Decimal(),
    minMarketBaseSize: Decimal(),
    maxMarketBaseSize: Decimal(),
    contractSize: Type.Optional(Decimal({ description: 'PERP only: base coin per contract (OKX counts quantities in contracts).' })),
    defaultLeverage: Type.Optional(Count('PERP only.')),
    safeLeverage: Type.Optional(Count('PERP only.')),
    liquidationFee: Type.Optional(Decimal({ description: 'PERP only.' })),
  },
  { title: 'Instrument' },
);

export function instrumentRow(i: Instrument): Static<typeof InstrumentRowSchema> {
  const row = {
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
  if (i.business !== 'PERP') return row;
  return {
    ...row,
    contractSize: formatFixed(i.contractSize!),
    defaultLeverage: String(i.defaultLeverage),
    safeLeverage: String(i.safeLeverage),
    liquidationFee: formatFixed(i.liquidationFee!),
  };
}
