import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { abs, add, mul, parseFixed, roundToStep, sub, ZERO, type Fixed, type Price, type Size, type Unit } from '../../../../../src/domain/money.ts';
import { decode, encode, hashOf } from '../../../../../src/store/journal/codec.ts';
import { advanceMarket, newSimState, setReferencePrice, startSimulation, type SimState } from '../../../../../src/venues/sim/index.ts';
import { findInstrument, PERP_INSTRUMENTS } from '../../../../../src/venues/sim/instruments/registry.ts';
import { indexPrice, markPrice } from '../../../../../src/venues/sim/market/index.ts';
import { SimVenue } from '../../../../../src/venues/sim/sim-venue.ts';
import { SimMarket } from '../../../../support/sim-market.ts';

const f = <U extends Unit>(text: string): Fixed<U> => parseFixed<U>(text)!;
const PERP = findInstrument('BINANCE_PERP_BTC_USDT')!;
const SECOND = 1000;
const MINUTE = 60_000;
const BAND = f<'rate'>('0.005');

function simulation(): SimState {
  const sim = newSimState();
  startSimulation(sim, { seed: 5 });
  return sim;
}

const index = (sim: SimState): Price => indexPrice(sim.market, PERP.base);
const basis = (sim: SimState): Price => sub(markPrice(sim.market, PERP), index(sim));
const around = (price: Price, factor: string): Price => roundToStep(mul(price, f<'rate'>(factor)), PERP.tickSize, 'halfUp');

/** A client's bid and ask on the perp's book, `bid` and `ask` times the index; their orderIds. */
function quote(sim: SimState, bid: string, ask: string): string[] {
  const venue = new SimVenue(sim.venues.BINANCE);
  const orders = [
    { orderId: 'bid', side: 'BUY' as const, price: around(index(sim), bid) },
    { orderId: 'ask', side: 'SELL' as const, price: around(index(sim), ask) },
  ];
  for (const { orderId, side, price } of orders) venue.submit({ orderId, sym: PERP.sym, side, type: 'LIMIT', timeInForce: 'GTC', price, quantity: f('1') }, 0);
  return orders.map((o) => o.orderId);
}

function withinBand(sim: SimState): boolean {
  return PERP_INSTRUMENTS.every((perp) => {
    const i = indexPrice(sim.market, perp.base);
    return abs(sub(markPrice(sim.market, perp), i)) <= mul(i, BAND);
  });
}

describe('perp mark price', () => {
  it('is the index while a perp has no book', () => {
    const sim = simulation();
    for (let k = 0; k < 10; k++) advanceMarket(sim, MINUTE);
    for (const perp of PERP_INSTRUMENTS) assert.equal(markPrice(sim.market, perp), indexPrice(sim.market, perp.base), perp.sym);
  });

  it('follows the book’s mid a little per tick, up to ±0.5 % of the index, and decays back once the book is gone', () => {
    const sim = simulation();
    advanceMarket(sim, SECOND);
    const ids = quote(sim, '1.008', '1.012'); // mid 1 % over the index
    advanceMarket(sim, SECOND);
    const first = basis(sim);
    assert.ok(first > 0n && first < mul(index(sim), f<'rate'>('0.0002')), `a second of the sample moves the mark a little: ${first}`);
    for (let k = 0; k < 60; k++) advanceMarket(sim, MINUTE);
    assert.equal(basis(sim), mul(index(sim), BAND), 'held at the band');

    const venue = new SimVenue(sim.venues.BINANCE);
    for (const orderId of ids) venue.cancel(PERP.sym, orderId, 0);
    const held = sim.market.basis.get(PERP.sym)!;
    advanceMarket(sim, 10 * MINUTE);
    assert.equal(sim.market.basis.get(PERP.sym), (held + 1n) / 2n, 'halves in ten minutes without a book');
    for (let k = 0; k < 5; k++) advanceMarket(sim, 10 * MINUTE);
    assert.ok(basis(sim) > 0n && basis(sim) * 64n <= mul(index(sim), BAND) + 64n, `an hour later: ${basis(sim)}`);
  });

  it('moves toward a mid below the index as well, and only decays while the book has one side', () => {
    const sim = simulation();
    advanceMarket(sim, SECOND);
    quote(sim, '0.995', '0.997');
    for (let k = 0; k < 5; k++) advanceMarket(sim, MINUTE);
    const below = basis(sim);
    assert.ok(below < 0n && abs(below) < mul(index(sim), f<'rate'>('0.004')), String(below));
    new SimVenue(sim.venues.BINANCE).cancel(PERP.sym, 'ask', 0);
    const stored = sim.market.basis.get(PERP.sym)!;
    advanceMarket(sim, 10 * MINUTE);
    assert.equal(sim.market.basis.get(PERP.sym), (stored - 1n) / 2n, 'a bid alone is no sample');
  });

  it('keeps the band when the operator moves the index, and follows the new one', () => {
    const sim = simulation();
    advanceMarket(sim, SECOND);
    quote(sim, '1.008', '1.012');
    for (let k = 0; k < 60; k++) advanceMarket(sim, MINUTE);
    setReferencePrice(sim, 'BTC', f('50000'));
    assert.equal(index(sim), f('50000'));
    assert.equal(markPrice(sim.market, PERP), add(f<'price'>('50000'), mul(f<'price'>('50000'), BAND)), 'clamped to the new index at once');
    setReferencePrice(sim, 'BTC', f('150000'));
    advanceMarket(sim, SECOND);
    assert.ok(basis(sim) < 0n, 'the book, still near the old price, now pulls the mark down');
    assert.ok(withinBand(sim));
  });

  it('stays within the band with the market makers quoting around it; a client taking most of the asks lifts it a little', () => {
    const [left, pushed] = [new SimMarket(3), new SimMarket(3)];
    for (let k = 0; k < 30; k++) for (const market of [left, pushed]) market.tick(SECOND);
    const asks = pushed.venueOf(PERP.sym).depth(PERP.sym, 10).asks.slice(0, 8);
    const taken = asks.reduce((total: Size, [, quantity]) => add(total, quantity), ZERO);
    pushed.submit({ sym: PERP.sym, side: 'BUY', type: 'LIMIT', timeInForce: 'IOC', price: asks[7][0], quantity: taken });
    for (const market of [left, pushed]) market.tick(SECOND);
    const lift = sub(basis(pushed.sim), basis(left.sim));
    assert.ok(lift > 0n && lift < mul(index(pushed.sim), f<'rate'>('0.0001')), `lifted by ${lift}`);
    for (let k = 0; k < 360; k++) {
      pushed.tick(10 * SECOND);
      assert.ok(withinBand(pushed.sim));
    }
  });

  it('replays exactly, also from a snapshot of the state', () => {
    const sim = simulation();
    advanceMarket(sim, SECOND);
    quote(sim, '1.001', '1.003');
    for (let k = 0; k < 5; k++) advanceMarket(sim, 7 * SECOND);
    const restored = decode<SimState>(encode(sim));
    assert.equal(restored.market.basis.size, PERP_INSTRUMENTS.length);
    for (const state of [sim, restored]) for (let k = 0; k < 20; k++) advanceMarket(state, 3 * SECOND);
    assert.equal(hashOf(restored), hashOf(sim));
    assert.equal(markPrice(restored.market, PERP), markPrice(sim.market, PERP));
    assert.notEqual(markPrice(sim.market, PERP), index(sim));
  });
});

