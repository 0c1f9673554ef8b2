import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { ApiError, MESSAGES } from '../../../src/catalogue/index.ts';

const specFile = fileURLToPath(new URL('../../../../shared/spec/error-codes.txt', import.meta.url));

describe('error catalogue', () => {
  it('holds every code of spec/error-codes.txt with its exact message', { skip: !existsSync(specFile) && 'shared/ not beside the repo' }, () => {
    const rows = readFileSync(specFile, 'utf8')
      .split('\n')
      .map((line) => /^(\d+) \| (.*) \|$/.exec(line))
      .filter((m) => m !== null)
      .map((m) => [Number(m![1]), m![2]] as const);
    assert.equal(rows.length, 252);
    const table = Object.entries(MESSAGES).map(([code, message]): [number, string] => [Number(code), message]);
    const byCode = (a: readonly [number, string], b: readonly [number, string]) => a[0] - b[0];
    assert.deepEqual(table.sort(byCode), [...rows].sort(byCode));
  });

  it('fills %s placeholders in order', () => {
    const error = new ApiError(401068, 'BTC', 'sell', '1', 'BTC', '65000');
    assert.equal(error.message, 'Due to an order with a better price, BTC reduce only order to sell 1 BTC at 65000 was cancelled');
    assert.equal(error.code, 401068);
  });
});
