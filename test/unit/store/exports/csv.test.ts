import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { csvLine } from '../../../../src/store/exports/csv.ts';

describe('CSV lines', () => {
  it('writes values as the JSON shows them, quoting only what needs it', () => {
    assert.equal(csvLine(['BTC', '0.1', 1732406400000, true, null, undefined, '']), 'BTC,0.1,1732406400000,true,,,\r\n');
    assert.equal(csvLine(['a,b', 'say "hi"', 'two\nlines', 'cr\r']), '"a,b","say ""hi""","two\nlines","cr\r"\r\n');
  });
});
