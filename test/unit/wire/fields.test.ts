import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError } from '../../../src/catalogue/index.ts';
import { check, decimal, flag, group, integer, list, oneOf, page, text, writtenDecimal, type FieldSpec } from '../../../src/wire/field-spec.ts';
import { Fields, type Params } from '../../../src/wire/fields.ts';

/** The code a read answers, or the values it read. */
function read(spec: FieldSpec, params: Params, context?: unknown): number | Record<string, unknown> {
  try {
    return new Fields(params).read(spec, context);
  } catch (error) {
    if (error instanceof ApiError) return error.code;
    throw error;
  }
}

describe('declared fields: read in their order, each with its code', () => {
  const spec = {
    sym: text({ missing: 400009, pattern: /^[A-Z_]+$/, invalid: 400000 }),
    side: oneOf(['BUY', 'SELL'] as const, { missing: 400009, invalid: 401002 }),
    qty: writtenDecimal(401005),
  };

  it('the first bad field in the declared order decides the code, whatever the order sent', () => {
    assert.equal(read(spec, { qty: 'x', side: 'UP', sym: 'btc' }), 400000);
    assert.equal(read(spec, { qty: 'x', side: 'UP', sym: 'BTC' }), 401002);
    assert.equal(read(spec, { qty: 'x', side: 'BUY', sym: 'BTC' }), 401005);
    assert.equal(read(spec, { qty: '1', side: 'BUY' }), 400009);
    assert.deepEqual(read(spec, { sym: 'BTC', side: 'SELL', qty: '0.50' }), { sym: 'BTC', side: 'SELL', qty: { value: 500_000_000_000_000_000n, decimals: 2 } });
  });

  it('a parameter the spec does not name is refused after every field, with the reader’s code', () => {
    assert.equal(read(spec, { sym: 'BTC', side: 'UP', colour: 'red' }), 401002);
    assert.equal(read(spec, { sym: 'BTC', side: 'BUY', colour: 'red' }), 400000);
    assert.throws(() => new Fields({ colour: 'red' }, 601001).read({}), (error: ApiError) => error.code === 601001);
    assert.deepEqual(read(spec, { sym: 'BTC', side: 'BUY', colour: undefined }), { sym: 'BTC', side: 'BUY', qty: undefined });
  });

  it('a check runs at its place and sees the values before it and the reader’s context', () => {
    const seen: unknown[] = [];
    const checked = {
      a: integer(),
      both: check([400004], 'a below b', (values: { a?: number; b?: number }, context: string) => {
        seen.push([values.a, values.b, context]);
        if (values.a === 5) throw new ApiError(400004);
        return 'ok';
      }),
      b: integer({ invalid: 400007 }),
    };
    assert.deepEqual(read(checked, { a: '1', b: '2' }, 'ctx'), { a: 1, both: 'ok', b: 2 });
    assert.deepEqual(seen, [[1, undefined, 'ctx']]);
    assert.equal(read(checked, { a: '5', b: 'x' }), 400004, 'the check comes before b');
  });

  it('text: too long, pattern, all-digit text of the wrong shape, not text', () => {
    const orderId = { orderId: text({ pattern: /^\d{16}$/, invalid: 401020, invalidDigits: 401007, wrongType: 400000, maxLength: 20, tooLong: 401001 }) };
    assert.equal(read(orderId, { orderId: '123' }), 401007);
    assert.equal(read(orderId, { orderId: 'abc' }), 401020);
    assert.equal(read(orderId, { orderId: '1'.repeat(21) }), 401001);
    assert.equal(read(orderId, { orderId: true }), 400000);
    assert.deepEqual(read(orderId, { orderId: '' }), { orderId: undefined }, 'empty text is absent');
    assert.equal(read({ name: text({ invalid: 401051 }) }, { name: ['a'] }), 401051, 'not text: invalid by default');
  });

  it('oneOf reads its alias only when the field itself is not sent; both sent → the alias is unknown', () => {
    const venue = { exchangeType: oneOf(['BINANCE', 'OKX'] as const, { invalid: 401023, alias: 'exchange' }) };
    assert.deepEqual(read(venue, { exchange: 'OKX' }), { exchangeType: 'OKX' });
    assert.deepEqual(read(venue, { exchangeType: 'BINANCE' }), { exchangeType: 'BINANCE' });
    assert.equal(read(venue, { exchange: 'NYSE' }), 401023);
    assert.equal(read(venue, { exchangeType: 'OKX', exchange: 'OKX' }), 400000);
  });

  it('integers, decimals and flags', () => {
    const numbers = { n: integer({ min: 1, max: 9, values: [1, 2, 3] }), d: decimal({ invalid: 403005 }), f: flag({ invalid: 401049, only: false }) };
    assert.deepEqual(read(numbers, { n: '2', d: '1.5', f: false }), { n: 2, d: 1_500_000_000_000_000_000n, f: false });
    assert.equal(read(numbers, { n: '4' }), 400000, 'not one of the values');
    assert.equal(read(numbers, { n: '1.5' }), 400000);
    assert.equal(read(numbers, { d: '1e3' }), 403005);
    assert.equal(read(numbers, { f: 'true' }), 401049, 'the only value accepted is false');
    assert.equal(read(numbers, { f: 'yes' }), 401049);
  });

  it('lists: comma text or array, limits, addresses, an empty value that clears, parsed', () => {
    const ips = { ip: list({ emptyClears: true, maxItems: 2, ip: true, parse: (items) => [...new Set(items)] }) };
    assert.deepEqual(read(ips, { ip: '1.2.3.4, 1.2.3.4,' }), { ip: ['1.2.3.4'] });
    assert.deepEqual(read(ips, { ip: ['::1'] }), { ip: ['::1'] });
    assert.deepEqual(read(ips, { ip: '' }), { ip: [] });
    assert.deepEqual(read(ips, {}), { ip: undefined });
    assert.equal(read(ips, { ip: '1.1.1.1,2.2.2.2,3.3.3.3' }), 400000);
    assert.equal(read(ips, { ip: 'localhost' }), 400000);
    const upper = { p: list({ parse: (items) => (items.every((i) => i === i.toUpperCase()) ? items : null) }) };
    assert.equal(read(upper, { p: 'READ,trade' }), 400000);
  });

  it('page: page or pageNum, pageSize bounded (400002)', () => {
    const paged = { page: page(100, 1000) };
    assert.deepEqual(read(paged, {}), { page: { page: 1, pageSize: 100 } });
    assert.deepEqual(read(paged, { pageNum: '3', pageSize: '10' }), { page: { page: 3, pageSize: 10 } });
    assert.deepEqual(read(paged, { page: '2', pageNum: '9' }), { page: { page: 2, pageSize: 100 } });
    assert.equal(read(paged, { pageSize: '1001' }), 400002);
    assert.equal(read(paged, { page: '0' }), 400000);
  });

  it('a group is read, in its order, only when one of its fields is sent; its fields are known parameters', () => {
    const grouped = { sym: text(), legs: group({ tp: decimal({ invalid: 401215 }), tpType: oneOf(['LAST', 'MARK'] as const, { invalid: 401216 }) }) };
    assert.deepEqual(read(grouped, { sym: 'BTC' }), { sym: 'BTC', legs: undefined });
    assert.deepEqual(read(grouped, { sym: 'BTC', tpType: 'MARK' }), { sym: 'BTC', legs: { tp: undefined, tpType: 'MARK' } });
    assert.equal(read(grouped, { tp: 'x', tpType: 'INDEX' }), 401215);
    assert.equal(read(grouped, { tpType: 'INDEX' }), 401216);
    assert.equal(read(grouped, { sym: 'BTC', tp: '1', colour: 'red' }), 400000);
  });
});
