/**
 * Property tests of the matching engine: seeded random streams of thousands of submits, cancels
 * and amends, checked after every step against a deliberately naive reference book (sort on every
 * match) and against the invariants: never crossed, price-then-time priority, quantities conserved,
 * FOK all-or-nothing, IOC and MARKET never rest, and a snapshot/restore that changes nothing.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { add, min, parseFixed, sub, sum, times, ZERO, type Price, type Size } from '../../../../../src/domain/money.ts';
import { decode, encode } from '../../../../../src/store/journal/codec.ts';
import { newRng, nextFloat, nextInt, type RngState } from '../../../../../src/venues/sim/random/rng.ts';
import { SimVenue, newSimVenueState, type SimVenueState } from '../../../../../src/venues/sim/sim-venue.ts';
import type { VenueOrder, VenueReport } from '../../../../../src/venues/venue.ts';
import type { Side, TimeInForce } from '../../../../../src/domain/market.ts';

const SYM = 'BINANCE_SPOT_ETH_USDT';
const TICK = parseFixed<'price'>('0.01')!;
const LOT = parseFixed<'qty'>('0.0001')!;
const MID = parseFixed<'price'>('100')!;

/** [taker, maker, price, quantity] */
type NaiveFill = [string, string, Price, Size];

interface NaiveOrder {
  id: string;
  side: Side;
  price: Price;
  qty: Size;
  postOnly: boolean;
  seq: number;
}

/** The reference: a flat list, sorted by priority on every match. */
class NaiveBook {
  orders: NaiveOrder[] = [];
  seq = 0;

  private makers(side: Side, limit: Price | undefined): NaiveOrder[] {
    return this.orders
      .filter((o) => o.side !== side && (limit === undefined || (side === 'BUY' ? o.price <= limit : o.price >= limit)))
      .sort((a, b) => (a.price === b.price ? a.seq - b.seq : side === 'BUY' ? (a.price < b.price ? -1 : 1) : a.price > b.price ? -1 : 1));
  }

  crosses(side: Side, price: Price): boolean {
    return this.makers(side, price).length > 0;
  }

  available(side: Side, limit: Price | undefined): Size {
    return sum(this.makers(side, limit).map((o) => o.qty));
  }

  match(id: string, side: Side, limit: Price | undefined, qty: Size): { fills: NaiveFill[]; left: Size } {
    const fills: NaiveFill[] = [];
    let left = qty;
    for (const maker of this.makers(side, limit)) {
      if (left === 0n) break;
      const take = min(left, maker.qty);
      fills.push([id, maker.id, maker.price, take]);
      maker.qty = sub(maker.qty, take);
      left = sub(left, take);
    }
    this.orders = this.orders.filter((o) => o.qty > 0n);
    return { fills, left };
  }

  rest(id: string, side: Side, price: Price, qty: Size, postOnly: boolean): void {
    this.orders.push({ id, side, price, qty, postOnly, seq: this.seq++ });
  }

  take(id: string): NaiveOrder | undefined {
    const order = this.orders.find((o) => o.id === id);
    this.orders = this.orders.filter((o) => o.id !== id);
    return order;
  }
}

/** What the naive book says the venue must report for one submit: fills as [taker, maker, price, qty]. */
function naiveSubmit(book: NaiveBook, order: VenueOrder): { outcome: string; fills: NaiveFill[] } {
  const limit = order.type === 'LIMIT' ? order.price : undefined;
  if (order.timeInForce === 'GTX' && book.crosses(order.side, limit!)) return { outcome: 'rejected', fills: [] };
  if (order.type === 'MARKET' && book.available(order.side, undefined) === 0n) return { outcome: 'rejected', fills: [] };
  if (order.timeInForce === 'FOK' && book.available(order.side, limit) < order.quantity) return { outcome: 'fok', fills: [] };
  const { fills, left } = book.match(order.orderId, order.side, limit, order.quantity);
  if (left === 0n) return { outcome: 'filled', fills };
  if (order.type === 'LIMIT' && (order.timeInForce === 'GTC' || order.timeInForce === 'GTX')) {
    book.rest(order.orderId, order.side, limit!, left, order.timeInForce === 'GTX');
    return { outcome: 'rests', fills };
  }
  return { outcome: 'ioc', fills };
}

function outcomeOf(order: VenueOrder, reports: VenueReport[]): string {
  const first = reports[0];
  if (first.kind === 'rejected') return 'rejected';
  const last = reports[reports.length - 1];
  if (last.kind === 'cancelled') return last.cause === 'FOK_UNFILLED' ? 'fok' : 'ioc';
  const filled = sum(reports.filter((r) => r.kind === 'fill' && r.liquidity === 'TAKER').map((r) => (r as { quantity: Size }).quantity));
  return filled === order.quantity ? 'filled' : 'rests';
}

function fillsOf(reports: VenueReport[]): NaiveFill[] {
  const fills = reports.filter((r) => r.kind === 'fill') as Extract<VenueReport, { kind: 'fill' }>[];
  const out: NaiveFill[] = [];
  for (let i = 0; i < fills.length; i += 2) {
    const [taker, maker] = fills.slice(i, i + 2);
    assert.equal(taker.liquidity, 'TAKER');
    assert.equal(maker.liquidity, 'MAKER');
    assert.equal(taker.tradeId, maker.tradeId);
    assert.equal(taker.price, maker.price);
    assert.equal(taker.quantity, maker.quantity);
    out.push([taker.orderId, maker.orderId, maker.price, maker.quantity]);
  }
  return out;
}

function randomOrder(rng: RngState, id: string): VenueOrder {
  const side: Side = nextFloat(rng) < 0.5 ? 'BUY' : 'SELL';
  const quantity = times(times(LOT, 1 + nextInt(rng, 50)), nextFloat(rng) < 0.1 ? 100 : 1);
  if (nextFloat(rng) < 0.08) return { orderId: id, sym: SYM, side, type: 'MARKET', timeInForce: 'IOC', quantity };
  const offset = times(TICK, nextInt(rng, 40) - 20);
  const price = side === 'BUY' ? sub(add(MID, offset), times(TICK, 3)) : add(add(MID, offset), times(TICK, 3));
  const tifs: TimeInForce[] = ['GTC', 'GTC', 'GTC', 'IOC', 'FOK', 'GTX'];
  return { orderId: id, sym: SYM, side, type: 'LIMIT', timeInForce: tifs[nextInt(rng, tifs.length)], price, quantity };
}

function assertBookMatches(venue: SimVenue, naive: NaiveBook): void {
  const { bids, asks } = venue.depth(SYM, 10_000);
  if (bids.length > 0 && asks.length > 0) assert.ok(bids[0][0] < asks[0][0], 'book crossed');
  const levels = (side: Side) => {
    const totals = new Map<Price, Size>();
    for (const o of naive.orders.filter((x) => x.side === side)) totals.set(o.price, add(totals.get(o.price) ?? ZERO, o.qty));
    return [...totals].sort((a, b) => (a[0] === b[0] ? 0 : (side === 'BUY') === a[0] > b[0] ? -1 : 1));
  };
  assert.deepEqual(bids, levels('BUY'));
  assert.deepEqual(asks, levels('SELL'));
  for (const o of naive.orders) assert.equal(venue.resting(SYM, o.id)?.quantity, o.qty);
}

function run(seed: number, steps: number): { trades: number; rested: number } {
  const rng = newRng(seed);
  let state = newSimVenueState('BINANCE');
  const naive = new NaiveBook();
  const submitted = new Map<string, Size>();
  const settled = new Map<string, Size>();
  const settle = (id: string, q: Size) => settled.set(id, add(settled.get(id) ?? ZERO, q));
  let trades = 0;
  let rested = 0;
  for (let step = 0; step < steps; step++) {
    if (step % 500 === 499) state = decode<SimVenueState>(encode(state));
    const venue = new SimVenue(state);
    const roll = nextFloat(rng);
    const open = naive.orders;
    if (roll < 0.2 && open.length > 0) {
      const target = open[nextInt(rng, open.length)];
      const reports = venue.cancel(SYM, target.id, step);
      assert.deepEqual(reports, [{ kind: 'cancelled', orderId: target.id, cause: 'USER' }]);
      settle(target.id, naive.take(target.id)!.qty);
    } else if (roll < 0.3 && open.length > 0) {
      const target = open[nextInt(rng, open.length)];
      const price = add(target.price, times(TICK, nextInt(rng, 5) - 2));
      const quantity = times(LOT, 1 + nextInt(rng, 60));
      const reports = venue.amend(SYM, target.id, price, quantity, step);
      const keepsPlace = price === target.price && quantity <= target.qty;
      if (!keepsPlace && target.postOnly && naive.crosses(target.side, price)) {
        assert.deepEqual(reports, [{ kind: 'amendRejected', orderId: target.id, reason: 'POST_ONLY_WOULD_CROSS' }]);
        continue;
      }
      assert.equal(reports[0].kind, 'amended');
      // the amended order starts a new account of its quantity
      settle(target.id, target.qty);
      submitted.set(target.id, add(submitted.get(target.id) ?? ZERO, quantity));
      if (keepsPlace) target.qty = quantity;
      else {
        naive.take(target.id);
        const { fills, left } = naive.match(target.id, target.side, price, quantity);
        if (left > 0n) naive.rest(target.id, target.side, price, left, target.postOnly);
        assert.deepEqual(fillsOf(reports), fills);
        for (const [taker, maker, , q] of fills) settle(taker, q), settle(maker, q);
        trades += fills.length;
      }
    } else {
      const order = randomOrder(rng, String(1_000_000 + step));
      submitted.set(order.orderId, order.quantity);
      const reports = venue.submit(order, step);
      const expected = naiveSubmit(naive, order);
      assert.equal(outcomeOf(order, reports), expected.outcome, `step ${step}`);
      assert.deepEqual(fillsOf(reports), expected.fills, `step ${step}`);
      const takerFilled = sum(expected.fills.map((f) => f[3]));
      if (order.timeInForce === 'FOK') assert.ok(takerFilled === 0n || takerFilled === order.quantity, 'FOK partially filled');
      if (order.timeInForce === 'IOC' || order.timeInForce === 'FOK' || order.type === 'MARKET') assert.equal(venue.resting(SYM, order.orderId), undefined);
      for (const [taker, maker, , q] of expected.fills) settle(taker, q), settle(maker, q);
      if (expected.outcome !== 'rests') settle(order.orderId, sub(order.quantity, takerFilled));
      else rested += 1;
      trades += expected.fills.length;
    }
    assertBookMatches(new SimVenue(state), naive);
  }
  // conservation: every quantity ever submitted is filled, cancelled, or still resting
  for (const o of naive.orders) settle(o.id, o.qty);
  assert.deepEqual([...settled].sort(), [...submitted].sort());
  return { trades, rested };
}

describe('matching engine properties', () => {
  for (const seed of [1, 7, 42, 2024]) {
    it(`seed ${seed}: 3000 random operations agree with the reference book and keep every invariant`, () => {
      const { trades, rested } = run(seed, 3000);
      assert.ok(trades > 300, `the stream exercised matching (${trades} trades)`);
      assert.ok(rested > 300, `the stream exercised resting (${rested} rested)`);
    });
  }
});
