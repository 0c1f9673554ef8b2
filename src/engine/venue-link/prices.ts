/** Prices the engine and its reads take from the venues' market data. */
import { STABLE_COINS } from '../../domain/coins.ts';
import { fromInt, ZERO, type Price } from '../../domain/money.ts';
import type { MarketData } from '../../venues/index.ts';

/** USD value of one unit of a coin: 1 for stable coins, the venues' index price for the others, 0 if unknown. */
export function indexPriceOf(market: MarketData, coin: string): Price {
  if (STABLE_COINS.includes(coin)) return fromInt(1);
  return market.indexPrice(coin) ?? ZERO;
}
