/** The venues as one command sees them: the simulated venues, each order entry behind the operator's faults. */
import type { VenueName } from '../domain/market.ts';
import { FaultyVenue, faultFor, releaseDelayed, type FaultState } from './faults.ts';
import { SimVenues, type SimState } from './sim/index.ts';
import type { MarketData, MarketUpdates, Venue, VenueReport, VenueSet } from './venue.ts';

export class SimulatedVenueSet implements VenueSet {
  private readonly sim: SimVenues;

  constructor(
    state: SimState,
    private readonly faults: FaultState,
  ) {
    this.sim = new SimVenues(state);
  }

  get market(): MarketData {
    return this.sim.market;
  }

  venue(name: VenueName, apiKey?: string): Venue {
    const fault = apiKey === undefined ? undefined : faultFor(this.faults, { venue: name, apiKey });
    return new FaultyVenue(this.sim.venue(name), this.faults, fault);
  }

  releaseDelayed(ts: number, answered: (reports: VenueReport[]) => void): void {
    releaseDelayed(this.faults, (name) => this.sim.venue(name), ts, answered);
  }

  takeUpdates(): MarketUpdates {
    return this.sim.takeUpdates();
  }
}
