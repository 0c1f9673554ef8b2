/** Instruments as clients name them. */
import { ApiError } from '../../catalogue/index.ts';
import { normalizeSym, parseSym, type Instrument } from '../../domain/instrument.ts';
import type { MarketData } from '../../venues/index.ts';

/** The instrument a client named: 400000 when the text is not a sym at all, 401011 when no venue lists it. */
export function instrumentNamed(market: MarketData, sym: string): Instrument {
  const exact = market.instrument(sym);
  if (exact) return exact;
  const normalized = normalizeSym(sym);
  if (parseSym(normalized) === null) throw new ApiError(400000);
  const instrument = market.instrument(normalized);
  if (!instrument) throw new ApiError(401011);
  return instrument;
}
