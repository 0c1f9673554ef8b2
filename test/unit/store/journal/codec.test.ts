import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decode, encode } from '../../../../src/store/journal/codec.ts';

/** What the codec's text must equal: JSON.stringify with the tagging replacer. */
function reference(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'bigint') return { $n: v.toString() };
    if (v instanceof Map) return { $m: [...v.entries()] };
    return v;
  });
}

const sample = {
  ids: { lastMs: 1795565826444, seq: 3 },
  amounts: [0n, -5n, 10n ** 30n],
  text: 'quote " and \\ backslash, \u2028 and 日本',
  nested: new Map<string, unknown>([
    ['a', { available: 1500500000000000000000n, frozen: 0n, list: [1, undefined, null, true] }],
    ['b', new Map([[1, 'x']])],
  ]),
  skipped: undefined,
  numbers: [0, -0, 1.5, 1e21, -3, Number.NaN, Number.POSITIVE_INFINITY],
  2: 'integer-like key comes first',
  empty: {},
  emptyList: [],
  date: new Date(0),
  plainMap: new Map<unknown, unknown>([
    ['k"1\u2028', { text: 'x\\"', nan: Number.NaN, zero: -0, big: 1e21, gone: undefined, none: null, yes: true }],
    [7, 'seven'],
    ['when', new Date(0)],
  ]),
  plainRecord: { text: 'only "plain" values', count: -0, flag: false, gone: undefined },
};

describe('codec', () => {
  it('writes exactly the text of JSON.stringify with bigints and Maps tagged', () => {
    assert.equal(encode(sample), reference(sample));
  });

  it('round-trips bigints and Maps', () => {
    const value = { balance: 123456789012345678901234567890n, byCoin: new Map([['BTC', { available: 1n }]]) };
    assert.deepEqual(decode(encode(value)), value);
  });

  it('restores bigints and Maps at any depth, in arrays and as Map keys, and leaves objects that only look tagged', () => {
    const value = {
      rows: [[-7n, new Map([[3n, [new Map([['deep', { at: 10n ** 25n }]])]]])], null, 'text'],
      empty: new Map(),
      lookalikes: { a: { $n: '5', other: 1 }, b: { $m: [], other: 1 }, c: { $n: 5 }, d: { $m: 'x' } },
    };
    const text = encode(value);
    assert.deepEqual(decode(text), value);
    assert.equal(encode(decode(text)), text);
  });
});
