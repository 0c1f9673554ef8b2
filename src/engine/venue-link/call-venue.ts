/**
 * The one place order management meets the venues' implementation: which Venue serves a sym, what
 * its reference prices are, and the market data a venue call caused, emitted as engine events.
 */
import { ApiError } from '../../catalogue/index.ts';
import { STABLE_COINS } from '../../domain/coins.ts';
import type { Instrument } from '../../domain/instrument.ts';
import { fromInt, mul, type Fixed } from '../../domain/money.ts';
import { instrumentReference } from '../../venues/sim/market/price-process.ts';
import { instrumentOrThrow } from '../../venues/sim/instruments/registry.ts';
import { simVenue } from '../../venues/sim/state.ts';
import { FaultyVenue, faultFor } from '../../venues/faults.ts';
import type { Venue, VenueReport } from '../../venues/venue.ts';
import type { CommandContext } from '../core/context.ts';
import type { State } from '../core/state.ts';
import type { VenueName } from '../../domain/market.ts';

/** 400000 for text that is no sym, 401011 for a sym no venue lists, 401067 for a business not traded here yet. */
export function instrumentOf(_state: Readonly<State>, sym: string): Instrument {
  const instrument = instrumentOrThrow(sym);
  if (instrument.business !== 'SPOT') throw new ApiError(401067);
  return instrument;
}

/** Runs one venue call (through the fault set for `apiKey`'s client orders, if any) and publishes the trades and book changes it caused. */
export function onVenue(ctx: CommandContext, name: VenueName, call: (venue: Venue) => VenueReport[], apiKey?: string): VenueReport[] {
  const venue = simVenue(ctx.state.sim, name);
  const fault = apiKey === undefined ? undefined : faultFor(ctx.state.faults, { venue: name, apiKey });
  const reports = call(new FaultyVenue(venue, ctx.state.faults, fault));
  const { trades, books } = venue.takeMarketData();
  for (const trade of trades) ctx.emit({ type: 'publicTrade', ...trade });
  for (const book of books) ctx.emit({ type: 'bookChanged', ...book });
  return reports;
}

/**
 * The least favourable price a MARKET order would trade at on the book as it stands (by quantity,
 * or by quote budget), or undefined on an empty side. Self-trade prevention asks it.
 */
export function marketReach(state: Readonly<State>, instrument: Instrument, side: 'BUY' | 'SELL', quantity: Fixed, quoteBudget: Fixed): Fixed | undefined {
  const depth = simVenue(state.sim, instrument.venue).depth(instrument.sym, Number.MAX_SAFE_INTEGER);
  let left = quoteBudget > 0n ? quoteBudget : quantity;
  let reach: Fixed | undefined;
  for (const [price, available] of side === 'BUY' ? depth.asks : depth.bids) {
    reach = price;
    left -= quoteBudget > 0n ? mul(price, available) : available;
    if (left <= 0n) break;
  }
  return reach;
}

/** The simulated market's reference price of a sym, on its tick grid: the centre of the price band. */
export function referencePriceOf(state: Readonly<State>, sym: string): Fixed {
  return instrumentReference(state.sim.market, instrumentOrThrow(sym));
}

/** USD value of one unit of a coin: 1 for stable coins, the simulated reference for the others, 0 if unknown. */
export function indexPriceOf(state: Readonly<State>, _venue: VenueName, coin: string): Fixed {
  if (STABLE_COINS.includes(coin)) return fromInt(1);
  return state.sim.market.assets.get(coin)?.reference ?? 0n;
}
