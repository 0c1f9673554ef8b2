/** The price-sorted trigger book (domain/algo): a price takes exactly the triggers it reached, nearest first, in a deterministic order. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { arm, directionOf, disarm, emptyTriggerBook, isEmptyBook, reached, takeReached, withinMarkBand, type ArmedTrigger, type Direction } from '../../../../src/domain/algo/index.ts';
import { fromInt, type Price } from '../../../../src/domain/money.ts';
import { newRng, nextInt } from '../../../../src/venues/sim/random/rng.ts';

const price = (n: number) => fromInt<'price'>(n);
const trigger = (n: number, id: string): ArmedTrigger => ({ triggerPrice: price(n), algoOrderId: id, leg: 'SL' });

describe('trigger book', () => {
  it('takes the UP triggers at or below the price (lowest first) and the DOWN ones at or above it (highest first); ties in the order armed', () => {
    const book = emptyTriggerBook();
    arm(book, 'UP', trigger(105, 'a'));
    arm(book, 'UP', trigger(101, 'b'));
    arm(book, 'UP', trigger(101, 'c'));
    arm(book, 'DOWN', trigger(95, 'd'));
    arm(book, 'DOWN', trigger(99, 'e'));
    assert.deepEqual(takeReached(book, price(100)), []);
    assert.deepEqual(takeReached(book, price(102)).map((t) => t.algoOrderId), ['b', 'c']);
    assert.deepEqual(takeReached(book, price(96)).map((t) => t.algoOrderId), ['e']);
    disarm(book, 'a');
    assert.deepEqual(takeReached(book, price(200)).map((t) => t.algoOrderId), []);
    assert.deepEqual(takeReached(book, price(1)).map((t) => t.algoOrderId), ['d']);
    assert.ok(isEmptyBook(book));
  });

  it('equals a brute-force scan of every trigger over seeded random arms, disarms and prices', () => {
    const rng = newRng(12);
    const book = emptyTriggerBook();
    let all: { direction: Direction; trigger: ArmedTrigger }[] = [];
    for (let step = 0; step < 5000; step++) {
      const roll = nextInt(rng, 10);
      if (roll < 6) {
        const direction: Direction = nextInt(rng, 2) === 0 ? 'UP' : 'DOWN';
        const armed = trigger(900 + nextInt(rng, 200), `t${step}`);
        arm(book, direction, armed);
        all.push({ direction, trigger: armed });
      } else if (roll < 7 && all.length > 0) {
        const gone = all[nextInt(rng, all.length)].trigger.algoOrderId;
        disarm(book, gone);
        all = all.filter((entry) => entry.trigger.algoOrderId !== gone);
      } else {
        const at: Price = price(900 + nextInt(rng, 200));
        const expected = all.filter((entry) => reached(entry.direction, entry.trigger.triggerPrice, at));
        const taken = takeReached(book, at);
        assert.deepEqual(new Set(taken.map((t) => t.algoOrderId)), new Set(expected.map((entry) => entry.trigger.algoOrderId)), `step ${step}`);
        all = all.filter((entry) => !expected.includes(entry));
      }
    }
  });
});

describe('when a leg fires (decisions M1)', () => {
  it('TP above and SL below for a SELL (closing a long), the other way round for a BUY; a conditional leg from where the price is', () => {
    assert.equal(directionOf('TP', 'SELL', price(110), price(100)), 'UP');
    assert.equal(directionOf('SL', 'SELL', price(90), price(100)), 'DOWN');
    assert.equal(directionOf('TP', 'BUY', price(90), price(100)), 'DOWN');
    assert.equal(directionOf('SL', 'BUY', price(110), price(100)), 'UP');
    assert.equal(directionOf('CONDITIONAL', 'BUY', price(110), price(100)), 'UP');
    assert.equal(directionOf('CONDITIONAL', 'BUY', price(90), price(100)), 'DOWN');
  });

  it('a trigger within ±15 % of the mark, edges included', () => {
    assert.ok(withinMarkBand(price(115), price(100)));
    assert.ok(withinMarkBand(price(85), price(100)));
    assert.ok(!withinMarkBand(fromInt<'price'>(11501n) as Price, price(10000)));
    assert.ok(!withinMarkBand(price(84), price(100)));
  });
});
