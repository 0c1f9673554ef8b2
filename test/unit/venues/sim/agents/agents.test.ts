import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { baseQty, type Instrument } from '../../../../../src/domain/instrument.ts';
import { add, isMultipleOf, mul, parseFixed, roundToStep, scale, sub, ZERO, type Price, type Size } from '../../../../../src/domain/money.ts';
import { hashOf } from '../../../../../src/store/journal/codec.ts';
import { allInstruments, findInstrument, venueRules } from '../../../../../src/venues/sim/instruments/registry.ts';
import { marketMakerIntents, type OwnOrder } from '../../../../../src/venues/sim/agents/agents.ts';
import { newRng } from '../../../../../src/venues/sim/random/index.ts';
import { referencePrice } from '../../../../../src/venues/sim/market/price-process.ts';
import { instrumentReference } from '../../../../../src/venues/sim/market/mark-price.ts';
import { advanceMarket, newSimState, planAgents, startSimulation } from '../../../../../src/venues/sim/index.ts';
import type { VenueReport } from '../../../../../src/venues/venue.ts';
import { SimMarket } from '../../../../support/sim-market.ts';

const SECOND = 1000;
const BTC = 'BINANCE_SPOT_BTC_USDT';
const bps = (price: Price, n: bigint): Price => scale(price, 10_000n + n, 10_000n, 'down');

function filledQuantity(reports: VenueReport[], orderId: string): Size {
  let filled: Size = ZERO;
  for (const r of reports) if (r.kind === 'fill' && r.orderId === orderId) filled = add(filled, r.quantity);
  return filled;
}

describe('simulated market with liquidity agents', () => {
  it('keeps every book two-sided and uncrossed around its reference', () => {
    const market = new SimMarket(3);
    for (let i = 0; i < 20; i++) market.tick(SECOND);
    for (const instrument of allInstruments()) {
      const { bid, ask } = market.venueOf(instrument.sym).top(instrument.sym);
      assert.ok(bid && ask, `${instrument.sym} has both sides`);
      assert.ok(bid[0] < ask[0], `${instrument.sym} is not crossed`);
      const centre = instrumentReference(market.sim.market, instrument);
      assert.ok(bid[0] < add(centre, instrument.tickSize) && ask[0] > sub(centre, instrument.tickSize), `${instrument.sym} quotes around its reference`);
      assert.ok(bps(bid[0], 30n) > ask[0], `${instrument.sym} spread under 30 bps`);
      assert.ok(market.venueOf(instrument.sym).depth(instrument.sym, 100).bids.length >= 5, `${instrument.sym} has depth`);
    }
  });

  it('keeps its quotes still on the grid, cancels duplicates and those off it, and places only the levels none holds', () => {
    const profile = venueRules('BINANCE').liquidity;
    const view = () => ({ instrument: findInstrument(BTC)!, profile, reference: parseFixed<'price'>('95000.37')!, rng: newRng(5) });
    const full = marketMakerIntents(view(), []);
    const bids = full.place.filter((intent) => intent.side === 'BUY').map((intent) => intent.price);
    const asks = full.place.filter((intent) => intent.side === 'SELL').map((intent) => intent.price);
    assert.deepEqual([bids.length, asks.length, full.cancel], [profile.levels, profile.levels, []]);
    const grid = sub(bids[0], bids[1]);
    const own: OwnOrder[] = [
      ...bids.filter((_, level) => level !== 3).map((price, level) => ({ orderId: `bid${level}`, side: 'BUY' as const, limitPrice: price })),
      ...asks.filter((_, level) => level !== 0).map((price, level) => ({ orderId: `ask${level}`, side: 'SELL' as const, limitPrice: price })),
      { orderId: 'duplicate', side: 'BUY', limitPrice: bids[0] },
      { orderId: 'off the grid', side: 'SELL', limitPrice: add(asks[1], findInstrument(BTC)!.tickSize) },
      { orderId: 'beyond the levels', side: 'BUY', limitPrice: sub(bids[profile.levels - 1], grid) },
      { orderId: 'on the other side', side: 'SELL', limitPrice: bids[0] },
    ];
    const next = marketMakerIntents(view(), own);
    assert.deepEqual(next.cancel, ['duplicate', 'off the grid', 'beyond the levels', 'on the other side']);
    assert.deepEqual(
      next.place.map((intent) => [intent.side, intent.price]),
      [
        ['BUY', bids[3]],
        ['SELL', asks[0]],
      ],
    );
  });

  it('sends only orders that respect their instrument rules', () => {
    const market = new SimMarket(11);
    for (let i = 0; i < 60; i++) market.tick(10 * SECOND);
    assert.ok(market.placed.some((o) => o.timeInForce === 'IOC'), 'takers traded');
    for (const order of market.placed) {
      const i = findInstrument(order.sym)!;
      const coins = baseQty(i, order.quantity);
      assert.ok(isMultipleOf(order.price!, i.tickSize) && isMultipleOf(order.quantity, i.lotSize), `${order.sym} tick/lot`);
      assert.ok(order.quantity >= i.minSize && order.quantity <= i.maxLimitSize, `${order.sym} size bounds`);
      assert.ok(mul(order.price!, coins) >= i.minNotional, `${order.sym} min notional`);
    }
  });

  it('draws for the books it does not quote as it did when their plans were made and dropped', () => {
    const spot = (instrument: Instrument) => instrument.business === 'SPOT';
    const [quotedOnly, dropped] = [newSimState(), newSimState()];
    for (const sim of [quotedOnly, dropped]) startSimulation(sim, { seed: 5 });
    for (let i = 0; i < 10; i++) {
      for (const sim of [quotedOnly, dropped]) advanceMarket(sim, SECOND);
      const plans = planAgents(quotedOnly, SECOND, () => [], spot);
      assert.ok(plans.length > 0 && plans.every((plan) => spot(findInstrument(plan.sym)!)));
      assert.deepEqual(plans, planAgents(dropped, SECOND, () => []).filter((plan) => spot(findInstrument(plan.sym)!)));
      assert.equal(hashOf(quotedOnly.market.rng), hashOf(dropped.market.rng));
    }
  });

  it('is deterministic: the same seed gives the same market, another seed another', () => {
    const run = (seed: number) => {
      const market = new SimMarket(seed);
      for (let i = 0; i < 30; i++) market.tick(5 * SECOND);
      return hashOf(market.sim);
    };
    assert.equal(run(5), run(5));
    assert.notEqual(run(5), run(6));
  });

  for (const side of ['SELL', 'BUY'] as const) {
    it(`fills a resting client ${side} once the price walks to it, and not before`, () => {
      const market = new SimMarket(side === 'SELL' ? 21 : 22);
      for (let i = 0; i < 5; i++) market.tick(SECOND);
      const start = referencePrice(market.sim.market, 'BTC');
      const price = roundToStep(side === 'SELL' ? bps(start, 20n) : bps(start, -20n), parseFixed('0.01')!, 'down');
      const quantity = parseFixed<'qty'>('0.5')!;
      const placed = market.submit({ sym: BTC, side, type: 'LIMIT', timeInForce: 'GTC', price, quantity });
      assert.deepEqual(placed.reports, [{ kind: 'accepted', orderId: placed.orderId }]);
      let filled: Size = ZERO;
      let ticks = 0;
      let firstFillReference: Price | undefined;
      while (filled < quantity && ticks < 50_000) {
        const got = filledQuantity(market.tick(30 * SECOND), placed.orderId);
        ticks += 1;
        if (got > 0n && firstFillReference === undefined) firstFillReference = referencePrice(market.sim.market, 'BTC');
        filled = add(filled, got);
      }
      assert.equal(filled, quantity, `filled within ${ticks} ticks`);
      assert.equal(market.venueOf(BTC).resting(BTC, placed.orderId), undefined);
      // it filled because the reference came within the agents' reach of the price
      const reach = bps(price, side === 'SELL' ? -10n : 10n);
      assert.ok(side === 'SELL' ? firstFillReference! >= reach : firstFillReference! <= reach, 'price reached the order');
      assert.ok(ticks > 1, "not filled at once");
    });
  }
});
