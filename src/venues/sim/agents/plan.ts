/** One tick of the liquidity agents over every simulated book, in a fixed order so that it replays exactly. */
import { VENUES, type VenueName } from '../../../domain/market.ts';
import { instrumentsOf, venueRules } from '../instruments/index.ts';
import { instrumentReference } from '../market/index.ts';
import { SimVenue } from '../sim-venue.ts';
import type { SimState } from '../state.ts';
import type { Instrument } from '../../../domain/instrument.ts';
import { idleMarketMaker, marketMakerIntents, takerIntents, type OrderIntent, type OwnOrder } from './agents.ts';

/** What the agents of one book want this tick: cancels first, then new orders (market makers' and takers'). */
export interface AgentPlan {
  venue: VenueName;
  sym: string;
  cancel: string[];
  place: OrderIntent[];
}

/**
 * Runs every book's agents once, after `advanceMarket`: `own` gives the agents' open orders on a
 * book (the engine keeps them, with their house accounts). Books are visited in a fixed order, so
 * the rng draws, and the plans, replay exactly. A book that is not `quoted` gets no plan, but its
 * agents draw from the rng as if it were: the draws, and so the plans of the other books, stay the
 * same whichever books are quoted.
 */
export function planAgents(sim: SimState, simDt: number, own: (sym: string) => readonly OwnOrder[], quoted: (instrument: Instrument) => boolean = () => true): AgentPlan[] {
  const plans: AgentPlan[] = [];
  for (const venue of VENUES) {
    const profile = venueRules(venue).liquidity;
    const books = new SimVenue(sim.venues[venue]);
    for (const instrument of instrumentsOf(venue)) {
      const view = { instrument, profile, reference: instrumentReference(sim.market, instrument), rng: sim.market.rng };
      if (!quoted(instrument)) {
        idleMarketMaker(view, own(instrument.sym));
        takerIntents(view, books.top(instrument.sym), simDt);
        continue;
      }
      const quotes = marketMakerIntents(view, own(instrument.sym));
      const takers = takerIntents(view, books.top(instrument.sym), simDt);
      if (quotes.cancel.length + quotes.place.length + takers.length > 0) {
        plans.push({ venue, sym: instrument.sym, cancel: quotes.cancel, place: [...quotes.place, ...takers] });
      }
    }
  }
  return plans;
}
