/** Every instrument of the simulated venues, built from the per-venue data files. */
import type { Instrument } from '../../../domain/instrument.ts';
import { decimalsOf, parseFixed, type Amount, type Fixed, type Size, type Unit } from '../../../domain/money.ts';
import { BINANCE_RULES } from './binance.ts';
import { OKX_RULES } from './okx.ts';
import type { MarketRow, VenueRules } from './rules.ts';
import type { BusinessType, VenueName } from '../../../domain/market.ts';

export const VENUE_RULES: readonly VenueRules[] = [BINANCE_RULES, OKX_RULES];

/** A decimal of the instrument data, of the unit of the field it fills. */
function fixed<U extends Unit>(text: string): Fixed<U> {
  const value = parseFixed<U>(text);
  if (value === null) throw new Error(`bad decimal in instrument data: ${text}`);
  return value;
}

function build(rules: VenueRules, business: BusinessType, row: MarketRow): Instrument {
  const minSize: Size = fixed(row.minSize ?? row.lotSize);
  const maxMarketSize: Size = fixed(row.maxMarketSize);
  const minNotional: Amount = fixed(row.minNotional ?? rules.minNotional);
  const fees = rules.fees[business];
  const instrument: Instrument = {
    sym: `${rules.venue}_${business}_${row.base}_${row.quote}`,
    originalSymbol: rules.originalSymbol(business, row.base, row.quote),
    venue: rules.venue,
    business,
    base: row.base,
    quote: row.quote,
    state: 'live',
    pricePrecision: decimalsOf(row.tickSize),
    qtyPrecision: decimalsOf(row.lotSize),
    tickSize: fixed(row.tickSize),
    lotSize: fixed(row.lotSize),
    minSize,
    minNotional,
    minLimitSize: minSize,
    maxLimitSize: fixed(row.maxLimitSize),
    maxMarketSize,
    minMarketBaseSize: minSize,
    maxMarketBaseSize: maxMarketSize,
    minMarketQuoteSize: minNotional,
    maxMarketQuoteSize: fixed(rules.maxMarketQuoteSize),
    maxNumOrders: rules.maxNumOrders[business],
    makerFeeRate: fixed(fees.maker),
    takerFeeRate: fixed(fees.taker),
  };
  if (business === 'PERP') {
    instrument.contractSize = fixed(row.contractSize ?? '1');
    instrument.defaultLeverage = rules.perp.defaultLeverage;
    instrument.safeLeverage = rules.perp.safeLeverage;
    instrument.maxLeverage = row.maxLeverage;
    instrument.liquidationFee = fixed(row.liquidationFee ?? rules.perp.liquidationFee);
  }
  if (business === 'MARGIN') instrument.maxLeverage = rules.marginMaxLeverage;
  return instrument;
}

function venueInstruments(rules: VenueRules): Instrument[] {
  const spotByPair = new Map(rules.spot.map((row) => [`${row.base}/${row.quote}`, row]));
  const margin = rules.margin.map((pair) => {
    const row = spotByPair.get(pair);
    if (!row) throw new Error(`${rules.venue} margin pair ${pair} has no spot row`);
    return build(rules, 'MARGIN', row);
  });
  return [
    ...rules.spot.map((row) => build(rules, 'SPOT', row)),
    ...rules.perps.map((row) => build(rules, 'PERP', row)),
    ...margin,
  ];
}

export function venueRules(venue: VenueName): VenueRules {
  return VENUE_RULES.find((rules) => rules.venue === venue)!;
}

const BY_VENUE = new Map<VenueName, readonly Instrument[]>(VENUE_RULES.map((rules) => [rules.venue, venueInstruments(rules)]));
const BY_SYM: ReadonlyMap<string, Instrument> = new Map([...BY_VENUE.values()].flat().map((i) => [i.sym, i]));

/** Every PERP instrument, BINANCE's then OKX's, in their data files' order (the order ticks draw for them in). */
export const PERP_INSTRUMENTS: readonly Instrument[] = [...BY_VENUE.values()].flat().filter((i) => i.business === 'PERP');

export function allInstruments(): Iterable<Instrument> {
  return BY_SYM.values();
}

export function instrumentsOf(venue: VenueName): readonly Instrument[] {
  return BY_VENUE.get(venue) ?? [];
}

export function findInstrument(sym: string): Instrument | undefined {
  return BY_SYM.get(sym);
}
