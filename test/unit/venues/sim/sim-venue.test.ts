import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFixed, type Fixed, type Unit } from '../../../../src/domain/money.ts';
import { decode, encode } from '../../../../src/store/journal/codec.ts';
import { SimVenue, newSimVenueState, type SimVenueState } from '../../../../src/venues/sim/sim-venue.ts';
import type { VenueOrder, VenueReport } from '../../../../src/venues/venue.ts';

const SYM = 'BINANCE_SPOT_BTC_USDT';
const f = <U extends Unit>(text: string): Fixed<U> => parseFixed<U>(text)!;
let nextId = 1000;

function limit(side: 'BUY' | 'SELL', price: string, quantity: string, timeInForce: VenueOrder['timeInForce'] = 'GTC'): VenueOrder {
  return { orderId: String(nextId++), sym: SYM, side, type: 'LIMIT', timeInForce, price: f(price), quantity: f(quantity) };
}

function kinds(reports: VenueReport[]): string[] {
  return reports.map((r) => (r.kind === 'fill' ? `fill:${r.liquidity}:${r.quantity}` : r.kind === 'cancelled' ? `cancelled:${r.cause}` : r.kind === 'rejected' ? `rejected:${r.reason}` : r.kind));
}

describe('SimVenue', () => {
  it('rests a non-crossing GTC order and shows it at the top of the book', () => {
    const venue = new SimVenue(newSimVenueState('BINANCE'));
    assert.deepEqual(kinds(venue.submit(limit('BUY', '100', '1'), 1)), ['accepted']);
    assert.deepEqual(venue.top(SYM).bid, [f('100'), f('1')]);
    assert.equal(venue.top(SYM).ask, undefined);
    assert.deepEqual(venue.takeMarketData().books, [{ sym: SYM, bids: [[f('100'), f('1')]], asks: [] }]);
  });

  it('fills a crossing order at the maker price in time priority and rests the remainder', () => {
    const venue = new SimVenue(newSimVenueState('BINANCE'));
    const first = limit('SELL', '101', '1');
    const second = limit('SELL', '101', '1');
    venue.submit(first, 1);
    venue.submit(second, 1);
    venue.submit(limit('SELL', '100', '0.5'), 1);
    venue.takeMarketData();
    const taker = limit('BUY', '101', '2');
    const reports = venue.submit(taker, 2);
    assert.deepEqual(kinds(reports), ['accepted', `fill:TAKER:${f('0.5')}`, `fill:MAKER:${f('0.5')}`, `fill:TAKER:${f('1')}`, `fill:MAKER:${f('1')}`, `fill:TAKER:${f('0.5')}`, `fill:MAKER:${f('0.5')}`]);
    const makerFills = reports.filter((r) => r.kind === 'fill' && r.liquidity === 'MAKER') as Extract<VenueReport, { kind: 'fill' }>[];
    assert.deepEqual(makerFills.map((r) => [r.price, r.orderId]), [[f('100'), String(Number(first.orderId) + 2)], [f('101'), first.orderId], [f('101'), second.orderId]]);
    assert.equal(venue.resting(SYM, second.orderId)?.quantity, f('0.5'));
    assert.equal(venue.resting(SYM, taker.orderId), undefined);
    const market = venue.takeMarketData();
    assert.equal(market.trades.length, 3);
    assert.deepEqual(market.books[0].asks, [[f('100'), 0n], [f('101'), f('0.5')]]);
  });

  it('rejects a GTX order that would cross, and accepts one that would not', () => {
    const venue = new SimVenue(newSimVenueState('BINANCE'));
    venue.submit(limit('SELL', '101', '1'), 1);
    assert.deepEqual(kinds(venue.submit(limit('BUY', '101', '1', 'GTX'), 2)), ['rejected:POST_ONLY_WOULD_CROSS']);
    assert.deepEqual(kinds(venue.submit(limit('BUY', '100.99', '1', 'GTX'), 2)), ['accepted']);
  });

  it('cancels an IOC remainder and an unfillable FOK whole', () => {
    const venue = new SimVenue(newSimVenueState('BINANCE'));
    venue.submit(limit('SELL', '101', '1'), 1);
    assert.deepEqual(kinds(venue.submit(limit('BUY', '101', '3', 'FOK'), 2)), ['accepted', 'cancelled:FOK_UNFILLED']);
    assert.equal(venue.top(SYM).ask?.[1], f('1'));
    assert.deepEqual(kinds(venue.submit(limit('BUY', '101', '3', 'IOC'), 2)), ['accepted', `fill:TAKER:${f('1')}`, `fill:MAKER:${f('1')}`, 'cancelled:IOC_REMAINDER']);
    assert.equal(venue.top(SYM).bid, undefined);
  });

  it('rejects a market order on an empty side, and caps a quote market buy by its budget', () => {
    const venue = new SimVenue(newSimVenueState('BINANCE'));
    const market: VenueOrder = { orderId: String(nextId++), sym: SYM, side: 'BUY', type: 'MARKET', timeInForce: 'IOC', quantity: f('10'), quoteQuantity: f('150') };
    assert.deepEqual(kinds(venue.submit(market, 1)), ['rejected:NO_LIQUIDITY']);
    venue.submit(limit('SELL', '100', '1'), 1);
    venue.submit(limit('SELL', '200', '1'), 1);
    const reports = venue.submit({ ...market, orderId: String(nextId++) }, 2);
    assert.deepEqual(kinds(reports), ['accepted', `fill:TAKER:${f('1')}`, `fill:MAKER:${f('1')}`, `fill:TAKER:${f('0.25')}`, `fill:MAKER:${f('0.25')}`]);
  });

  it('keeps priority when only the quantity goes down, loses it otherwise', () => {
    const venue = new SimVenue(newSimVenueState('BINANCE'));
    const a = limit('SELL', '101', '2');
    const b = limit('SELL', '101', '1');
    venue.submit(a, 1);
    venue.submit(b, 1);
    assert.deepEqual(kinds(venue.amend(SYM, a.orderId, f('101'), f('1'), 2)), ['amended']);
    let fill = venue.submit(limit('BUY', '101', '0.1'), 3).find((r) => r.kind === 'fill' && r.liquidity === 'MAKER');
    assert.equal(fill?.orderId, a.orderId);
    venue.amend(SYM, a.orderId, f('101'), f('5'), 4);
    fill = venue.submit(limit('BUY', '101', '0.1'), 5).find((r) => r.kind === 'fill' && r.liquidity === 'MAKER');
    assert.equal(fill?.orderId, b.orderId);
    assert.deepEqual(kinds(venue.amend(SYM, '42', f('101'), f('1'), 6)), ['amendRejected']);
  });

  it('cancels a resting order once; the second cancel reports nothing', () => {
    const venue = new SimVenue(newSimVenueState('BINANCE'));
    const order = limit('BUY', '100', '1');
    venue.submit(order, 1);
    assert.deepEqual(kinds(venue.cancel(SYM, order.orderId, 2)), ['cancelled:USER']);
    assert.deepEqual(venue.cancel(SYM, order.orderId, 3), []);
    assert.equal(venue.top(SYM).bid, undefined);
  });

  it('survives a snapshot: the rebuilt book keeps prices and time priority', () => {
    const state = newSimVenueState('BINANCE');
    const venue = new SimVenue(state);
    const a = limit('SELL', '101', '1');
    const b = limit('SELL', '101', '1');
    venue.submit(b, 1);
    venue.submit(a, 1);
    venue.amend(SYM, b.orderId, f('101'), f('0.5'), 2);
    const restored = new SimVenue(decode<SimVenueState>(encode(state)));
    assert.deepEqual(restored.depth(SYM, 5), venue.depth(SYM, 5));
    const makers = restored.submit(limit('BUY', '101', '1.5'), 3).filter((r) => r.kind === 'fill' && r.liquidity === 'MAKER');
    assert.deepEqual(makers.map((r) => r.orderId), [b.orderId, a.orderId]);
  });
});
