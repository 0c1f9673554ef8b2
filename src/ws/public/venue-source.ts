/** The MarketSource of the market-data publisher: the venues' market data, read through the engine's reads. */
import { normalizeSym } from '../../domain/instrument.ts';
import type { EngineReads } from '../../engine/reads.ts';
import type { MarketSource } from './market-feed.ts';

export function venueMarketSource(reads: EngineReads): MarketSource {
  return {
    instruments: () => reads.market.instruments(),
    find: (sym) => reads.market.instrument(normalizeSym(sym)),
    depth: (sym, levels) => reads.market.depth(sym, levels),
    perpPrices(sym) {
      const market = reads.market;
      const instrument = market.instrument(sym)!;
      return { mark: market.markPrice(instrument), index: market.indexPrice(instrument.base)! };
    },
    openInterest: (sym) => reads.market.openInterest(reads.market.instrument(sym)!),
  };
}
