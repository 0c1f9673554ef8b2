import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JsonSyntaxError, parseJsonText } from '../../../src/wire/json-text.ts';

describe('json-text', () => {
  it('keeps numbers as the text the client sent', () => {
    assert.deepEqual({ ...(parseJsonText('{"amount": 1500.50, "id": 1704269773524000123, "ok": true, "n": null, "list": [1, "a"]}') as object) }, {
      amount: '1500.50',
      id: '1704269773524000123',
      ok: true,
      n: null,
      list: ['1', 'a'],
    });
  });

  it('builds objects without a prototype, so "__proto__" is just a key', () => {
    const parsed = parseJsonText('{"__proto__": {"polluted": "yes"}}') as Record<string, unknown>;
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.deepEqual({ ...(parsed.__proto__ as object) }, { polluted: 'yes' });
  });

  it('refuses malformed JSON', () => {
    for (const bad of ['{', '{"a":}', '{"a":1,}', '[1 2]', '{"a":1} x', "{'a':1}", '{"a":01}', '{"a":"\u0001"}']) {
      assert.throws(() => parseJsonText(bad), JsonSyntaxError, bad);
    }
  });

  it('refuses nesting beyond 32 levels', () => {
    assert.throws(() => parseJsonText('['.repeat(40) + ']'.repeat(40)), JsonSyntaxError);
  });
});
