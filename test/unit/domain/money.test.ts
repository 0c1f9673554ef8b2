import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decimalsOf, div, formatFixed, formatFixedTo, isMultipleOf, mul, mulDiv, parseFixed, roundTo, roundToStep, type Rate } from '../../../src/domain/money.ts';

/** Plain numbers: the arithmetic here is unit-free (test/unit/domain/money-types.test.ts checks the units). */
const f = (text: string): Rate => parseFixed(text)!;

describe('money', () => {
  it('parses and formats decimals exactly, without exponent or trailing zeros', () => {
    for (const [input, output] of [
      ['0', '0'],
      ['65000.10', '65000.1'],
      ['-0.5', '-0.5'],
      ['0.000000000000000001', '0.000000000000000001'],
      ['123456789012345678901234567890', '123456789012345678901234567890'],
      ['1.100000', '1.1'],
    ]) {
      assert.equal(formatFixed(f(input)), output);
    }
  });

  it('refuses what is not a plain decimal of at most 18 places', () => {
    for (const bad of ['', '1e5', '1.', '.5', '+1', '0x10', '1,5', ' 1', 'NaN', '1.0000000000000000001']) assert.equal(parseFixed(bad), null, bad);
  });

  it('counts written decimals', () => {
    assert.equal(decimalsOf('1.50'), 2);
    assert.equal(decimalsOf('7'), 0);
    assert.equal(decimalsOf('abc'), -1);
  });

  it('multiplies and divides with explicit rounding', () => {
    assert.equal(formatFixed(mul(f('0.1'), f('0.2'))), '0.02');
    assert.equal(formatFixed(div(f('1'), f('3'), 'down')), '0.333333333333333333');
    assert.equal(formatFixed(div(f('1'), f('3'), 'up')), '0.333333333333333334');
    assert.equal(formatFixed(div(f('2'), f('3'), 'halfUp')), '0.666666666666666667');
    assert.equal(formatFixed(div(f('-1'), f('3'), 'up')), '-0.333333333333333334');
    assert.equal(formatFixed(mulDiv(f('65000.1'), f('0.002'), f('1'), 'down')), '130.0002');
  });

  it('rounds to steps and checks multiples', () => {
    assert.equal(formatFixed(roundToStep(f('65000.17'), f('0.1'), 'down')), '65000.1');
    assert.equal(formatFixed(roundToStep(f('65000.11'), f('0.1'), 'up')), '65000.2');
    assert.equal(isMultipleOf(f('0.003'), f('0.001')), true);
    assert.equal(isMultipleOf(f('0.0035'), f('0.001')), false);
    assert.equal(formatFixedTo(f('1.5'), 4), '1.5000');
  });

  it('rounds to decimal places each way, negatives away from or toward zero, and refuses places it has no step for', () => {
    assert.equal(formatFixed(roundTo(f('95000.123456785'), 8, 'halfUp')), '95000.12345679');
    assert.equal(formatFixed(roundTo(f('95000.123456784'), 8, 'halfUp')), '95000.12345678');
    assert.equal(formatFixed(roundTo(f('-1.005'), 2, 'halfUp')), '-1.01');
    assert.equal(formatFixed(roundTo(f('-1.004'), 2, 'halfUp')), '-1');
    assert.equal(formatFixed(roundTo(f('1.001'), 2, 'up')), '1.01');
    assert.equal(formatFixed(roundTo(f('-1.001'), 2, 'up')), '-1.01');
    assert.equal(formatFixed(roundTo(f('-1.009'), 2, 'down')), '-1');
    assert.equal(formatFixed(roundTo(f('1.5'), 0, 'halfUp')), '2');
    assert.equal(formatFixed(roundTo(f('0.000000000000000001'), 18, 'up')), '0.000000000000000001');
    assert.throws(() => roundTo(f('1'), 19, 'down'), RangeError);
    assert.throws(() => roundTo(f('1'), 2.5, 'down'), RangeError);
  });
});
