/** Mark-up values as the wire writes them, the rates they make, and effDate days (connex-api.md §4.9). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '../../../../src/catalogue/index.ts';
import { formatEffDate, markedUp, nextFullHour, parseEffDate, parseMarkup, startOfDay, type ChgType } from '../../../../src/domain/broker/index.ts';
import { formatFixed, parseFixed, type Rate } from '../../../../src/domain/money.ts';

const rate = (text: string): Rate => parseFixed<'rate'>(text)!;

function codeOf(run: () => unknown): number | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    assert.ok(error instanceof ApiError);
    return error.code;
  }
}

describe('parseMarkup', () => {
  const cases: [ChgType, string, number | undefined][] = [
    ['ABSOLUTE', '0', undefined],
    ['ABSOLUTE', '1000', undefined],
    ['ABSOLUTE', '12.34', undefined],
    ['ABSOLUTE', '12.340', undefined],
    ['ABSOLUTE', '1000.01', 406003],
    ['ABSOLUTE', '-1', 406003],
    ['ABSOLUTE', '0.001', 406004],
    ['ABSOLUTE', 'abc', 406005],
    ['ABSOLUTE', '1e3', 406005],
    ['PERCENTAGE', '10000', undefined],
    ['PERCENTAGE', '10001', 406006],
    ['PERCENTAGE', '-5', 406006],
    ['PERCENTAGE', '2.5', 406007],
    ['PERCENTAGE', '', 406008],
  ];
  for (const [chgType, text, code] of cases) {
    it(`${chgType} ${JSON.stringify(text)} → ${code ?? 'accepted'}`, () => assert.equal(codeOf(() => parseMarkup(chgType, text)), code));
  }
});

describe('markedUp', () => {
  it('ABSOLUTE adds basis points of the notional, PERCENTAGE a percentage of the venue rate, none adds nothing', () => {
    assert.equal(formatFixed(markedUp(rate('0.001'), parseMarkup('ABSOLUTE', '2.5'))), '0.00125');
    assert.equal(formatFixed(markedUp(rate('0.001'), parseMarkup('ABSOLUTE', '0.01'))), '0.001001');
    assert.equal(formatFixed(markedUp(rate('0.0005'), parseMarkup('PERCENTAGE', '50'))), '0.00075');
    assert.equal(formatFixed(markedUp(rate('0.0002'), parseMarkup('PERCENTAGE', '10000'))), '0.0202');
    assert.equal(markedUp(rate('0.0002'), null), rate('0.0002'));
  });
});

describe('effDate', () => {
  it('a yyyyMMdd day is its 00:00 UTC; anything else is no day', () => {
    assert.equal(parseEffDate('20261231'), Date.UTC(2026, 11, 31));
    assert.equal(parseEffDate('20240229'), Date.UTC(2024, 1, 29));
    for (const text of ['20250229', '20261301', '2026-12-31', '2026123', '202612311', 'abcdefgh']) assert.equal(parseEffDate(text), null, text);
    assert.equal(formatEffDate(Date.UTC(2026, 0, 5, 23, 59)), '20260105');
  });

  it('the next full hour is strictly after, the day starts at 00:00 UTC', () => {
    assert.equal(nextFullHour(Date.UTC(2026, 0, 5, 9, 20)), Date.UTC(2026, 0, 5, 10));
    assert.equal(nextFullHour(Date.UTC(2026, 0, 5, 10)), Date.UTC(2026, 0, 5, 11));
    assert.equal(startOfDay(Date.UTC(2026, 0, 5, 9, 20)), Date.UTC(2026, 0, 5));
  });
});
