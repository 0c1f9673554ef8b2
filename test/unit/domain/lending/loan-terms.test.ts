import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '../../../../src/catalogue/index.ts';
import { loanTerms, loanTermsOf, loanTierOf, maxMarginLeverage, tierCap } from '../../../../src/domain/lending/index.ts';
import { parseFixed, type Amount } from '../../../../src/domain/money.ts';

const amount = (text: string): Amount => parseFixed<'amount'>(text)!;

describe('loan terms (research-perps.md §3)', () => {
  const btc = loanTerms('BINANCE', 'BTC');

  it('tiers run on from each other, from 0', () => {
    assert.deepEqual(btc.tiers.map((t) => [t.tier, t.minSize, t.maxSize]), [[1, amount('0'), amount('10')], [2, amount('10'), amount('50')], [3, amount('50'), amount('100')]]);
  });

  it('a leverage may owe up to the largest tier whose maxLeverage is at least that leverage', () => {
    assert.equal(maxMarginLeverage(btc), 10);
    assert.equal(tierCap(btc, 10), amount('10'));
    assert.equal(tierCap(btc, 6), amount('10'));
    assert.equal(tierCap(btc, 5), amount('50'));
    assert.equal(tierCap(btc, 1), amount('100'));
  });

  it('a debt falls in the tier of its size (the last beyond the table)', () => {
    assert.equal(loanTierOf(btc, amount('9.99')).tier, 1);
    assert.equal(loanTierOf(btc, amount('10')).tier, 2);
    assert.equal(loanTierOf(btc, amount('500')).tier, 3);
  });

  it('a coin the venue does not lend is 401087', () => {
    assert.throws(() => loanTerms('OKX', 'TRX'), (error) => error instanceof ApiError && error.code === 401087);
    assert.ok(loanTermsOf('OKX').every((t) => t.coin !== 'TRX'));
  });
});
