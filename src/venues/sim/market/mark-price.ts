/**
 * Perp mark prices (decisions L7; the shape of research-perps.md §1.3): index = the base's reference
 * price, mark = index + a basis that follows the perp's own book. Each market tick samples the book
 * ((bid1 + ask1) / 2 − index), moves the basis toward the sample as an exponential moving average and
 * lets it decay toward 0 (only decay when the book lacks a side), within ±0.5 % of the index. So a
 * client who pushes the book moves the mark a little, and it comes back once the makers re-quote.
 */
import type { Instrument } from '../../../domain/instrument.ts';
import { add, asRate, mul, neg, ONE, roundToStep, scale, sub, ZERO, type Price, type Rate } from '../../../domain/money.ts';
import type { TopOfBook } from '../../venue.ts';
import { PERP_INSTRUMENTS } from '../instruments/index.ts';
import { scaleBy } from '../random/index.ts';
import { indexPrice, referencePrice, type MarketState } from './price-process.ts';

/** How fast the basis takes up the book's samples: half-way in a minute (Binance averages 2.5 minutes of them). */
const SAMPLE_HALF_LIFE_MS = 60_000;
const DECAY_HALF_LIFE_MS = 10 * 60_000;
const BAND: Rate = asRate(ONE / 200n);

export function markPrice(market: MarketState, instrument: Instrument): Price {
  const index = indexPrice(market, instrument.base);
  return add(index, withinBand(market.basis.get(instrument.sym) ?? ZERO, index));
}

/** Where an instrument's market centres, on its tick grid: the mark price for perps, else the reference. */
export function instrumentReference(market: MarketState, instrument: Instrument): Price {
  const tick = instrument.tickSize;
  const centre = instrument.business === 'PERP' ? markPrice(market, instrument) : referencePrice(market, instrument.base);
  const rounded = roundToStep(centre, tick, 'halfUp');
  return rounded > 0n ? rounded : tick;
}

/** Moves every perp's basis on by `simDt` simulated milliseconds, sampling its book's top now (`topOf`). */
export function advanceMarks(market: MarketState, simDt: number, topOf: (instrument: Instrument) => TopOfBook): void {
  if (!(simDt > 0)) return;
  const follow = 1 - Math.pow(0.5, simDt / SAMPLE_HALF_LIFE_MS);
  const keep = Math.pow(0.5, simDt / DECAY_HALF_LIFE_MS);
  for (const instrument of PERP_INSTRUMENTS) {
    const index = indexPrice(market, instrument.base);
    const basis = market.basis.get(instrument.sym) ?? ZERO;
    const mid = midOf(topOf(instrument));
    const followed = mid === undefined ? basis : add(basis, scaleBy(sub(sub(mid, index), basis), follow));
    market.basis.set(instrument.sym, withinBand(scaleBy(followed, keep), index));
  }
}

function midOf({ bid, ask }: TopOfBook): Price | undefined {
  return bid && ask ? scale(add(bid[0], ask[0]), 1n, 2n, 'halfUp') : undefined;
}

function withinBand(basis: Price, index: Price): Price {
  const limit = mul(index, BAND);
  return basis > limit ? limit : basis < -limit ? neg(limit) : basis;
}
