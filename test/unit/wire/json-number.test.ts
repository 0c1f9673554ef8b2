/** JSON numbers of exact decimal text (connex-api.md §1.5), never through a JS number. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseFixed } from '../../../src/domain/money.ts';
import { decimalNumber, JsonNumber, wireJson } from '../../../src/wire/json-number.ts';

describe('wireJson', () => {
  it('writes a JsonNumber as the bare number of its exact text, 18 decimals and 30 digits included', () => {
    const answer = { amount: decimalNumber(parseFixed('1234.5')!), fee: decimalNumber(parseFixed('0.000000000000000001')!), big: new JsonNumber('123456789012345678901234567890'), owed: decimalNumber(parseFixed('-7')!) };
    assert.equal(wireJson(answer), '{"amount":1234.5,"fee":0.000000000000000001,"big":123456789012345678901234567890,"owed":-7}');
  });

  it('leaves every string alone, one holding the mark included, and writes plain JSON as JSON.stringify does', () => {
    const value = { name: '\uE000123\uE000', text: 'a"b', list: [1, '2', null] };
    assert.equal(wireJson(value), JSON.stringify(value));
    assert.equal(JSON.parse(wireJson(value)).name, '\uE000123\uE000');
  });
});
