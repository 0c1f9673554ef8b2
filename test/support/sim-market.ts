/**
 * Runs the simulated venues with their liquidity agents and no accounts: each tick moves the prices,
 * asks the agents what they want, and applies it to the venues, as the engine's tick does with house
 * accounts. Lets unit tests watch a whole market without the server.
 */
import { findInstrument } from '../../src/venues/sim/instruments/registry.ts';
import { advanceMarket, newSimState, planAgents, startSimulation, type OwnOrder, type SimState } from '../../src/venues/sim/index.ts';
import { SimVenue } from '../../src/venues/sim/sim-venue.ts';
import type { VenueOrder, VenueReport } from '../../src/venues/venue.ts';

export class SimMarket {
  readonly sim: SimState = newSimState();
  readonly placed: VenueOrder[] = [];
  private readonly agentOrders = new Map<string, Set<string>>();
  private ids = 0;
  ts = 0;

  constructor(seed: number) {
    startSimulation(this.sim, { seed });
  }

  venueOf(sym: string) {
    return new SimVenue(this.sim.venues[findInstrument(sym)!.venue]);
  }

  /** A client order; returns the venue's reports. */
  submit(order: Omit<VenueOrder, 'orderId'>): { orderId: string; reports: VenueReport[] } {
    const orderId = `c${++this.ids}`;
    return { orderId, reports: this.venueOf(order.sym).submit({ ...order, orderId }, this.ts) };
  }

  /** One tick of `simDt` simulated ms; returns every report the agents' orders caused. */
  tick(simDt: number): VenueReport[] {
    this.ts += simDt;
    advanceMarket(this.sim, simDt);
    const reports: VenueReport[] = [];
    for (const plan of planAgents(this.sim, simDt, (sym) => this.ownOrders(sym))) {
      const venue = new SimVenue(this.sim.venues[plan.venue]);
      for (const orderId of plan.cancel) reports.push(...venue.cancel(plan.sym, orderId, this.ts));
      for (const intent of plan.place) {
        const order: VenueOrder = { ...intent, orderId: `a${++this.ids}` };
        this.placed.push(order);
        reports.push(...venue.submit(order, this.ts));
        this.ordersOf(plan.sym).add(order.orderId);
      }
    }
    return reports;
  }

  private ordersOf(sym: string): Set<string> {
    let orders = this.agentOrders.get(sym);
    if (!orders) this.agentOrders.set(sym, (orders = new Set()));
    return orders;
  }

  private ownOrders(sym: string): OwnOrder[] {
    const venue = this.venueOf(sym);
    const own: OwnOrder[] = [];
    for (const orderId of this.ordersOf(sym)) {
      const resting = venue.resting(sym, orderId);
      if (resting) own.push({ orderId, side: resting.side, limitPrice: resting.price });
      else this.ordersOf(sym).delete(orderId);
    }
    return own;
  }
}
