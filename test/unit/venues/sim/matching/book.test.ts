/**
 * Property tests of the matching engine: seeded random streams of thousands of submits, cancels
 * and amends, checked after every step against a deliberately naive reference book (sort on every
 * match) and against the invariants: never crossed, price-then-time priority, quantities conserved,
 * FOK all-or-nothing, IOC and MARKET never rest, and a snapshot/restore that changes nothing.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFixed, type Fixed } from '../../../../../src/domain/money.ts';
import { decode, encode } from '../../../../../src/store/journal/codec.ts';
import { newRng, nextFloat, nextInt, type RngState } from '../../../../../src/venues/sim/random/rng.ts';
import { SimVenue, newSimVenueState, type SimVenueState } from '../../../../../src/venues/sim/sim-venue.ts';
import type { VenueOrder, VenueReport } from '../../../../../src/venues/venue.ts';
import type { Side, TimeInForce } from '../../../../../src/domain/market.ts';

const SYM = 'BINANCE_SPOT_ETH_USDT';
const TICK = parseFixed('0.01')!;
const LOT = parseFixed('0.0001')!;
const MID = parseFixed('100')!;

interface NaiveOrder {
  id: string;
  side: Side;
  price: Fixed;
  qty: Fixed;
  postOnly: boolean;
  seq: number;
}

/** The reference: a flat list, sorted by priority on every match. */
class NaiveBook {
  orders: NaiveOrder[] = [];
  seq = 0;

  private makers(side: Side, limit: Fixed | undefined): NaiveOrder[] {
    return this.orders
      .filter((o) => o.side !== side && (limit === undefined || (side === 'BUY' ? o.price <= limit : o.price >= limit)))
      .sort((a, b) => (a.price === b.price ? a.seq - b.seq : side === 'BUY' ? (a.price < b.price ? -1 : 1) : a.price > b.price ? -1 : 1));
  }

  crosses(side: Side, price: Fixed): boolean {
    return this.makers(side, price).length > 0;
  }

  available(side: Side, limit: Fixed | undefined): Fixed {
    return this.makers(side, limit).reduce((sum, o) => sum + o.qty, 0n);
  }

  match(id: string, side: Side, limit: Fixed | undefined, qty: Fixed): { fills: [string, string, Fixed, Fixed][]; left: Fixed } {
    const fills: [string, string, Fixed, Fixed][] = [];
    let left = qty;
    for (const maker of this.makers(side, limit)) {
      if (left === 0n) break;
      const take = left < maker.qty ? left : maker.qty;
      fills.push([id, maker.id, maker.price, take]);
      maker.qty -= take;
      left -= take;
    }
    this.orders = this.orders.filter((o) => o.qty > 0n);
    return { fills, left };
  }

  rest(id: string, side: Side, price: Fixed, qty: Fixed, postOnly: boolean): void {
    this.orders.push({ id, side, price, qty, postOnly, seq: this.seq++ });
  }

  take(id: string): NaiveOrder | undefined {
    const order = this.orders.find((o) => o.id === id);
    this.orders = this.orders.filter((o) => o.id !== id);
    return order;
  }
}

/** What the naive book says the venue must report for one submit: fills as [taker, maker, price, qty]. */
function naiveSubmit(book: NaiveBook, order: VenueOrder): { outcome: string; fills: [string, string, Fixed, Fixed][] } {
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
  const filled = reports.filter((r) => r.kind === 'fill' && r.liquidity === 'TAKER').reduce((s, r) => s + (r as { quantity: Fixed }).quantity, 0n);
  return filled === order.quantity ? 'filled' : 'rests';
}

function fillsOf(reports: VenueReport[]): [string, string, Fixed, Fixed][] {
  const fills = reports.filter((r) => r.kind === 'fill') as Extract<VenueReport, { kind: 'fill' }>[];
  const out: [string, string, Fixed, Fixed][] = [];
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
  const quantity = BigInt(1 + nextInt(rng, 50)) * LOT * (nextFloat(rng) < 0.1 ? 100n : 1n);
  if (nextFloat(rng) < 0.08) return { orderId: id, sym: SYM, side, type: 'MARKET', timeInForce: 'IOC', quantity };
  const offset = BigInt(nextInt(rng, 40) - 20) * TICK;
  const price = side === 'BUY' ? MID + offset - 3n * TICK : MID + offset + 3n * TICK;
  const tifs: TimeInForce[] = ['GTC', 'GTC', 'GTC', 'IOC', 'FOK', 'GTX'];
  return { orderId: id, sym: SYM, side, type: 'LIMIT', timeInForce: tifs[nextInt(rng, tifs.length)], price, quantity };
}

function assertBookMatches(venue: SimVenue, naive: NaiveBook): void {
  const { bids, asks } = venue.depth(SYM, 10_000);
  if (bids.length > 0 && asks.length > 0) assert.ok(bids[0][0] < asks[0][0], 'book crossed');
  const levels = (side: Side) => {
    const totals = new Map<Fixed, Fixed>();
    for (const o of naive.orders.filter((x) => x.side === side)) totals.set(o.price, (totals.get(o.price) ?? 0n) + o.qty);
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
  const submitted = new Map<string, Fixed>();
  const settled = new Map<string, Fixed>();
  const add = (id: string, q: Fixed) => settled.set(id, (settled.get(id) ?? 0n) + q);
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
      add(target.id, naive.take(target.id)!.qty);
    } else if (roll < 0.3 && open.length > 0) {
      const target = open[nextInt(rng, open.length)];
      const price = target.price + BigInt(nextInt(rng, 5) - 2) * TICK;
      const quantity = BigInt(1 + nextInt(rng, 60)) * LOT;
      const reports = venue.amend(SYM, target.id, price, quantity, step);
      const keepsPlace = price === target.price && quantity <= target.qty;
      if (!keepsPlace && target.postOnly && naive.crosses(target.side, price)) {
        assert.deepEqual(reports, [{ kind: 'amendRejected', orderId: target.id, reason: 'POST_ONLY_WOULD_CROSS' }]);
        continue;
      }
      assert.equal(reports[0].kind, 'amended');
      // the amended order starts a new account of its quantity
      add(target.id, target.qty);
      submitted.set(target.id, (submitted.get(target.id) ?? 0n) + quantity);
      if (keepsPlace) target.qty = quantity;
      else {
        naive.take(target.id);
        const { fills, left } = naive.match(target.id, target.side, price, quantity);
        if (left > 0n) naive.rest(target.id, target.side, price, left, target.postOnly);
        assert.deepEqual(fillsOf(reports), fills);
        for (const [taker, maker, , q] of fills) add(taker, q), add(maker, q);
        trades += fills.length;
      }
    } else {
      const order = randomOrder(rng, String(1_000_000 + step));
      submitted.set(order.orderId, order.quantity);
      const reports = venue.submit(order, step);
      const expected = naiveSubmit(naive, order);
      assert.equal(outcomeOf(order, reports), expected.outcome, `step ${step}`);
      assert.deepEqual(fillsOf(reports), expected.fills, `step ${step}`);
      const takerFilled = expected.fills.reduce((s, f) => s + f[3], 0n);
      if (order.timeInForce === 'FOK') assert.ok(takerFilled === 0n || takerFilled === order.quantity, 'FOK partially filled');
      if (order.timeInForce === 'IOC' || order.timeInForce === 'FOK' || order.type === 'MARKET') assert.equal(venue.resting(SYM, order.orderId), undefined);
      for (const [taker, maker, , q] of expected.fills) add(taker, q), add(maker, q);
      if (expected.outcome !== 'rests') add(order.orderId, order.quantity - takerFilled);
      else rested += 1;
      trades += expected.fills.length;
    }
    assertBookMatches(new SimVenue(state), naive);
  }
  // conservation: every quantity ever submitted is filled, cancelled, or still resting
  for (const o of naive.orders) add(o.id, o.qty);
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
