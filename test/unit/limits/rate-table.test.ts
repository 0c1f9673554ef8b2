import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { limitFor, parseRateOverrides, RATE_GROUPS, type RateOverrides } from '../../../src/limits/rate-table.ts';

const MAIN = '1700000000000000';
const SUB = '1700000000000001';

describe('rate table (connex-api.md §3, decisions G1)', () => {
  it('gives main-portfolio keys and sub-portfolio keys their own values', () => {
    assert.deepEqual(limitFor('orderWrite', true, MAIN, {}), [1200, 60_000]);
    assert.deepEqual(limitFor('orderWrite', false, SUB, {}), [20, 10_000]);
    assert.deepEqual(limitFor('portfolioManage', true, MAIN, {}), [3, 10_000]);
    assert.deepEqual(limitFor('positionsClose', false, SUB, {}), [4, 10_000]);
    assert.deepEqual(limitFor('accountRead', true, MAIN, {}), [2, 1_000]);
  });

  it('carries the reference values of §3', () => {
    const expected: Record<string, [number, number]> = {
      cancelAll: [50, 10_000],
      executions: [5, 10_000],
      positionRead: [150, 60_000],
      positionClose: [25, 10_000],
      positionMode: [50, 10_000],
      maxLeverage: [5, 1_000],
      positionBracket: [3, 10_000],
      portfolioAssets: [20, 1_000],
      fundingAccount: [3, 10_000],
      statement: [100, 60_000],
      userFeeRate: [3, 10_000],
      algo: [3, 10_000],
      algoCancelAll: [50, 10_000],
      wsLogin: [1, 1_000],
      wsReplace: [300, 60_000],
    };
    for (const [group, limit] of Object.entries(expected)) {
      assert.deepEqual(RATE_GROUPS[group as keyof typeof RATE_GROUPS].main, limit, group);
      assert.deepEqual(RATE_GROUPS[group as keyof typeof RATE_GROUPS].sub, limit, group);
    }
  });

  it('an override for the portfolio beats one for every portfolio, which beats the table', () => {
    const overrides: RateOverrides = { '*': { orderWrite: [100, 1_000], executions: [50, 1_000] }, [SUB]: { orderWrite: [7, 2_000] } };
    assert.deepEqual(limitFor('orderWrite', false, SUB, overrides), [7, 2_000]);
    assert.deepEqual(limitFor('orderWrite', true, MAIN, overrides), [100, 1_000]);
    assert.deepEqual(limitFor('executions', false, SUB, overrides), [50, 1_000]);
    assert.deepEqual(limitFor('cancelAll', false, SUB, overrides), [50, 10_000]);
  });

  it('reads RATE_LIMITS and refuses a malformed one at start-up', () => {
    assert.deepEqual(parseRateOverrides('{"*":{"orderWrite":[5,1000]},"1700000000000001":{}}'), { '*': { orderWrite: [5, 1000] }, '1700000000000001': {} });
    for (const text of ['[]', '{"*":[1,2]}', '{"*":{"noSuchGroup":[1,1000]}}', '{"*":{"orderWrite":[0,1000]}}', '{"*":{"orderWrite":[1.5,1000]}}', '{"*":{"orderWrite":[1]}}', '{"*":{"orderWrite":"1/1000"}}', 'not json']) {
      assert.throws(() => parseRateOverrides(text), Error, text);
    }
  });
});
