/**
 * Spot order rules against an instrument (connex-api.md §4.1, §4.8): tick and lot grid, precision,
 * price band, size and notional bounds. Pure: throws the catalogue code of the first rule broken.
 * "Precision" is the number of decimals the client wrote ("0.010" has 3): a value off the tick or
 * lot grid is 401075/401071; a value on the grid written with more decimals than the venue's
 * precision is 401015/401013.
 */
import { ApiError, type CatalogueCode } from '../../catalogue/index.ts';
import { baseQty, type Instrument } from '../instrument.ts';
import { isMultipleOf, mul, times, type Amount, type Price, type Size } from '../money.ts';
import type { ExchangeOrderType, Side, TimeInForce } from '../market.ts';

/** Decimals as written by the client (0 when the field was absent). */
export interface Written {
  qty: number;
  price: number;
  quote: number;
}

export interface OrderTerms {
  side: Side;
  type: ExchangeOrderType;
  timeInForce: TimeInForce;
  /** In the instrument's unit (base coin, or contracts on OKX PERP); 0 for a market buy by quoteOrderQty. */
  orderQty: Size;
  /** LIMIT only; 0 for MARKET. */
  limitPrice: Price;
  /** MARKET BUY by quote amount only; 0 otherwise. */
  quoteOrderQty: Amount;
  written: Written;
}

/** What `assertOrderTerms` can answer, and `assertReplacement` (the API documents list them). */
export const ORDER_TERMS_CODES: readonly CatalogueCode[] = [
  401042, 401024, 401006, 401005, 401017, 401021, 401122, 401028, 401026, 401075, 401015, 401016, 401012, 401071, 401013, 401014, 401025, 401029, 401027,
];
export const REPLACEMENT_CODES: readonly CatalogueCode[] = [401075, 401015, 401016, 401012, 401071, 401013, 401014, 401025, 401114];

/** Limit prices the venue accepts: within [reference / 5, reference × 5] (Binance PERCENT_PRICE). */
export const PRICE_BAND = 5n;

export function assertOrderTerms(instrument: Instrument, terms: OrderTerms, referencePrice: Price): void {
  if (terms.type === 'MARKET' && terms.timeInForce === 'GTX') throw new ApiError(401042);
  if (terms.type === 'LIMIT') assertLimitTerms(instrument, terms, referencePrice);
  else assertMarketTerms(instrument, terms);
}

function assertLimitTerms(instrument: Instrument, { orderQty, limitPrice, quoteOrderQty, written }: OrderTerms, referencePrice: Price): void {
  if (quoteOrderQty !== 0n) throw new ApiError(401024);
  if (limitPrice <= 0n) throw new ApiError(401006);
  if (orderQty <= 0n) throw new ApiError(401005);
  assertPrice(instrument, limitPrice, written.price, referencePrice);
  assertQuantity(instrument, orderQty, written.qty, limitBounds(instrument));
  if (notional(instrument, limitPrice, orderQty) < instrument.minNotional) throw new ApiError(401017);
}

function assertMarketTerms(instrument: Instrument, { side, orderQty, quoteOrderQty, written }: OrderTerms): void {
  if (quoteOrderQty !== 0n) {
    if (side !== 'BUY' || orderQty !== 0n) throw new ApiError(401024);
    assertQuoteAmount(instrument, quoteOrderQty, written.quote);
    return;
  }
  if (orderQty <= 0n) throw new ApiError(401005);
  assertQuantity(instrument, orderQty, written.qty, {
    below: 401029,
    min: instrument.minMarketBaseSize,
    above: 401027,
    max: minPositive(instrument.maxMarketBaseSize, instrument.maxMarketSize),
  });
}

/** A replacement keeps the order a LIMIT order; its new price and total quantity obey the same rules. */
export function assertReplacement(instrument: Instrument, price: Price, quantity: Size, written: Written, referencePrice: Price): void {
  assertPrice(instrument, price, written.price, referencePrice);
  assertQuantity(instrument, quantity, written.qty, limitBounds(instrument));
  if (notional(instrument, price, quantity) < instrument.minNotional) throw new ApiError(401114);
}

/** Quote coin `quantity` is worth at `price`, rounded down. */
export function notional(instrument: Instrument, price: Price, quantity: Size): Amount {
  return mul(price, baseQty(instrument, quantity));
}

function assertQuoteAmount(instrument: Instrument, quoteOrderQty: Amount, writtenDecimals: number): void {
  if (quoteOrderQty <= 0n) throw new ApiError(401021);
  if (writtenDecimals > instrument.pricePrecision) throw new ApiError(401122, String(instrument.pricePrecision));
  if (quoteOrderQty < instrument.minMarketQuoteSize) throw new ApiError(401028);
  if (instrument.maxMarketQuoteSize > 0n && quoteOrderQty > instrument.maxMarketQuoteSize) throw new ApiError(401026);
}

function assertPrice(instrument: Instrument, price: Price, writtenDecimals: number, referencePrice: Price): void {
  if (!isMultipleOf(price, instrument.tickSize)) throw new ApiError(401075);
  if (writtenDecimals > instrument.pricePrecision) throw new ApiError(401015);
  if (referencePrice > 0n && times(price, PRICE_BAND) < referencePrice) throw new ApiError(401016);
  if (referencePrice > 0n && price > times(referencePrice, PRICE_BAND)) throw new ApiError(401012);
}

interface SizeBounds {
  below: CatalogueCode;
  min: Size;
  above: CatalogueCode;
  max: Size;
}

function limitBounds(instrument: Instrument): SizeBounds {
  const min = instrument.minSize > instrument.minLimitSize ? instrument.minSize : instrument.minLimitSize;
  return { below: 401014, min, above: 401025, max: instrument.maxLimitSize };
}

function assertQuantity(instrument: Instrument, quantity: Size, writtenDecimals: number, bounds: SizeBounds): void {
  if (!isMultipleOf(quantity, instrument.lotSize)) throw new ApiError(401071);
  if (writtenDecimals > instrument.qtyPrecision) throw new ApiError(401013);
  if (quantity < bounds.min) throw new ApiError(bounds.below);
  if (bounds.max > 0n && quantity > bounds.max) throw new ApiError(bounds.above);
}

/** The tighter of two maxima, where 0 means "no maximum". */
function minPositive(a: Size, b: Size): Size {
  if (a === 0n) return b;
  if (b === 0n) return a;
  return a < b ? a : b;
}
