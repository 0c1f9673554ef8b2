/**
 * MARK_PRICE_KLINE and INDEX_KLINE (connex-api.md §5.6): candles of a perp's mark and index price,
 * sampled on every market tick as the venues publish the price. A sample folds in as a
 * trade of no volume would, so the candles have the KLINE shape with volume "0".
 */
import { CandleSeries, type CandleChange } from '../../domain/candles.ts';
import { ZERO, type Price } from '../../domain/money.ts';

export const PRICE_CANDLE_CHANNELS = ['MARK_PRICE_KLINE', 'INDEX_KLINE'] as const;
export type PriceCandleChannel = (typeof PRICE_CANDLE_CHANNELS)[number];

/** The price each channel's candles sample. */
export const SAMPLED_PRICE = { MARK_PRICE_KLINE: 'MARK_PRICE', INDEX_KLINE: 'INDEX_PRICE' } as const satisfies Record<PriceCandleChannel, string>;

/** A perp's candles of each price. */
export type PriceCandles = Record<PriceCandleChannel, CandleSeries>;

export function newPriceCandles(): PriceCandles {
  return { MARK_PRICE_KLINE: new CandleSeries(), INDEX_KLINE: new CandleSeries() };
}

/** Folds one sample of a price into its candles; returns what changed, per interval. */
export function samplePrice(candles: CandleSeries, price: Price, ts: number): CandleChange[] {
  return candles.add(price, ZERO, ts);
}
