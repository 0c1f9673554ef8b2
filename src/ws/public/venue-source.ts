/** The MarketSource of the built-in simulated venues: their instrument registry and books in engine state. */
import type { State } from '../../engine/core/state.ts';
import { allInstruments, findInstrument, normalizeSym } from '../../venues/sim/instruments/registry.ts';
import { openInterestOf } from '../../venues/sim/market/open-interest.ts';
import { indexPrice, markPrice } from '../../venues/sim/market/price-process.ts';
import { simVenue } from '../../venues/sim/state.ts';
import type { MarketSource } from './market-feed.ts';

export function simMarketSource(state: () => Readonly<State>): MarketSource {
  return {
    instruments: allInstruments,
    find: (sym) => findInstrument(normalizeSym(sym)),
    depth(sym, levels) {
      const instrument = findInstrument(sym);
      if (!instrument) return { bids: [], asks: [] };
      return simVenue(state().sim, instrument.venue).depth(sym, levels);
    },
    perpPrices(sym) {
      const { market } = state().sim;
      const base = findInstrument(sym)!.base;
      return { mark: markPrice(market, base), index: indexPrice(market, base) };
    },
    openInterest(sym) {
      return openInterestOf(state().sim.market.openInterest, findInstrument(sym)!);
    },
  };
}
