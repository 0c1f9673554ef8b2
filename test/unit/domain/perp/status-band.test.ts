/** The bands within which an account's status cannot change: slack, sensitivity, and the bands they make. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatFixed, parseFixed, type Fixed, type Unit } from '../../../../src/domain/money.ts';
import { DEFAULT_THRESHOLDS, liquidationPrice, positionSensitivity, statusBands, statusSlack } from '../../../../src/domain/perp/index.ts';
import { BTCUSDT } from './tables.ts';

const F = <U extends Unit>(text: string): Fixed<U> => parseFixed<U>(text)!;
/** The rounding margin statusSlack keeps (10^-9). */
const MARGIN = 10n ** 9n;

describe('status bands (issue 9 item 10)', () => {
  it('slack is the smallest distance of a guard from its boundary: validMargin − k·MM for k 1.5, 1.25, 1.05, and equity', () => {
    // MM 1 000: guards 10 000 − 1 500, − 1 250, − 1 050, equity 12 000 → 8 500
    assert.equal(statusSlack(F('10000'), F('1000'), F('12000'), DEFAULT_THRESHOLDS), F<'amount'>('8500') - MARGIN);
    // uniMMR 1.3: 200 from MARGIN_CALL below (1 300 − 1 500), 50 above CANCEL_OPEN
    assert.equal(statusSlack(F('1300'), F('1000'), F('1400'), DEFAULT_THRESHOLDS), F<'amount'>('50') - MARGIN);
    // equity almost gone: 10 from TAKEOVER
    assert.equal(statusSlack(F('-500'), F('1000'), F('10'), DEFAULT_THRESHOLDS), F<'amount'>('10') - MARGIN);
    assert.equal(statusSlack(F('1500'), F('1000'), F('2000'), DEFAULT_THRESHOLDS), 0n, 'at a boundary: no slack');
  });

  it('a position moves its guards by |q|·(1 + 1.5·mmr) per unit of mark, mmr of the tier its notional reaches 25 % higher', () => {
    assert.equal(formatFixed(positionSensitivity(BTCUSDT, F('1'), F('1'), F('100000'), DEFAULT_THRESHOLDS)), '1.006');
    // 2 BTC short at 100 000: 250 000 at +25 %, still tier 1; 3 BTC: 375 000, tier 2 (0.5 %)
    assert.equal(formatFixed(positionSensitivity(BTCUSDT, F('-2'), F('-2'), F('100000'), DEFAULT_THRESHOLDS)), '2.012');
    assert.equal(formatFixed(positionSensitivity(BTCUSDT, F('3'), F('3'), F('100000'), DEFAULT_THRESHOLDS)), '3.0225');
  });

  it('one long of 1 BTC @ 100 000 with 10 000 of margin: the band stops short of the mark where MARGIN_CALL starts, within 0.2 %', () => {
    const slack = statusSlack(F('10000'), F('400'), F('10000'), DEFAULT_THRESHOLDS);
    const [band] = statusBands(slack, [{ key: 'mark', price: F('100000'), sensitivity: positionSensitivity(BTCUSDT, F('1'), F('1'), F('100000'), DEFAULT_THRESHOLDS) }]);
    const marginCall = liquidationPrice({ validMargin: F('10000'), otherMaintenance: F('0'), legs: [{ baseQty: F('1'), exposureSize: F('1') }], mark: F('100000'), table: BTCUSDT, threshold: DEFAULT_THRESHOLDS.marginCall })!;
    assert.ok(band.low > marginCall, `${formatFixed(band.low)} > ${formatFixed(marginCall)}`);
    assert.ok(band.low - marginCall < F<'price'>('181'), `${formatFixed(band.low)} within 0.2 % of ${formatFixed(marginCall)}`);
    assert.equal(band.high - F<'price'>('100000'), F<'price'>('100000') - band.low, 'symmetric');
  });

  it('the prices of one account share its slack equally; exposures of one price add up; no band is wider than 25 %', () => {
    const exposures = [
      { key: 'mark:A', price: F<'price'>('100'), sensitivity: F<'qty'>('1') },
      { key: 'index:BTC', price: F<'price'>('50000'), sensitivity: F<'qty'>('0.01') },
      { key: 'mark:A', price: F<'price'>('100'), sensitivity: F<'qty'>('2') },
      { key: 'index:USDT', price: F<'price'>('1'), sensitivity: F<'qty'>('0') },
    ];
    const text = (slack: string) => statusBands(F(slack), exposures).map((b) => `${b.key} ${formatFixed(b.low)}–${formatFixed(b.high)}`);
    // 60 over two prices: 30 each; mark:A moves its guards by 3 a unit (±10), BTC by 0.01 (±3 000)
    assert.deepEqual(text('60'), ['mark:A 90–110', 'index:BTC 47000–53000']);
    assert.deepEqual(text('3000'), ['mark:A 75–125', 'index:BTC 37500–62500']);
  });
});
